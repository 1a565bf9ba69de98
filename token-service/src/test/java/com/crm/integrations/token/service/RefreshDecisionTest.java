package com.crm.integrations.token.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.payload.ConnectionKind;
import com.crm.integrations.common.events.payload.ConnectionStatus;
import com.crm.integrations.common.retry.FailureCategory;
import com.crm.integrations.common.retry.ProviderCallException;
import com.crm.integrations.common.retry.ProviderErrors.ProviderError;
import com.crm.integrations.token.Connection;
import com.crm.integrations.token.service.RefreshDecision.Decision;
import com.crm.integrations.token.service.RefreshDecision.Step;

class RefreshDecisionTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final Duration AHEAD = Duration.ofSeconds(60);
    private static final double FRACTION = 0.25;
    /** The upper end of every draw: the longest pause the backoff allows. */
    private static final RefreshDecision.Backoff BACKOFF = new RefreshDecision.Backoff(Duration.ofSeconds(30), Duration.ofMinutes(30),
            bound -> bound - 1);

    private static Connection.Builder oauth(Optional<Instant> expiresAt) {
        return Connection.builder(UUID.randomUUID(), "acme", "google", ConnectionKind.OAUTH).ownerUserId(Optional.of("alice"))
                .accessExpiresAt(expiresAt).hasRefreshToken(true).created("alice", NOW.minus(Duration.ofDays(1)));
    }

    private static Decision decide(Connection connection) {
        return RefreshDecision.before(connection, connection.hasRefreshToken(), NOW, AHEAD, FRACTION);
    }

    @Test
    void servesATokenValidBeyondTheRefreshAheadWindow() {
        assertEquals(Step.SERVE_STORED, decide(oauth(Optional.of(NOW.plus(Duration.ofMinutes(30)))).build()).step());
    }

    @Test
    void servesATokenThatNeverExpires() {
        assertEquals(Step.SERVE_STORED, decide(oauth(Optional.empty()).build()).step());
    }

    @Test
    void refreshesATokenExpiringWithinTheWindow() {
        assertEquals(Step.REFRESH, decide(oauth(Optional.of(NOW.plus(Duration.ofSeconds(30)))).build()).step());
    }

    @Test
    void refreshesATokenExpiringExactlyAtTheWindowsEnd() {
        assertEquals(Step.REFRESH, decide(oauth(Optional.of(NOW.plus(AHEAD))).build()).step());
    }

    @Test
    void refusesARevokedConnectionEvenWithAValidToken() {
        Connection revoked = oauth(Optional.of(NOW.plus(Duration.ofHours(1)))).status(ConnectionStatus.REVOKED).build();
        assertEquals(Step.REFUSE_REVOKED, decide(revoked).step());
    }

    @Test
    void refusesAConnectionWhoseUserMustReconnect() {
        Connection dead = oauth(Optional.of(NOW.plus(Duration.ofHours(1)))).status(ConnectionStatus.NEEDS_REAUTH).build();
        assertEquals(Step.REFUSE_NEEDS_REAUTH, decide(dead).step());
    }

    @Test
    void servesAStillValidTokenNothingCanRenew() {
        Connection noRefresh = oauth(Optional.of(NOW.plus(Duration.ofSeconds(30)))).hasRefreshToken(false).build();
        assertEquals(Step.SERVE_STORED, decide(noRefresh).step());
    }

    @Test
    void recordsAnExpiredTokenNothingCanRenew() {
        Connection noRefresh = oauth(Optional.of(NOW.minusSeconds(1))).hasRefreshToken(false).build();
        assertEquals(Step.RECORD_MISSING_REFRESH_TOKEN, decide(noRefresh).step());
    }

    @Test
    void neverRefreshesAnApiKey() {
        Connection key = Connection.builder(UUID.randomUUID(), "acme", "mapbox", ConnectionKind.API_KEY)
                .accessExpiresAt(Optional.of(NOW.minusSeconds(1))).hasRefreshToken(true).created("root", NOW).build();
        assertEquals(Step.RECORD_MISSING_REFRESH_TOKEN, decide(key).step());
    }

    @Test
    void waitsForTheProviderWhenItAskedToAndTheTokenExpired() {
        // Given
        Instant retryAt = NOW.plus(Duration.ofSeconds(20));
        Connection throttled = oauth(Optional.of(NOW.minusSeconds(5))).failures(1, Optional.of(FailureCategory.RATE_LIMIT),
                Optional.of("rate_limited"), Optional.of(retryAt)).build();
        // When
        Decision decision = decide(throttled);
        // Then
        assertEquals(Step.WAIT_FOR_PROVIDER, decision.step());
        assertEquals(Optional.of(retryAt), decision.notBefore());
    }

    @Test
    void servesAStillValidTokenWhileTheProviderAskedToWait() {
        Connection throttled = oauth(Optional.of(NOW.plusSeconds(10))).failures(1, Optional.of(FailureCategory.RATE_LIMIT),
                Optional.empty(), Optional.of(NOW.plusSeconds(20))).build();
        assertEquals(Step.SERVE_STORED, decide(throttled).step());
    }

    @Test
    void refusesAMisconfiguredConnectionUntilItsRetryTime() {
        Connection broken = oauth(Optional.of(NOW.minusSeconds(5))).status(ConnectionStatus.MISCONFIGURED)
                .failures(1, Optional.of(FailureCategory.MISCONFIGURED), Optional.of("invalid_client"), Optional.of(NOW.plusSeconds(60)))
                .build();
        assertEquals(Step.REFUSE_UNTIL_RETRY, decide(broken).step());
    }

    @Test
    void triesAMisconfiguredConnectionAgainOnceItsRetryTimePassed() {
        Connection broken = oauth(Optional.of(NOW.minusSeconds(5))).status(ConnectionStatus.MISCONFIGURED)
                .failures(1, Optional.of(FailureCategory.MISCONFIGURED), Optional.of("invalid_client"), Optional.of(NOW.minusSeconds(1)))
                .build();
        assertEquals(Step.REFRESH, decide(broken).step());
    }

    @Test
    void aTokenIsValidUntilItsExpiryOnly() {
        assertTrue(RefreshDecision.stillValid(oauth(Optional.of(NOW.plusMillis(1))).build(), NOW));
        assertFalse(RefreshDecision.stillValid(oauth(Optional.of(NOW)).build(), NOW));
        assertTrue(RefreshDecision.stillValid(oauth(Optional.empty()).build(), NOW));
    }

    private static ProviderCallException failure(FailureCategory category, Optional<Duration> retryAfter) {
        return new ProviderCallException("google", "refresh", 400, new ProviderError(category, "code", retryAfter));
    }

    @Test
    void aDeadGrantNeedsItsUser() {
        RefreshDecision.Failure after = RefreshDecision.after(failure(FailureCategory.AUTH, Optional.empty()), ConnectionStatus.ACTIVE, 0, BACKOFF, NOW);
        assertEquals(new RefreshDecision.Failure(ConnectionStatus.NEEDS_REAUTH, Optional.empty()), after);
    }

    @Test
    void aRefusalOfOurAppWaitsForAnOperatorAndIsTriedAgainLater() {
        RefreshDecision.Failure after = RefreshDecision.after(failure(FailureCategory.MISCONFIGURED, Optional.empty()),
                ConnectionStatus.ACTIVE, 0, BACKOFF, NOW);
        assertEquals(new RefreshDecision.Failure(ConnectionStatus.MISCONFIGURED, Optional.of(NOW.plus(Duration.ofMinutes(5)))), after);
    }

    @Test
    void aPermanentFailureIsAnErrorTriedAgainLater() {
        RefreshDecision.Failure after = RefreshDecision.after(failure(FailureCategory.PERMANENT, Optional.empty()),
                ConnectionStatus.ACTIVE, 0, BACKOFF, NOW);
        assertEquals(new RefreshDecision.Failure(ConnectionStatus.ERROR, Optional.of(NOW.plus(Duration.ofMinutes(5)))), after);
    }

    @Test
    void aTransientFailureKeepsTheStatusAndHonoursRetryAfter() {
        RefreshDecision.Failure after = RefreshDecision.after(failure(FailureCategory.RATE_LIMIT, Optional.of(Duration.ofSeconds(30))),
                ConnectionStatus.MISCONFIGURED, 0, BACKOFF, NOW);
        assertEquals(new RefreshDecision.Failure(ConnectionStatus.MISCONFIGURED, Optional.of(NOW.plusSeconds(30))), after);
    }

    @Test
    void aTransientFailureWithoutRetryAfterBacksOffExponentiallyUpToTheCeiling() {
        List<Duration> pauses = new ArrayList<>();
        for (int before = 0; before < 10; before++) {
            RefreshDecision.Failure after = RefreshDecision.after(failure(FailureCategory.TRANSIENT, Optional.empty()),
                    ConnectionStatus.ACTIVE, before, BACKOFF, NOW);
            assertEquals(ConnectionStatus.ACTIVE, after.status());
            pauses.add(Duration.between(NOW, after.retryAt().orElseThrow()));
        }
        assertEquals(List.of(30L, 60L, 120L, 240L, 480L, 960L, 1800L, 1800L, 1800L, 1800L),
                pauses.stream().map(Duration::toSeconds).toList());
    }

    @Test
    void theBackoffIsJitteredBetweenItsFloorAndTheDoubledCeiling() {
        Set<Long> seen = new HashSet<>();
        RefreshDecision.Backoff random = new RefreshDecision.Backoff(Duration.ofSeconds(30), Duration.ofMinutes(30),
                bound -> java.util.concurrent.ThreadLocalRandom.current().nextLong(bound));
        for (int i = 0; i < 200; i++) {
            Duration pause = Duration.between(NOW, RefreshDecision.after(failure(FailureCategory.TRANSIENT, Optional.empty()),
                    ConnectionStatus.ACTIVE, 3, random, NOW).retryAt().orElseThrow());
            assertTrue(pause.compareTo(Duration.ofSeconds(30)) >= 0 && pause.compareTo(Duration.ofSeconds(240)) <= 0, pause.toString());
            seen.add(pause.toSeconds());
        }
        assertTrue(seen.size() > 50, "jittered: " + seen.size() + " distinct pauses");
    }

    @Test
    void aShortLivedTokenIsDueOnlyInTheLastShareOfItsLifetime() {
        // Granted for 60 s: due in its last 15 s, not within the whole 60 s window.
        Connection young = oauth(Optional.of(NOW.plusSeconds(40))).lastRefreshedAt(Optional.of(NOW.minusSeconds(20))).build();
        Connection old = oauth(Optional.of(NOW.plusSeconds(14))).lastRefreshedAt(Optional.of(NOW.minusSeconds(46))).build();
        assertEquals(Duration.ofSeconds(15), RefreshDecision.window(young, AHEAD, FRACTION));
        assertEquals(Step.SERVE_STORED, decide(young).step());
        assertEquals(Step.REFRESH, decide(old).step());
    }

    @Test
    void aLongLivedTokenKeepsTheConfiguredWindow() {
        Connection hour = oauth(Optional.of(NOW.plusSeconds(50))).lastRefreshedAt(Optional.of(NOW.minus(Duration.ofMinutes(59)))).build();
        assertEquals(AHEAD, RefreshDecision.window(hour, AHEAD, FRACTION));
        assertEquals(Step.REFRESH, decide(hour).step());
    }
}
