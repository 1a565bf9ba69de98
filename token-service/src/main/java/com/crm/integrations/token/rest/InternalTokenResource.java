package com.crm.integrations.token.rest;

import java.time.Instant;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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

import com.crm.integrations.common.security.CallerContext;
import com.crm.integrations.token.AccessToken;
import com.crm.integrations.token.service.AccessTokenService;
import com.crm.integrations.token.service.ConnectionQueries;
import com.crm.integrations.token.service.TokenRejections;
import com.fasterxml.jackson.annotation.JsonInclude;

import io.smallrye.mutiny.Uni;

@Path("/internal/connections")
@Tag(name = "Internal")
@Produces(MediaType.APPLICATION_JSON)
public class InternalTokenResource {

    private final ConnectionQueries connections;
    private final AccessTokenService tokens;
    private final TokenRejections rejections;
    private final CallerContext caller;

    public InternalTokenResource(ConnectionQueries connections, AccessTokenService tokens, TokenRejections rejections,
            CallerContext caller) {
        this.connections = connections;
        this.tokens = tokens;
        this.rejections = rejections;
        this.caller = caller;
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
    @Path("{id}")
    @Operation(summary = "A connection's facts (service token)",
            description = "Whose connection it is (tenant, owner), its provider, kind and status, the provider account's "
                    + "fingerprint and Mailchimp's API endpoint, read from the store at once: a sibling checks here that a "
                    + "connection a caller names is that caller's tenant's, of the provider it expects, and usable. Any tenant's "
                    + "connection is found; the caller checks the tenant. Never a token or key.")
    @APIResponse(responseCode = "200", description = "The connection's facts")
    @APIResponse(responseCode = "404", description = "No such connection")
    public Uni<InternalConnectionView> getConnectionFacts(@PathParam("id") UUID id) {
        return connections.getForService(id).map(InternalConnectionView::of);
    }

    @GET
    @Path("{id}/access-token")
    @Operation(summary = "A valid access token for a connection (service token)",
            description = "Refreshed first when it expires within 60 s or the last quarter of its lifetime, whichever is shorter (configurable); concurrent callers on any replica cause "
                    + "one refresh. Cache it in memory until shortly before expiresAt and drop it on token.refreshed or "
                    + "connection.changed.")
    @APIResponse(responseCode = "200", description = "The token")
    @APIResponse(responseCode = "404", description = "No such connection")
    @APIResponse(responseCode = "409", description = "Revoked, or the user must reconnect, or an operator must fix the provider's configuration")
    @APIResponse(responseCode = "503", description = "A refresh is in progress or the provider is down; retry after Retry-After")
    public Uni<Response> getAccessToken(@PathParam("id") UUID id) {
        return tokens.accessToken(id).map(InternalTokenResource::answer);
    }

    @POST
    @Path("{id}/rejections")
    @Operation(summary = "Report that the provider refused the token you were given (service token)",
            description = "Call it when the provider answered 401 to a token from this API. The report is verified, not believed: "
                    + "an OAuth token is refreshed (one refresh however many report it; not again within 10 s of the last one), an "
                    + "API key or a token that never expires is checked at the provider. Unconfirmed: 200 with a token to retry with. "
                    + "Confirmed: the connection becomes needs_reauth, connection.changed is published, and the answer is 409.")
    @APIResponse(responseCode = "200", description = "Not confirmed: a token to retry with")
    @APIResponse(responseCode = "404", description = "No such connection")
    @APIResponse(responseCode = "409", description = "Confirmed (the user must reconnect), or the connection was already unusable")
    @APIResponse(responseCode = "503", description = "The provider cannot be asked now; retry after Retry-After")
    public Uni<Response> reportRejection(@PathParam("id") UUID id) {
        return caller.current().chain(who -> rejections.rejected(id, who.subject())).map(InternalTokenResource::answer);
    }

    private static Response answer(AccessToken token) {
        return Response.ok(new AccessTokenView(token.token().reveal(), "Bearer", token.expiresAt().orElse(null),
                token.apiEndpoint().map(Object::toString).orElse(null))).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }
}
