package com.crm.integrations.token.rest;

import java.time.Instant;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.crm.integrations.token.service.AccessTokenService;
import com.fasterxml.jackson.annotation.JsonInclude;

import io.smallrye.mutiny.Uni;

@Path("/internal/connections")
@Tag(name = "Internal")
@Produces(MediaType.APPLICATION_JSON)
public class InternalTokenResource {

    private final AccessTokenService tokens;

    public InternalTokenResource(AccessTokenService tokens) {
        this.tokens = tokens;
    }

    /** A current access token. */
    @Schema(name = "AccessToken")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AccessTokenView(
            @Schema(description = "The access token (or API key) to call the provider with") String accessToken,
            @Schema(description = "Bearer") String tokenType,
            @Schema(description = "When it expires; absent when it does not (Mailchimp, API keys)") Instant expiresAt,
            @Schema(description = "Mailchimp: the API endpoint of the account's data centre") String apiEndpoint) {
        @Override
        public String toString() {
            return "AccessTokenView[expiresAt=" + expiresAt + "]";
        }
    }

    @GET
    @Path("{id}/access-token")
    @Operation(summary = "A valid access token for a connection (service token)",
            description = "Refreshed first when it expires within 60 s (configurable); concurrent callers on any replica cause "
                    + "one refresh. Cache it in memory until shortly before expiresAt and drop it on token.refreshed or "
                    + "connection.changed.")
    @APIResponse(responseCode = "200", description = "The token")
    @APIResponse(responseCode = "404", description = "No such connection")
    @APIResponse(responseCode = "409", description = "Revoked, or the user must reconnect, or an operator must fix the provider's configuration")
    @APIResponse(responseCode = "503", description = "A refresh is in progress or the provider is down; retry after Retry-After")
    public Uni<Response> getAccessToken(@PathParam("id") UUID id) {
        return tokens.accessToken(id).map(token -> Response.ok(new AccessTokenView(token.token().reveal(), "Bearer",
                        token.expiresAt().orElse(null), token.apiEndpoint().map(Object::toString).orElse(null)))
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build());
    }
}
