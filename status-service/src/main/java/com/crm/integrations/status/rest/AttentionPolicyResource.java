package com.crm.integrations.status.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.crm.integrations.status.AttentionPolicy;
import com.crm.integrations.status.service.AttentionPolicies;
import com.crm.integrations.common.security.CallerContext;
import com.crm.integrations.common.security.Roles;
import com.crm.integrations.common.security.TenantId;
import com.crm.integrations.common.settings.IfMatch;
import com.crm.integrations.common.settings.Versioned;

import io.smallrye.mutiny.Uni;

@Path("/")
@Tag(name = "Attention policy")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AttentionPolicyResource {

    private final AttentionPolicies policies;
    private final CallerContext caller;

    public AttentionPolicyResource(AttentionPolicies policies, CallerContext caller) {
        this.policies = policies;
        this.caller = caller;
    }

    @GET
    @Path("status/attention-policy")
    @Operation(summary = "The caller's tenant's attention policy (defaults until a tenant admin saves some)")
    @APIResponse(responseCode = "200", description = "The settings; the ETag goes back in If-Match to update them")
    public Uni<Response> get() {
        return caller.current()
                .chain(who -> policies.find(who.requireTenant()))
                .map(Versioned::toResponse);
    }

    @PUT
    @Path("status/attention-policy")
    @RolesAllowed(Roles.TENANT_ADMIN)
    @Operation(summary = "Replace the caller's tenant's attention policy (tenant admins)")
    @APIResponse(responseCode = "200", description = "The saved settings and their new ETag")
    @APIResponse(responseCode = "412", description = "If-Match names a version other than the current one")
    @APIResponse(responseCode = "422", description = "A field is out of range or missing")
    public Uni<Response> put(@Valid @NotNull AttentionPolicy body, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return caller.current()
                .chain(who -> policies.save(who.requireTenant(), body, who.subject(), IfMatch.parse(ifMatch)))
                .map(Versioned::toResponse);
    }

    @GET
    @Path("internal/tenants/{tenantId}/status/attention-policy")
    @Operation(summary = "A tenant's attention policy, for sibling services (service token)")
    @APIResponse(responseCode = "200", description = "The settings")
    public Uni<Response> getForTenant(@PathParam("tenantId") @Pattern(regexp = TenantId.PATTERN) String tenantId) {
        return policies.find(new TenantId(tenantId))
                .map(Versioned::toResponse);
    }
}
