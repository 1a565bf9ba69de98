package com.crm.integrations.mailchimp.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.crm.integrations.common.problem.InvalidInputException;
import com.crm.integrations.common.security.CallerContext;
import com.crm.integrations.common.security.Roles;
import com.crm.integrations.mailchimp.service.Deliveries;
import com.crm.integrations.mailchimp.webhook.DeliveryStatus;

import io.smallrye.mutiny.Uni;

@Path("/mailchimp/webhooks/deliveries")
@Tag(name = "Mailchimp webhook deliveries")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.TENANT_ADMIN)
public class DeliveryResource {

    private final Deliveries deliveries;
    private final CallerContext caller;

    public DeliveryResource(Deliveries deliveries, CallerContext caller) {
        this.deliveries = deliveries;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "The tenant's stored webhook posts, in receipt order (tenant admins)",
            description = "Filter by status (e.g. rejected or parked: what was not applied) and audience; page with after = the last id seen.")
    @APIResponse(responseCode = "200", description = "One page")
    @APIResponse(responseCode = "422", description = "An unknown status, a malformed audience id, or after/limit out of range")
    public Uni<List<DeliveryView>> listDeliveries(@QueryParam("status") String status,
            @QueryParam("audienceId") @Pattern(regexp = AudienceResource.AUDIENCE_ID, message = "must be a Mailchimp audience id") String audienceId,
            @QueryParam("after") @DefaultValue("0") @Min(0) long after,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        DeliveryStatus wanted = status == null ? null : DeliveryStatus.of(status).orElseThrow(() -> new InvalidInputException(
                "status: must be one of pending, applied, superseded, stale, rejected, parked, orphaned"));
        return caller.current().chain(who -> deliveries.list(who.requireTenant().value(), wanted, audienceId, after, limit))
                .map(found -> found.stream().map(DeliveryView::of).toList());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One stored webhook post (tenant admins)")
    @APIResponse(responseCode = "200", description = "The delivery")
    @APIResponse(responseCode = "404", description = "No such delivery of the tenant")
    public Uni<DeliveryView> getDelivery(@PathParam("id") @Min(1) long id) {
        return caller.current().chain(who -> deliveries.find(who.requireTenant().value(), id)).map(DeliveryView::of);
    }

    @POST
    @Path("{id}/replays")
    @Operation(summary = "Apply a parked or rejected post again (tenant admins)",
            description = "Parked: tried again from scratch. Rejected: read again with today's rules, tried only if it now reads as applicable. "
                    + "Stale posts are never applied.")
    @APIResponse(responseCode = "200", description = "Back to pending: the processor applies it shortly")
    @APIResponse(responseCode = "404", description = "No such delivery of the tenant")
    @APIResponse(responseCode = "409", description = "Not parked or rejected, still not applicable, or its audience is unlinked")
    public Uni<DeliveryView> replay(@PathParam("id") @Min(1) long id) {
        return caller.current().chain(who -> deliveries.replay(who.requireTenant().value(), id)).map(DeliveryView::of);
    }
}
