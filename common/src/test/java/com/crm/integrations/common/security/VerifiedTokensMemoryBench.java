package com.crm.integrations.common.security;

import java.lang.management.ManagementFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;

/**
 * What the cache of verified tokens costs in heap (ADR 0013): {@value #ENTRIES} user tokens shaped
 * like the identity provider's (issuer, audience, subject, upn, groups {@code user} and
 * {@code tenant_admin}, tenant, iat, exp, jti; RS256, ~{@code 640} characters), each verified by
 * smallrye-jwt's own parser and remembered; the heap after a full GC, with and without the cache, per
 * entry. Not a test (surefire's default includes skip it):
 * {@code ./mvnw test -pl common -am -Dtest=VerifiedTokensMemoryBench -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class VerifiedTokensMemoryBench {

    private static final int ENTRIES = 10_000;
    private static final String ISSUER = "https://identity.crm.example/idp";

    @Test
    void measuresTheHeapPerEntry() throws Exception {
        PrivateKey signing = KeyUtils.readPrivateKey("jwt/test-signing-key.pem");
        PublicKey verifying = KeyUtils.readPublicKey("jwt/test-verification-key.pem");
        JWTAuthContextInfo info = new JWTAuthContextInfo(verifying, ISSUER);
        info.setExpectedAudience(Set.of("crm-integrations"));
        DefaultJWTParser parser = new DefaultJWTParser(info);
        long exp = Instant.now().plusSeconds(3600).getEpochSecond();

        long before = usedAfterGc();
        VerifiedTokens tokens = new VerifiedTokens(ENTRIES, Clock.systemUTC());
        long tokenChars = 0;
        for (int i = 0; i < ENTRIES; i++) {
            String tenant = String.format(Locale.ROOT, "tenant-%04d", i % 1000);
            String user = String.format(Locale.ROOT, "user-%06d", i);
            String raw = Jwt.issuer(ISSUER).audience("crm-integrations").subject(user).upn(user)
                    .groups(Set.copyOf(List.of(Roles.USER, Roles.TENANT_ADMIN)))
                    .claim(CallerContext.TENANT_CLAIM, tenant).issuedAt(exp - 3600).expiresAt(exp)
                    .claim("jti", UUID.randomUUID().toString()).jws().keyId("k1").sign(signing);
            tokenChars += raw.length();
            tokens.remember(raw, parser.parse(raw));
        }
        tokens.cache().cleanUp();
        long after = usedAfterGc();
        long size = tokens.cache().estimatedSize();
        System.out.printf(Locale.ROOT, "%n%,d entries held (bound %,d), tokens of %d characters on average: %,d bytes of heap "
                + "in all, %,d per entry%n", size, ENTRIES, tokenChars / ENTRIES, after - before, (after - before) / size);
        // Keeps the cache reachable until after the measurement.
        if (tokens.cache().estimatedSize() < 0) {
            throw new IllegalStateException();
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
