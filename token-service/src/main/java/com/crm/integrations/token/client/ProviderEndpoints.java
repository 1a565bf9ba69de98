package com.crm.integrations.token.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

/**
 * The REST client shapes of provider endpoints. Each endpoint URL is a client's base URI
 * ({@link ProviderHttp} builds one per URL with {@code QuarkusRestClientBuilder}): the URLs come from
 * the provider definitions, so there is no fixed {@code @RegisterRestClient} interface. Answers come
 * back whole, whatever their status (the default exception mapper is off): {@link ProviderHttp}
 * classifies them.
 */
final class ProviderEndpoints {

    private ProviderEndpoints() {
    }

    /** A form-encoded POST: token and revocation endpoints. */
    interface FormPost {
        @POST
        @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
        Uni<Response> post(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, MultivaluedMap<String, String> form);
    }

    /** A GET with an optional Authorization header: userinfo, Mailchimp metadata and ping. */
    interface Get {
        @GET
        Uni<Response> get(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);
    }

    /** Mapbox's token check: the token travels in the query, as the provider defines it. */
    interface TokenCheck {
        @GET
        Uni<Response> check(@QueryParam("access_token") String token);
    }
}
