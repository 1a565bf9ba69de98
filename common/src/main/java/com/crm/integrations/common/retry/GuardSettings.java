package com.crm.integrations.common.retry;

import java.time.Duration;
import java.util.Objects;

/**
 * How one provider's calls are guarded: a timeout per attempt, retries with full-jitter backoff
 * that honour {@code Retry-After}, and a circuit breaker. {@link ProviderGuards} turns it into a
 * SmallRye Fault Tolerance guard.
 *
 * @param timeout        per attempt
 * @param maxRetries     retries after the first attempt (0: none)
 * @param minBackoff     the first pause, and the floor of every pause
 * @param maxBackoff     the ceiling of a computed pause
 * @param maxRetryAfter  the longest {@code Retry-After} waited for within a call; a provider asking
 *                       for longer fails the call at once with {@code rate_limit} and the wait, for the
 *                       caller to schedule
 * @param maxDuration    the most time one call may spend, retries included
 * @param breakerVolume  calls in the breaker's rolling window
 * @param breakerRatio   the share of failures in the window that opens the breaker
 * @param breakerDelay   how long an open breaker refuses calls before it lets a trial through
 */
public record GuardSettings(Duration timeout, int maxRetries, Duration minBackoff, Duration maxBackoff,
        Duration maxRetryAfter, Duration maxDuration, int breakerVolume, double breakerRatio, Duration breakerDelay) {

    public GuardSettings {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(minBackoff, "minBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        Objects.requireNonNull(maxDuration, "maxDuration");
        Objects.requireNonNull(breakerDelay, "breakerDelay");
        positive(timeout, "timeout");
        positive(maxDuration, "maxDuration");
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be 0 or more, was " + maxRetries);
        }
        if (minBackoff.isNegative() || maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= minBackoff <= maxBackoff, was " + minBackoff + " and " + maxBackoff);
        }
        if (maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("maxRetryAfter must not be negative");
        }
        if (breakerVolume < 1) {
            throw new IllegalArgumentException("breakerVolume must be at least 1, was " + breakerVolume);
        }
        if (!(breakerRatio > 0 && breakerRatio <= 1)) {
            throw new IllegalArgumentException("breakerRatio must be in (0, 1], was " + breakerRatio);
        }
        positive(breakerDelay, "breakerDelay");
    }

    private static void positive(Duration duration, String name) {
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + duration);
        }
    }
}
