package com.crm.integrations.common.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;

class VerifiedTokensTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    private final MovableClock clock = new MovableClock(NOW);

    @Test
    void holdsNoMoreThanItsBound() {
        // Given
        VerifiedTokens tokens = new VerifiedTokens(10, clock);
        // When
        for (int i = 0; i < 1_000; i++) {
            tokens.remember("token-" + i, verified("user-" + i, NOW.plusSeconds(300)));
        }
        tokens.cache().cleanUp();
        // Then
        assertTrue(tokens.cache().estimatedSize() <= 10, "held " + tokens.cache().estimatedSize());
        assertTrue(tokens.cache().stats().evictionCount() >= 990);
    }

    @Test
    void dropsAnEntryOnceItsTokenExpired() {
        // Given
        VerifiedTokens tokens = new VerifiedTokens(10, clock);
        tokens.remember("token", verified("alice", NOW.plusSeconds(60)));
        // When
        clock.advance(Duration.ofSeconds(60));
        tokens.cache().cleanUp();
        // Then
        assertFalse(tokens.find("token").isPresent());
        assertEquals(0, tokens.cache().estimatedSize());
    }

    @Test
    void neverRemembersATokenAlreadyPastItsExpiry() {
        // Given: a verifier's clock-skew allowance accepted a token 5 s after its exp
        VerifiedTokens tokens = new VerifiedTokens(10, clock);
        // When
        tokens.remember("token", verified("alice", NOW.minusSeconds(5)));
        // Then
        assertFalse(tokens.find("token").isPresent());
        assertEquals(0, tokens.cache().estimatedSize());
    }

    @Test
    void keysByTheTokensHashNeverTheTokenItself() {
        // Given
        VerifiedTokens tokens = new VerifiedTokens(10, clock);
        // When
        tokens.remember("eyJraw.token.value", verified("alice", NOW.plusSeconds(60)));
        // Then
        VerifiedTokens.TokenHash key = tokens.cache().asMap().keySet().iterator().next();
        assertEquals(VerifiedTokens.TokenHash.of("eyJraw.token.value"), key);
        assertFalse(key.toString().contains("eyJ"));
    }

    @Test
    void refusesABoundOfZero() {
        assertThrows(IllegalArgumentException.class, () -> new VerifiedTokens(0, clock));
    }

    static JsonWebToken verified(String user, Instant exp) {
        JwtClaims claims = new JwtClaims();
        claims.setSubject(user);
        claims.setExpirationTime(NumericDate.fromSeconds(exp.getEpochSecond()));
        return new DefaultJWTCallerPrincipal("raw-of-" + user, "JWT", claims);
    }
}
