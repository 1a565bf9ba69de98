package com.crm.integrations.token.rest;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.crm.integrations.common.security.CallerContext;
import com.crm.integrations.token.ProviderDefinition;
import com.crm.integrations.token.Secret;
import com.crm.integrations.token.service.ApiKeyConnections;
import com.crm.integrations.token.service.AuthorizationService;
import com.crm.integrations.token.service.ConnectionDeletion;
import com.crm.integrations.token.service.ConnectionQueries;

import io.smallrye.mutiny.Uni;

@Path("/connections")
@Tag(name = "Connections")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ConnectionResource {

    private final ConnectionQueries connections;
    private final ApiKeyConnections apiKeys;
    private final ConnectionDeletion deletions;
    private final AuthorizationService authorizations;
    private final CallerContext caller;

    public ConnectionResource(ConnectionQueries connections, ApiKeyConnections apiKeys, ConnectionDeletion deletions,
            AuthorizationService authorizations, CallerContext caller) {
        this.connections = connections;
        this.apiKeys = apiKeys;
        this.deletions = deletions;
        this.authorizations = authorizations;
        this.caller = caller;
    }

    /** A started authorization. */
    @Schema(name = "Authorization")
    public record AuthorizationView(
            String id,
            @Schema(description = "One-time URL on the token service for the user's browser; it sets a cookie and redirects to the provider") URI startUrl,
            @Schema(description = "After this the start URL and its state are refused") Instant expiresAt) {
    }

    /** An API key to validate and store. */
    @Schema(name = "ApiKeyRequest")
    public record ApiKeyRequest(
            @Schema(description = "Mailchimp: <32 hex>-<data centre>; Mapbox: a pk./sk. token", required = true)
            @NotBlank @Size(max = 512) String key) {
        @Override
        public String toString() {
            return "ApiKeyRequest[key=***]";
        }
    }

    /** What DELETE did, step by step. */
    @Schema(name = "Deletion")
    public record DeletionView(ConnectionView connection,
            @Schema(description = "revoked (at the provider), already_invalid (the provider said the grant was dead), "
                    + "not_supported (the provider has no revocation endpoint: Microsoft, Mailchimp, API keys), "
                    + "provider_unreachable (revocation failed; the grant may live on at the provider), "
                    + "refused (the provider refused our app's revocation request: an operator checks the app; the grant may live on)") String providerRevocation,
            @Schema(description = "Always destroyed: the stored tokens are gone and the connection is revoked") String localTokens) {
    }

    @POST
    @Path("{provider}/authorizations")
    @Operation(summary = "Start connecting the caller to an OAuth provider",
            description = "Returns a one-time start URL on the token service, valid for 10 minutes (configurable). Open it in the "
                    + "user's browser: it sets an HttpOnly SameSite=Lax cookie bound to a fresh state and redirects to the provider "
                    + "(PKCE S256 for Google, Microsoft and standards providers). The provider sends the browser back to "
                    + "/oauth/{provider}/callback, which stores the connection and redirects to the CRM's return URL with "
                    + "provider, outcome (connected, reconnected, denied, invalid_state, expired_state, replayed_state, "
                    + "missing_cookie, exchange_failed, no_refresh_token, provider_error) and connection.")
    @APIResponse(responseCode = "201", description = "The start URL")
    @APIResponse(responseCode = "403", description = "The tenant's connection policy does not allow this provider")
    @APIResponse(responseCode = "404", description = "No OAuth provider of this name is configured")
    public Uni<Response> startAuthorization(@PathParam("provider") @Pattern(regexp = ProviderDefinition.NAME_PATTERN) String provider) {
        return caller.current().chain(who -> authorizations.start(who, provider))
                .map(started -> Response.status(Response.Status.CREATED)
                        .entity(new AuthorizationView(started.id().toString(), started.startUrl(), started.expiresAt())).build());
    }

    @POST
    @Path("{provider}/api-keys")
    @Operation(summary = "Connect the tenant with an API key (Mailchimp, Mapbox)",
            description = "The key is checked with the provider first (Mailchimp: ping at the key's own data centre; Mapbox: "
                    + "token check); nothing is stored unless it is valid. A key whose data centre is not one of the provider's "
                    + "is refused without any request. One live API-key connection per provider and tenant: a new key replaces "
                    + "the stored one in place.")
    @APIResponse(responseCode = "201", description = "Connected")
    @APIResponse(responseCode = "200", description = "The tenant's existing connection now holds this key")
    @APIResponse(responseCode = "403", description = "Policy: the provider is not allowed, or only tenant admins manage API keys")
    @APIResponse(responseCode = "404", description = "No API-key provider of this name")
    @APIResponse(responseCode = "422", description = "The provider refused the key, or it is not one of its keys; nothing stored")
    @APIResponse(responseCode = "503", description = "The provider did not answer; nothing stored; retry after Retry-After")
    public Uni<Response> addApiKey(@PathParam("provider") @Pattern(regexp = ProviderDefinition.NAME_PATTERN) String provider,
            @Valid @NotNull ApiKeyRequest request) {
        return caller.current().chain(who -> apiKeys.add(who, provider, new Secret(request.key().strip())))
                .map(outcome -> Response.status(outcome.reconnected() ? Response.Status.OK : Response.Status.CREATED)
                        .entity(ConnectionView.of(outcome.connection())).build());
    }

    @GET
    @Operation(summary = "The connections the caller can see",
            description = "A tenant admin sees all of the tenant's; a user their own OAuth connections and the tenant's API-key connections.")
    @APIResponse(responseCode = "200", description = "Connections, oldest first")
    public Uni<List<ConnectionView>> listConnections(@QueryParam("includeRevoked") @DefaultValue("false") boolean includeRevoked) {
        return caller.current().chain(who -> connections.list(who, includeRevoked))
                .map(list -> list.stream().map(ConnectionView::of).toList());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One connection")
    @APIResponse(responseCode = "200", description = "The connection")
    @APIResponse(responseCode = "404", description = "No such connection visible to the caller")
    public Uni<ConnectionView> getConnection(@PathParam("id") UUID id) {
        return caller.current().chain(who -> connections.get(who, id)).map(ConnectionView::of);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Disconnect: revoke at the provider where possible, destroy the stored tokens",
            description = "Google and standards providers with a revocation endpoint: the grant is revoked there. Microsoft has "
                    + "no revocation endpoint for these tokens: the access token stays valid until it expires (about an hour); "
                    + "users remove the app at myapps.microsoft.com or account.live.com. Mailchimp has none either: users remove "
                    + "the app in their Mailchimp account. API keys are not revoked at the provider (delete them there). The "
                    + "local part (tokens destroyed, status revoked) happens whatever the provider answered.")
    @APIResponse(responseCode = "200", description = "What was done, step by step")
    @APIResponse(responseCode = "403", description = "An API-key connection, and policy reserves them to tenant admins")
    @APIResponse(responseCode = "404", description = "No such connection visible to the caller")
    public Uni<DeletionView> deleteConnection(@PathParam("id") UUID id) {
        return caller.current().chain(who -> deletions.delete(who, id))
                .map(deletion -> new DeletionView(ConnectionView.of(deletion.connection()), deletion.providerRevocation().wireName(),
                        "destroyed"));
    }
}
