package com.crm.integrations.common.retry;

import java.time.Duration;

import io.smallrye.config.WithDefault;

/**
 * The configuration group of one outbound target's guard (a provider, a sibling service): timeouts,
 * retries and breaker, with the defaults every service starts from. {@link #guard()} turns it into the
 * {@link GuardSettings} that {@link ProviderGuards} builds a guard from.
 */
public interface HttpGuardConfig {

    /** Per attempt. Defaults to 10 s. */
    @WithDefault("10s")
    Duration timeout();

    /** Defaults to 5 s. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** Retries after the first attempt, for transient failures and short Retry-After. Defaults to 2. */
    @WithDefault("2")
    int maxRetries();

    /** Defaults to 200 ms. */
    @WithDefault("200ms")
    Duration minBackoff();

    /** Defaults to 2 s. */
    @WithDefault("2s")
    Duration maxBackoff();

    /** The longest Retry-After waited for inside a call; longer fails as rate_limit. Defaults to 5 s. */
    @WithDefault("5s")
    Duration maxRetryAfter();

    /** The most one call may take, retries included. Defaults to 30 s. */
    @WithDefault("30s")
    Duration maxDuration();

    /** Calls in the breaker's window. Defaults to 20. */
    @WithDefault("20")
    int breakerVolume();

    /** Share of provider failures in the window that opens the breaker. Defaults to 0.5. */
    @WithDefault("0.5")
    double breakerRatio();

    /** How long an open breaker refuses calls. Defaults to 30 s. */
    @WithDefault("30s")
    Duration breakerDelay();

    /** The guard these settings describe. */
    default GuardSettings guard() {
        return new GuardSettings(timeout(), maxRetries(), minBackoff(), maxBackoff(), maxRetryAfter(), maxDuration(),
                breakerVolume(), breakerRatio(), breakerDelay());
    }
}
