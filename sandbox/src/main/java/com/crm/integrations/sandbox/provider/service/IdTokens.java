package com.crm.integrations.sandbox.provider.service;

import java.time.Instant;

import com.crm.integrations.sandbox.identity.service.SigningKey;
import com.crm.integrations.sandbox.provider.Grant;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/** The OpenID Connect id_token the Google and generic stand-ins issue: one shape, their own issuer and subject. */
final class IdTokens {

    /** An hour, as Google's. */
    static final long LIFETIME_SECONDS = 3600;

    private IdTokens() {
    }

    /** {@code iss, azp, aud, sub, email, email_verified, iat, exp} and {@code nonce} when the authorization request sent one. */
    static String sign(SigningKey key, String issuer, String subject, Grant grant) {
        long now = Instant.now().getEpochSecond();
        JwtClaimsBuilder claims = Jwt.claims()
                .issuer(issuer)
                .claim("azp", grant.clientId())
                .audience(grant.clientId())
                .subject(subject)
                .claim("email", grant.account())
                .claim("email_verified", true)
                .issuedAt(now)
                .expiresAt(now + LIFETIME_SECONDS);
        if (grant.request().nonce() != null) {
            claims.claim("nonce", grant.request().nonce());
        }
        return key.sign(claims);
    }
}
