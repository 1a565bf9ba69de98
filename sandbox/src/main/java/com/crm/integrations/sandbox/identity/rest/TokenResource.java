package com.crm.integrations.sandbox.identity.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import com.crm.integrations.sandbox.identity.service.ClientCredentialsGrant;

/**
 * The OAuth 2.0 token endpoint (RFC 6749 §3.2), client-credentials grant only. Runs on a
 * worker thread: signing is CPU work the event loop should not do.
 */
@Path("/idp/token")
public class TokenResource {

    private final ClientCredentialsGrant grant;

    TokenResource(ClientCredentialsGrant grant) {
        this.grant = grant;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response token(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, MultivaluedMap<String, String> form) {
        TokenResponse token = TokenResponse.of(grant.issue(TokenRequestReader.read(authorization, form)));
        return noStore(token);
    }

    /** RFC 6749 §5.1: token responses must not be cached. */
    static Response noStore(TokenResponse token) {
        return Response.ok(token)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Pragma", "no-cache")
                .build();
    }
}
