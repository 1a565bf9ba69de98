package com.crm.integrations.sandbox.identity.rest;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.crm.integrations.sandbox.error.InvalidRequestException;
import com.crm.integrations.sandbox.identity.config.IdentityConfig;
import com.crm.integrations.sandbox.identity.service.ClientCredentialsGrant;
import com.crm.integrations.sandbox.identity.service.SigningKey;

import io.smallrye.common.annotation.NonBlocking;

/** OIDC discovery, the JWKS, and the authorization endpoint the discovery format requires. */
@Path("/idp")
@Produces(MediaType.APPLICATION_JSON)
@NonBlocking
public class DiscoveryResource {

    private static final List<String> CLAIMS = List.of(
            "iss", "sub", "aud", "exp", "iat", "jti", "azp", "client_id", "scope", "upn", "groups", "tenant_id");

    private final IdentityConfig config;
    private final SigningKey key;

    DiscoveryResource(IdentityConfig config, SigningKey key) {
        this.config = config;
        this.key = key;
    }

    @GET
    @Path("/.well-known/openid-configuration")
    public DiscoveryDocument discovery() {
        String issuer = config.issuer();
        return new DiscoveryDocument(
                issuer,
                issuer + "/authorize",
                issuer + "/token",
                issuer + "/jwks",
                List.of(ClientCredentialsGrant.GRANT_TYPE),
                List.of("code"),
                List.of("public"),
                List.of("RS256"),
                List.of("client_secret_basic", "client_secret_post"),
                config.scopes().orElse(List.of()),
                CLAIMS);
    }

    @GET
    @Path("/jwks")
    public Map<String, List<Map<String, String>>> jwks() {
        return Map.of("keys", List.of(key.publicJwk()));
    }

    /**
     * Listed because discovery requires an authorization endpoint; the sandbox has no
     * interactive login (no registered redirect URIs, so it never redirects) and refuses
     * every request here. Tokens come from {@code /idp/token} and {@code /idp/dev-tokens}.
     */
    @GET
    @Path("/authorize")
    public void authorize() {
        throw new InvalidRequestException(
                "the sandbox has no interactive login: use /idp/token (client_credentials) or /idp/dev-tokens");
    }
}
