package com.crm.integrations.sandbox.provider.rest;

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

import com.crm.integrations.sandbox.mailchimp.service.MailchimpErrors;
import com.crm.integrations.sandbox.provider.service.ConsentService;
import com.crm.integrations.sandbox.provider.service.MailchimpApi;
import com.crm.integrations.sandbox.provider.service.MailchimpProfile;
import com.crm.integrations.sandbox.provider.service.TokenEndpoint;

import io.smallrye.common.annotation.NonBlocking;
import io.vertx.ext.web.RoutingContext;

/** Mailchimp's {@code login.mailchimp.com/oauth2/...} endpoints under {@code /mailchimp}. All in memory: event loop. */
@Path("/mailchimp")
@NonBlocking
public class MailchimpResource {

    private final ConsentService consents;
    private final TokenEndpoint tokens;
    private final MailchimpProfile mailchimp;
    private final MailchimpApi api;

    MailchimpResource(ConsentService consents, TokenEndpoint tokens, MailchimpProfile mailchimp, MailchimpApi api) {
        this.consents = consents;
        this.tokens = tokens;
        this.mailchimp = mailchimp;
        this.api = api;
    }

    @GET
    @Path("/oauth2/authorize")
    public Response authorize(@Context UriInfo uri) {
        return ProviderAnswers.response(consents.ask(mailchimp, null, uri.getQueryParameters()));
    }

    @POST
    @Path("/consent")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response consent(MultivaluedMap<String, String> form) {
        return ProviderAnswers.response(consents.decide(mailchimp, form));
    }

    @POST
    @Path("/oauth2/token")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response token(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, MultivaluedMap<String, String> form,
            @Context RoutingContext rc) {
        TokenRequestRoute.noteGrantType(rc, form == null ? null : form.getFirst("grant_type"));
        return ProviderAnswers.response(tokens.token(mailchimp, authorization, form));
    }

    /** Needs {@code Authorization: OAuth <access_token>}; {@code Bearer} is refused. */
    @GET
    @Path("/oauth2/metadata")
    public Response metadata(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return api.metadata(authorization)
                .map(body -> Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build())
                .orElseGet(() -> ProviderAnswers.api(MailchimpErrors.unauthorized(authorization == null)));
    }
}
