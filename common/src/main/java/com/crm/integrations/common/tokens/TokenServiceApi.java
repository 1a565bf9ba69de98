package com.crm.integrations.common.tokens;

import java.time.Instant;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.smallrye.mutiny.Uni;

/**
 * token-service's internal API, called with the service's own client-credentials token
 * ({@code quarkus.rest-client.token-service.url} follows {@code integrations.token-service.url}).
 */
@RegisterRestClient(configKey = "token-service")
@OidcClientFilter
@Path("/internal/connections")
interface TokenServiceApi {

    /** token-service's answer with a token. */
    record Token(String accessToken, String tokenType, Instant expiresAt, String apiEndpoint) {
        @Override
        public String toString() {
            return "Token[expiresAt=" + expiresAt + "]";
        }
    }

    @GET
    @Path("{id}")
    Uni<Response> connection(@PathParam("id") String connectionId);

    @GET
    @Path("{id}/access-token")
    Uni<Response> accessToken(@PathParam("id") String connectionId);

    @POST
    @Path("{id}/rejections")
    Uni<Response> reportRejection(@PathParam("id") String connectionId);
}
