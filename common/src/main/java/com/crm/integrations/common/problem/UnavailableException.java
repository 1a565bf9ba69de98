package com.crm.integrations.common.problem;

import java.time.Duration;
import java.util.Objects;

/**
 * Something this request needs is unavailable for now (a provider, a refresh another caller is
 * doing): 503 with {@code Retry-After}, nothing was changed, the caller may retry.
 */
public class UnavailableException extends IntegrationException {

    private final Duration retryAfter;

    public UnavailableException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** Whole seconds, at least 1 (the header has no fractions). */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
