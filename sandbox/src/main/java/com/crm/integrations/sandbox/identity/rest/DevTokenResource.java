package com.crm.integrations.sandbox.identity.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.crm.integrations.sandbox.error.InvalidRequestException;
import com.crm.integrations.sandbox.identity.service.TokenIssuer;

/**
 * Sandbox-only: mints user and operator tokens for local runs and tests, including already
 * expired ones and ones from a foreign issuer. A real identity provider has no such endpoint.
 */
@Path("/idp/dev-tokens")
public class DevTokenResource {

    private final TokenIssuer issuer;

    DevTokenResource(TokenIssuer issuer) {
        this.issuer = issuer;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response mint(DevTokenRequest request) {
        if (request == null) {
            throw new InvalidRequestException("a JSON body is required");
        }
        return TokenResource.noStore(TokenResponse.of(issuer.issueDevToken(request.toSpec())));
    }
}
