package com.crm.integrations.status.rest;

import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.crm.integrations.common.security.CallerContext;
import com.crm.integrations.status.IntegrationsStatus;
import com.crm.integrations.status.service.StatusService;
import com.crm.integrations.status.service.StatusService.Scope;

import io.smallrye.mutiny.Uni;

@Path("/integrations/status")
@Tag(name = "Integration status")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {

    private static final CacheControl REVALIDATE = CacheControl.valueOf("private, no-cache");

    private final StatusService status;
    private final CallerContext caller;

    public StatusResource(StatusService status, CallerContext caller) {
        this.status = status;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Every integration the tenant allows: the caller's connections and the tenant's, or every user's",
            description = "Served from status-service's projection of the siblings' events (docs/status.md). Send the ETag back"
                    + " in If-None-Match to get 304 while nothing changed.")
    @APIResponse(responseCode = "200", description = "The cards, with an ETag",
            content = @Content(schema = @Schema(implementation = IntegrationsStatus.class)))
    @APIResponse(responseCode = "304", description = "If-None-Match names the current ETag: nothing changed")
    @APIResponse(responseCode = "403", description = "scope=tenant asked by someone who is not a tenant admin, or a token without a tenant")
    @APIResponse(responseCode = "422", description = "scope is neither user nor tenant")
    public Uni<Response> get(
            @Parameter(description = "user (default): the caller's own and the tenant's connections; tenant: every user's (tenant admins)")
            @QueryParam("scope") @Pattern(regexp = "user|tenant", message = "must be user or tenant") String scope,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        Scope asked = "tenant".equals(scope) ? Scope.TENANT : Scope.USER;
        return caller.current().chain(who -> status.view(who, asked)).map(view -> {
            if (matches(ifNoneMatch, view.etag())) {
                return Response.notModified(view.etag()).cacheControl(REVALIDATE).build();
            }
            return Response.ok(view.status()).tag(view.etag()).cacheControl(REVALIDATE).build();
        });
    }

    /** Whether an If-None-Match header names this tag (or is {@code *}); weak comparison, as RFC 9110 says for it. */
    static boolean matches(String ifNoneMatch, EntityTag current) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals("\"" + current.getValue() + "\"")) {
                return true;
            }
        }
        return false;
    }
}
