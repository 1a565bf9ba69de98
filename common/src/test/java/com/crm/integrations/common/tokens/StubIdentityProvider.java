package com.crm.integrations.common.tokens;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import com.crm.integrations.common.security.TestTokens;

import io.vertx.core.json.JsonObject;

/**
 * The identity provider's token endpoint for common's tests ({@code quarkus.oidc-client.token-path}): the
 * client-credentials grant answered with a service token of the client that asked, signed with common's test-only key,
 * so that the test application's own {@code /internal/*} rule accepts it. Open to anyone (a permit path rule).
 */
@Path("/stub-idp/token")
public class StubIdentityProvider {

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public String token(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @FormParam("client_id") String clientId) {
        String client = clientId != null ? clientId : basicUser(authorization);
        return new JsonObject().put("access_token", TestTokens.service(client, Instant.now().plusSeconds(300)))
                .put("token_type", "Bearer").put("expires_in", 300).encode();
    }

    private static String basicUser(String authorization) {
        if (authorization == null || !authorization.startsWith("Basic ")) {
            throw new IllegalArgumentException("no client credentials");
        }
        String decoded = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
        return decoded.substring(0, decoded.indexOf(':'));
    }
}
