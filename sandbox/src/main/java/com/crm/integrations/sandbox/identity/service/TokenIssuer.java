package com.crm.integrations.sandbox.identity.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.identity.DevTokenSpec;
import com.crm.integrations.sandbox.identity.IssuedToken;
import com.crm.integrations.sandbox.identity.Role;
import com.crm.integrations.sandbox.identity.config.IdentityConfig;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/** Mints the identity provider's RS256 tokens. */
@Singleton
public class TokenIssuer {

    static final String SERVICE_GROUP = "service";
    static final String USER_GROUP = "user";

    private final IdentityConfig config;
    private final SigningKey key;

    TokenIssuer(IdentityConfig config, SigningKey key) {
        this.config = config;
        this.key = key;
    }

    /** A client-credentials token: {@code sub} is the client, {@code groups} is {@code [service]}, no {@code tenant_id}. */
    public IssuedToken issueServiceToken(String clientId, Set<String> scopes) {
        long lifetime = config.tokenLifetime().toSeconds();
        JwtClaimsBuilder claims = claims(config.issuer(), clientId, lifetime)
                .claim("azp", clientId)
                .claim("client_id", clientId)
                .claim("groups", List.of(SERVICE_GROUP));
        if (!scopes.isEmpty()) {
            claims.claim("scope", String.join(" ", scopes));
        }
        return new IssuedToken(sign(claims), lifetime, scopes);
    }

    /** A user token ({@code tenant_id}, {@code groups} = {@code user} + roles), or an operator token that may have no tenant. */
    public IssuedToken issueDevToken(DevTokenSpec spec) {
        String issuer = spec.issuer() != null ? spec.issuer() : config.issuer();
        List<String> groups = new ArrayList<>();
        groups.add(USER_GROUP);
        spec.roles().stream().sorted(Comparator.naturalOrder()).map(Role::group).forEach(groups::add);
        JwtClaimsBuilder claims = claims(issuer, spec.userId(), spec.expiresIn())
                .upn(spec.userId())
                .claim("groups", groups);
        if (spec.tenantId() != null) {
            claims.claim("tenant_id", spec.tenantId());
        }
        return new IssuedToken(sign(claims), spec.expiresIn(), Set.of());
    }

    private JwtClaimsBuilder claims(String issuer, String subject, long expiresIn) {
        long now = Instant.now().getEpochSecond();
        return Jwt.claims()
                .issuer(issuer)
                .subject(subject)
                .audience(config.audience())
                .issuedAt(now)
                .expiresAt(now + expiresIn)
                .claim("jti", UUID.randomUUID().toString());
    }

    private String sign(JwtClaimsBuilder claims) {
        return key.sign(claims);
    }
}
