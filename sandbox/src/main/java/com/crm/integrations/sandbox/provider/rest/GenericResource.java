package com.crm.integrations.sandbox.provider.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.crm.integrations.sandbox.identity.service.SigningKey;
import com.crm.integrations.sandbox.provider.Grant;
import com.crm.integrations.sandbox.provider.Provider;
import com.crm.integrations.sandbox.provider.service.ActiveGrants;
import com.crm.integrations.sandbox.provider.service.ConsentService;
import com.crm.integrations.sandbox.provider.service.GenericProfile;
import com.crm.integrations.sandbox.provider.service.Revocation;
import com.crm.integrations.sandbox.provider.service.TokenEndpoint;

import io.smallrye.common.annotation.NonBlocking;
import io.vertx.ext.web.RoutingContext;

/**
 * A plain OAuth 2.0 / OpenID Connect provider under {@code /generic}: authorize, token, RFC 7009 revoke, userinfo,
 * discovery and JWKS (the sandbox's one signing key).
 */
@Path("/generic")
public class GenericResource {

    private final ConsentService consents;
    private final TokenEndpoint tokens;
    private final Revocation revocation;
    private final ActiveGrants grants;
    private final GenericProfile generic;
    private final SigningKey key;

    GenericResource(ConsentService consents, TokenEndpoint tokens, Revocation revocation, ActiveGrants grants, GenericProfile generic,
            SigningKey key) {
        this.consents = consents;
        this.tokens = tokens;
        this.revocation = revocation;
        this.grants = grants;
        this.generic = generic;
        this.key = key;
    }

    @GET
    @Path("/authorize")
    @NonBlocking
    public Response authorize(@Context UriInfo uri) {
        return ProviderAnswers.response(consents.ask(generic, null, uri.getQueryParameters()));
    }

    @POST
    @Path("/consent")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @NonBlocking
    public Response consent(MultivaluedMap<String, String> form) {
        return ProviderAnswers.response(consents.decide(generic, form));
    }

    @POST
    @Path("/token")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response token(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, MultivaluedMap<String, String> form,
            @Context RoutingContext rc) {
        TokenRequestRoute.noteGrantType(rc, form == null ? null : form.getFirst("grant_type"));
        return ProviderAnswers.response(tokens.token(generic, authorization, form));
    }

    /** RFC 7009: 200 whether or not the token was known; the client must authenticate. */
    @POST
    @Path("/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @NonBlocking
    public Response revoke(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, MultivaluedMap<String, String> form) {
        revocation.revoke(generic, authorization, form);
        return Response.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    /** OIDC userinfo for {@code Authorization: Bearer <access token>}: {@code sub}, {@code email}, {@code email_verified}. */
    @GET
    @Path("/userinfo")
    @Produces(MediaType.APPLICATION_JSON)
    @NonBlocking
    public Response userinfo(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        Optional<Grant> grant = Optional.ofNullable(authorization)
                .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
                .flatMap(value -> grants.ofAccessToken(Provider.GENERIC, value.substring(7).trim()));
        if (grant.isEmpty()) {
            return Response.status(401)
                    .header(HttpHeaders.WWW_AUTHENTICATE, authorization == null ? "Bearer" : "Bearer error=\"invalid_token\"")
                    .build();
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", GenericProfile.subject(grant.get().account()));
        claims.put("email", grant.get().account());
        claims.put("email_verified", true);
        return Response.ok(claims).build();
    }

    @GET
    @Path("/.well-known/openid-configuration")
    @Produces(MediaType.APPLICATION_JSON)
    @NonBlocking
    public Map<String, Object> discovery() {
        String issuer = generic.issuer();
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", issuer);
        document.put("authorization_endpoint", issuer + "/authorize");
        document.put("token_endpoint", issuer + "/token");
        document.put("revocation_endpoint", issuer + "/revoke");
        document.put("userinfo_endpoint", issuer + "/userinfo");
        document.put("jwks_uri", issuer + "/jwks");
        document.put("response_types_supported", List.of("code"));
        document.put("grant_types_supported", List.of("authorization_code", "refresh_token"));
        document.put("code_challenge_methods_supported", List.of("S256", "plain"));
        document.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        document.put("revocation_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        document.put("scopes_supported", List.of("openid", "email"));
        document.put("subject_types_supported", List.of("public"));
        document.put("id_token_signing_alg_values_supported", List.of("RS256"));
        document.put("claims_supported", List.of("iss", "sub", "aud", "azp", "exp", "iat", "nonce", "email", "email_verified"));
        return document;
    }

    @GET
    @Path("/jwks")
    @Produces(MediaType.APPLICATION_JSON)
    @NonBlocking
    public Map<String, List<Map<String, String>>> jwks() {
        return Map.of("keys", List.of(key.publicJwk()));
    }
}
