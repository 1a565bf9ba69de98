package com.crm.integrations.common.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

/**
 * Bearer tokens that smallrye-jwt verified, so that a token presented again is not parsed and its
 * signature checked again: a bounded cache from the SHA-256 of the raw token (never the token itself)
 * to the verified {@link JsonWebToken}, each entry held until the token's {@code exp} and never beyond
 * (ADR 0013).
 *
 * <p>Only what verification accepted is ever {@linkplain #remember remembered}; a token differing by
 * one character hashes elsewhere and is verified on its own. {@link #find} never answers with an entry
 * whose {@code exp} has passed on {@code clock}, whatever the cache's own expiry did. Beyond
 * {@code maxEntries} Caffeine evicts (W-TinyLFU: the least valuable go first).
 */
public final class VerifiedTokens {

    /** The token's SHA-256 as four longs: 48 bytes on the heap, equality and hash of the value. */
    record TokenHash(long a, long b, long c, long d) {

        static TokenHash of(String rawToken) {
            ByteBuffer digest = ByteBuffer.wrap(sha256().digest(rawToken.getBytes(StandardCharsets.US_ASCII)));
            return new TokenHash(digest.getLong(), digest.getLong(), digest.getLong(), digest.getLong());
        }

        @Override
        public String toString() {
            return "TokenHash[…]";
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("Every JVM has SHA-256", e);
            }
        }
    }

    private final Clock clock;
    private final Cache<TokenHash, JsonWebToken> cache;

    /**
     * @param maxEntries at most this many tokens are held (more than 0: with 0 the cache is off, and no
     *                   instance is made)
     * @param clock      the wall clock that {@code exp} is compared with (tests move it)
     */
    public VerifiedTokens(int maxEntries, Clock clock) {
        if (maxEntries <= 0) {
            throw new IllegalArgumentException("A cache of verified tokens holds at least one");
        }
        this.clock = clock;
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                // Caffeine's clock is ours, so that its expiry is the token's exp on the same clock.
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfter(Expiry.<TokenHash, JsonWebToken> creating(
                        (hash, token) -> Duration.ofMillis(Math.max(0, remainingMillis(token)))))
                .recordStats()
                .build();
    }

    /** The verified token this raw token was, while its {@code exp} has not passed; else empty. */
    public Optional<JsonWebToken> find(String rawToken) {
        JsonWebToken token = cache.getIfPresent(TokenHash.of(rawToken));
        if (token == null || remainingMillis(token) <= 0) {
            return Optional.empty();
        }
        return Optional.of(token);
    }

    /**
     * Remembers a token that verification just accepted, until its {@code exp}; one without an
     * {@code exp}, or whose {@code exp} already passed (a verifier's clock-skew allowance accepts
     * those), is not remembered.
     */
    public void remember(String rawToken, JsonWebToken verified) {
        if (remainingMillis(verified) > 0) {
            cache.put(TokenHash.of(rawToken), verified);
        }
    }

    /** The cache itself, for its meters (size, hits, misses, evictions). */
    Cache<TokenHash, JsonWebToken> cache() {
        return cache;
    }

    private long remainingMillis(JsonWebToken token) {
        long exp = token.getExpirationTime();
        return exp <= 0 ? 0 : TimeUnit.SECONDS.toMillis(exp) - clock.millis();
    }
}
