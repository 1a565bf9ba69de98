package com.crm.integrations.calendar.rest;

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

import com.crm.integrations.calendar.CalendarSyncSettings;
import com.crm.integrations.common.security.CallerContext;
import com.crm.integrations.common.security.Roles;
import com.crm.integrations.common.security.TenantId;
import com.crm.integrations.common.settings.IfMatch;
import com.crm.integrations.common.settings.TenantSettingsStore;
import com.crm.integrations.common.settings.Versioned;

import io.smallrye.mutiny.Uni;

@Path("/")
@Tag(name = "Calendar settings")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CalendarSettingsResource {

    private final TenantSettingsStore settings;
    private final CallerContext caller;

    public CalendarSettingsResource(TenantSettingsStore settings, CallerContext caller) {
        this.settings = settings;
        this.caller = caller;
    }

    @GET
    @Path("calendar/settings")
    @Operation(summary = "The caller's tenant's calendar sync settings (defaults until a tenant admin saves some)")
    @APIResponse(responseCode = "200", description = "The settings; the ETag goes back in If-Match to update them")
    public Uni<Response> getSettings() {
        return caller.current()
                .chain(who -> settings.find(who.requireTenant(), CalendarSyncSettings.class, CalendarSyncSettings.DEFAULTS))
                .map(Versioned::toResponse);
    }

    @PUT
    @Path("calendar/settings")
    @RolesAllowed(Roles.TENANT_ADMIN)
    @Operation(summary = "Replace the caller's tenant's calendar sync settings (tenant admins)")
    @APIResponse(responseCode = "200", description = "The saved settings and their new ETag")
    @APIResponse(responseCode = "412", description = "If-Match names a version other than the current one")
    @APIResponse(responseCode = "422", description = "A field is out of range or missing")
    public Uni<Response> putSettings(@Valid @NotNull CalendarSyncSettings body, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return caller.current()
                .chain(who -> settings.save(who.requireTenant(), body, who.subject(), IfMatch.parse(ifMatch)))
                .map(Versioned::toResponse);
    }

    @GET
    @Path("internal/tenants/{tenantId}/calendar/settings")
    @Operation(summary = "A tenant's calendar sync settings, for sibling services (service token)")
    @APIResponse(responseCode = "200", description = "The settings")
    public Uni<Response> getSettingsForTenant(@PathParam("tenantId") @Pattern(regexp = TenantId.PATTERN) String tenantId) {
        return settings.find(new TenantId(tenantId), CalendarSyncSettings.class, CalendarSyncSettings.DEFAULTS)
                .map(Versioned::toResponse);
    }
}
