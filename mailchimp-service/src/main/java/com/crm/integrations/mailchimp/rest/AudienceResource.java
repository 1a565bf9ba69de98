package com.crm.integrations.mailchimp.rest;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.crm.integrations.common.problem.InvalidInputException;
import com.crm.integrations.common.security.CallerContext;
import com.crm.integrations.common.security.Roles;
import com.crm.integrations.mailchimp.repository.LinkRows;
import com.crm.integrations.mailchimp.service.AudienceLinks;
import com.crm.integrations.mailchimp.service.AudienceReconciler;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

@Path("/mailchimp/audiences")
@Tag(name = "Mailchimp audiences")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AudienceResource {

    /** Mailchimp's audience ids: 10 lower-case letters or digits. */
    static final String AUDIENCE_ID = "^[a-z0-9]{10}$";
    private static final String AUDIENCE_ID_MESSAGE = "must be a Mailchimp audience id: 10 lowercase letters or digits";

    private final AudienceLinks links;
    private final LinkRows rows;
    private final CallerContext caller;
    private final AudienceReconciler reconciler;

    public AudienceResource(AudienceLinks links, LinkRows rows, CallerContext caller, AudienceReconciler reconciler) {
        this.links = links;
        this.reconciler = reconciler;
        this.rows = rows;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "The tenant's linked audiences, with members by status and the webhook's health")
    @APIResponse(responseCode = "200", description = "Every linked audience of the caller's tenant")
    public Uni<List<AudienceView>> listAudiences() {
        return caller.current().chain(who -> links.list(who.requireTenant().value()))
                .chain(found -> Multi.createFrom().iterable(found)
                        .onItem().transformToUniAndConcatenate(link -> rows.figures(link.id()).map(figures -> AudienceView.of(link, figures)))
                        .collect().asList());
    }

    @GET
    @Path("{audienceId}")
    @Operation(summary = "One linked audience")
    @APIResponse(responseCode = "200", description = "The audience")
    @APIResponse(responseCode = "404", description = "The tenant has not linked it")
    public Uni<AudienceView> getAudience(@PathParam("audienceId") @Pattern(regexp = AUDIENCE_ID, message = AUDIENCE_ID_MESSAGE) String audienceId) {
        return caller.current().chain(who -> links.find(who.requireTenant().value(), audienceId))
                .chain(link -> rows.figures(link.id()).map(figures -> AudienceView.of(link, figures)));
    }

    @PUT
    @Path("{audienceId}/link")
    @RolesAllowed(Roles.TENANT_ADMIN)
    @Operation(summary = "Link a Mailchimp audience through one of the tenant's Mailchimp connections (tenant admins)",
            description = "Registers our webhook at Mailchimp (subscribe, unsubscribe, profile, upemail, cleaned, campaign; sources "
                    + "user and admin, not api) and imports the audience's members. Linked already: the same connection is a no-op, "
                    + "another one moves the link to it (and resumes a paused link).")
    @APIResponse(responseCode = "201", description = "Linked; the members import runs")
    @APIResponse(responseCode = "200", description = "Linked already (kept, or moved to this connection)")
    @APIResponse(responseCode = "409", description = "The connection cannot be used until it is reconnected, or Mailchimp refuses its credentials")
    @APIResponse(responseCode = "422", description = "No such connection of the tenant, not a Mailchimp connection, or no such audience in its account")
    @APIResponse(responseCode = "503", description = "Mailchimp or token-service cannot be reached now, or Mailchimp refused the webhook")
    public Uni<Response> link(@PathParam("audienceId") @Pattern(regexp = AUDIENCE_ID, message = AUDIENCE_ID_MESSAGE) String audienceId,
            @Valid @NotNull LinkRequest request) {
        return caller.current().chain(who -> links.link(who, audienceId, request.connectionId()))
                .chain(linked -> rows.figures(linked.link().id()).map(figures -> {
                    AudienceView view = AudienceView.of(linked.link(), figures);
                    return linked.created()
                            ? Response.created(URI.create("/mailchimp/audiences/" + audienceId)).entity(view).build()
                            : Response.ok(view).build();
                }));
    }

    @DELETE
    @Path("{audienceId}/link")
    @RolesAllowed(Roles.TENANT_ADMIN)
    @Operation(summary = "Unlink an audience (tenant admins): its webhook is removed at Mailchimp and the ingress stops taking its posts")
    @APIResponse(responseCode = "200", description = "Unlinked; webhookRemoval says what happened at Mailchimp (removed, already_gone, "
            + "or left_in_place when Mailchimp refused the credentials: its posts are answered 404)")
    @APIResponse(responseCode = "404", description = "The tenant has not linked it")
    @APIResponse(responseCode = "503", description = "Mailchimp cannot be reached now: nothing changed, retry")
    public Uni<Map<String, String>> unlink(@PathParam("audienceId") @Pattern(regexp = AUDIENCE_ID, message = AUDIENCE_ID_MESSAGE) String audienceId) {
        return caller.current().chain(who -> links.unlink(who, audienceId))
                .map(removal -> Map.of("audienceId", audienceId, "webhookRemoval", removal.name().toLowerCase(Locale.ROOT)));
    }

    @POST
    @Path("{audienceId}/webhook/secret-rotations")
    @RolesAllowed(Roles.TENANT_ADMIN)
    @Operation(summary = "Rotate the webhook's URL secret (tenant admins)",
            description = "A new secret is issued and the webhook at Mailchimp moved to the new URL; the previous secret still opens "
                    + "the hook for the overlap (posts Mailchimp retries). No secret is ever returned: only Mailchimp holds the URL.")
    @APIResponse(responseCode = "200", description = "Rotated")
    @APIResponse(responseCode = "404", description = "The tenant has not linked it")
    @APIResponse(responseCode = "409", description = "The webhook is not registered, or Mailchimp refuses the connection's credentials")
    @APIResponse(responseCode = "422", description = "A negative overlap or one over 7 days")
    @APIResponse(responseCode = "503", description = "Mailchimp cannot be reached now, or refused the move: the previous secret stays current")
    public Uni<Map<String, Instant>> rotate(@PathParam("audienceId") @Pattern(regexp = AUDIENCE_ID, message = AUDIENCE_ID_MESSAGE) String audienceId,
            RotationRequest request) {
        Optional<Duration> overlap = Optional.ofNullable(request).map(RotationRequest::overlap);
        if (overlap.isPresent() && (overlap.get().isNegative() || overlap.get().compareTo(Duration.ofDays(7)) > 0)) {
            return Uni.createFrom().failure(new InvalidInputException("overlap: must be between PT0S and P7D"));
        }
        return caller.current().chain(who -> links.rotate(who, audienceId, overlap))
                .map(rotation -> Map.of("rotatedAt", rotation.rotatedAt(), "previousSecretValidUntil", rotation.previousValidUntil()));
    }

    @POST
    @Path("{audienceId}/reconciliations")
    @Consumes(MediaType.WILDCARD) // no body to read: a bare POST is the request
    @RolesAllowed(Roles.TENANT_ADMIN)
    @Operation(summary = "Reconcile the audience now (tenant admins)",
            description = "Reads the members other apps changed through Mailchimp's API since the last reconciliation (the webhook "
                    + "does not report them) and publishes what changed; otherwise it runs once a day per audience.")
    @APIResponse(responseCode = "202", description = "Due now; it runs on the next free replica")
    @APIResponse(responseCode = "404", description = "The tenant has not linked it")
    public Uni<Response> reconcile(@PathParam("audienceId") @Pattern(regexp = AUDIENCE_ID, message = AUDIENCE_ID_MESSAGE) String audienceId) {
        return caller.current().chain(who -> reconciler.requestNow(who.requireTenant().value(), audienceId))
                .map(due -> Response.accepted(Map.of("audienceId", audienceId, "dueAt", due)).build());
    }
}
