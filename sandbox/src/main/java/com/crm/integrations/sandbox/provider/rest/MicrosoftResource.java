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

import org.jboss.resteasy.reactive.RestPath;

import com.crm.integrations.sandbox.provider.service.ConsentService;
import com.crm.integrations.sandbox.provider.service.MicrosoftProfile;
import com.crm.integrations.sandbox.provider.service.TokenEndpoint;

import io.smallrye.common.annotation.NonBlocking;
import io.vertx.ext.web.RoutingContext;

/**
 * The Microsoft identity platform's v2.0 endpoints, {@code login.microsoftonline.com/{tenant}/oauth2/v2.0/...}, under
 * {@code /microsoft}. Token requests run on a worker thread: tokens are signed.
 */
@Path("/microsoft")
public class MicrosoftResource {

    private final ConsentService consents;
    private final TokenEndpoint tokens;
    private final MicrosoftProfile microsoft;

    MicrosoftResource(ConsentService consents, TokenEndpoint tokens, MicrosoftProfile microsoft) {
        this.consents = consents;
        this.tokens = tokens;
        this.microsoft = microsoft;
    }

    @GET
    @Path("/{tenant}/oauth2/v2.0/authorize")
    @NonBlocking
    public Response authorize(@RestPath String tenant, @Context UriInfo uri) {
        microsoft.requireTenant(tenant, true);
        return ProviderAnswers.response(consents.ask(microsoft, tenant, uri.getQueryParameters()));
    }

    @POST
    @Path("/consent")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @NonBlocking
    public Response consent(MultivaluedMap<String, String> form) {
        return ProviderAnswers.response(consents.decide(microsoft, form));
    }

    @POST
    @Path("/{tenant}/oauth2/v2.0/token")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response token(@RestPath String tenant, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            MultivaluedMap<String, String> form, @Context RoutingContext rc) {
        TokenRequestRoute.noteGrantType(rc, form == null ? null : form.getFirst("grant_type"));
        microsoft.requireTenant(tenant, false);
        return ProviderAnswers.response(tokens.token(microsoft, authorization, form));
    }
}
