package com.crm.integrations.common.security;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;

/**
 * Bearer tokens for common's tests, shaped like the identity provider's (issuer, audience, subject,
 * {@code upn}, {@code groups}, {@code tenant_id}, {@code iat}, {@code exp}, {@code jti}) and signed
 * with the test-only key whose public half common's test application verifies with.
 */
public final class TestTokens {

    private static final String SIGNING_KEY = "jwt/test-signing-key.pem";

    private TestTokens() {
    }

    /** A user token of {@code tenant} that expires at {@code exp}. */
    static String user(String tenant, String user, Instant exp) {
        return sign(claims(user, exp).upn(user).groups(Set.of(Roles.USER)).claim(CallerContext.TENANT_CLAIM, tenant));
    }

    /** A client-credentials token of {@code clientId} (group {@code service}, no tenant) that expires at {@code exp}. */
    public static String service(String clientId, Instant exp) {
        return sign(claims(clientId, exp).claim("azp", clientId).claim("client_id", clientId).groups(Set.of(Roles.SERVICE)));
    }

    /** The same token with {@code from} replaced by {@code to} in its payload, and its signature kept. */
    static String withPayloadEdited(String token, String from, String to) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        if (!payload.contains(from)) {
            throw new IllegalArgumentException("The payload has no " + from);
        }
        String edited = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.replace(from, to).getBytes(StandardCharsets.UTF_8));
        return parts[0] + "." + edited + "." + parts[2];
    }

    private static JwtClaimsBuilder claims(String subject, Instant exp) {
        return Jwt.claims()
                .issuer(config("mp.jwt.verify.issuer"))
                .audience(config("mp.jwt.verify.audiences"))
                .subject(subject)
                .issuedAt(Instant.now().getEpochSecond())
                .expiresAt(exp.getEpochSecond())
                .claim("jti", UUID.randomUUID().toString());
    }

    private static String sign(JwtClaimsBuilder claims) {
        try {
            PrivateKey key = KeyUtils.readPrivateKey(SIGNING_KEY);
            return claims.jws().keyId("common-test").sign(key);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot sign with " + SIGNING_KEY, e);
        }
    }

    private static String config(String name) {
        return ConfigProvider.getConfig().getValue(name, String.class);
    }
}
