package com.crm.integrations.common.retry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import io.smallrye.faulttolerance.api.CustomBackoffStrategy;

/**
 * The pause between retries of one guarded call: the provider's {@code Retry-After} when it sent
 * one, else exponential backoff with full jitter ({@link Backoff#fullJitter}). SmallRye Fault
 * Tolerance makes one instance per guarded call, so the failure count is that call's.
 * A {@code Retry-After} longer than the guard's limit is never waited for: {@link ProviderGuards}
 * does not retry such a failure at all.
 */
public final class RetryAfterBackoff implements CustomBackoffStrategy {

    private final Duration min;
    private final Duration max;
    private int failures;

    public RetryAfterBackoff(Duration min, Duration max) {
        this.min = min;
        this.max = max;
    }

    @Override
    public long nextDelayInMillis(Throwable cause) {
        failures++;
        if (cause instanceof ProviderCallException) {
            ProviderCallException failure = (ProviderCallException) cause;
            if (failure.retryAfter().isPresent()) {
                return Math.max(min.toMillis(), failure.retryAfter().get().toMillis());
            }
        }
        return Backoff.fullJitter(failures, min, max, bound -> ThreadLocalRandom.current().nextLong(bound)).toMillis();
    }
}
