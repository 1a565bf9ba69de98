package com.crm.integrations.token.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;

/**
 * Waits for a refresh another caller (on this replica or another) is doing, by trying again every
 * {@value #POLL_MILLIS} ms until the caller's wait runs out, then answers 503 with Retry-After.
 * Each try re-reads the connection; the poll is bounded by {@code integrations.token.refresh-wait}.
 */
@Singleton
public class RefreshInProgressPoll {

    static final long POLL_MILLIS = 50;
    private static final Duration POLL = Duration.ofMillis(POLL_MILLIS);

    private final Clock clock = Clock.systemUTC();

    /**
     * {@code again} after a pause, or a 503 when {@code waitUntil} has passed.
     *
     * @throws RefreshUnavailableException (as the Uni's failure) once the wait has run out
     */
    public <T> Uni<T> pauseThen(UUID connectionId, Instant waitUntil, Supplier<Uni<T>> again) {
        if (clock.instant().isAfter(waitUntil)) {
            return Uni.createFrom().failure(RefreshUnavailableException.refreshInProgress(connectionId));
        }
        return Uni.createFrom().voidItem().onItem().delayIt().by(POLL).chain(() -> again.get());
    }
}
