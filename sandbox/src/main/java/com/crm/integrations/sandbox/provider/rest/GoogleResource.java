package com.crm.integrations.sandbox.provider.rest;

import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.crm.integrations.sandbox.provider.JsonAnswer;
import com.crm.integrations.sandbox.provider.Provider;
import com.crm.integrations.sandbox.provider.service.ConsentService;
import com.crm.integrations.sandbox.provider.service.GoogleProfile;
import com.crm.integrations.sandbox.provider.service.Revocation;
import com.crm.integrations.sandbox.provider.service.TokenEndpoint;

import io.smallrye.common.annotation.NonBlocking;
import io.vertx.ext.web.RoutingContext;

/**
 * Google's OAuth endpoints: {@code accounts.google.com/o/oauth2/v2/auth} and {@code oauth2.googleapis.com/token} and
 * {@code /revoke}, under {@code /google}. Token requests run on a worker thread: id_tokens are signed.
 */
@Path("/google")
public class GoogleResource {

    private final ConsentService consents;
    private final TokenEndpoint tokens;
    private final Revocation revocation;
    private final GoogleProfile google;

    GoogleResource(ConsentService consents, TokenEndpoint tokens, Revocation revocation, GoogleProfile google) {
        this.consents = consents;
        this.tokens = tokens;
        this.revocation = revocation;
        this.google = google;
    }

    @GET
    @Path("/o/oauth2/v2/auth")
    @NonBlocking
    public Response authorize(@Context UriInfo uri) {
        return ProviderAnswers.response(consents.ask(google, null, uri.getQueryParameters()));
    }

    @POST
    @Path("/consent")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @NonBlocking
    public Response consent(MultivaluedMap<String, String> form) {
        return ProviderAnswers.response(consents.decide(google, form));
    }

    @POST
    @Path("/token")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response token(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, MultivaluedMap<String, String> form,
            @Context RoutingContext rc) {
        TokenRequestRoute.noteGrantType(rc, form == null ? null : form.getFirst("grant_type"));
        return ProviderAnswers.response(tokens.token(google, authorization, form));
    }

    /**
     * {@code token=} in the form or the query: revokes the whole grant behind an access or refresh token. 200, or 400
     * {@code invalid_token} for a token unknown, expired or already revoked.
     */
    @POST
    @Path("/revoke")
    @NonBlocking
    public Response revoke(@Context UriInfo uri, String body) {
        String token = RevokeRequests.token(uri, body);
        if (token == null) {
            return ProviderAnswers.json(JsonAnswer.oauthError(400, "invalid_request", "Missing required parameter: token"));
        }
        if (!revocation.revokeGrant(Provider.GOOGLE, token)) {
            return ProviderAnswers.json(JsonAnswer.oauthError(400, "invalid_token", "Token expired or revoked"));
        }
        return ProviderAnswers.json(JsonAnswer.of(200, Map.of()));
    }
}
