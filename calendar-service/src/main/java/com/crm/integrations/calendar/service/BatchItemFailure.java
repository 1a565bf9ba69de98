package com.crm.integrations.calendar.service;

import java.time.Duration;
import java.util.Optional;

import com.crm.integrations.common.retry.FailureCategory;

/**
 * One batched write the provider did not carry out, read from its own answer: sent again later ({@link #retryable()}:
 * throttled or failing for now, after its own {@code Retry-After} or a backoff) or refused for good with the
 * provider's words. Its neighbours in the batch are not concerned.
 *
 * @param status  the item's HTTP status (0: the batch's answer lacked the item)
 * @param message the provider's message (of a refusal), or ours
 */
final class BatchItemFailure extends RuntimeException {

    private final FailureCategory category;
    private final int status;
    private final String providerCode;
    private final Optional<Duration> retryAfter;

    BatchItemFailure(FailureCategory category, int status, String providerCode, Optional<Duration> retryAfter, String message) {
        super(message, null, false, false);
        this.category = category;
        this.status = status;
        this.providerCode = providerCode;
        this.retryAfter = retryAfter;
    }

    boolean retryable() {
        return category == FailureCategory.TRANSIENT || category == FailureCategory.RATE_LIMIT;
    }

    FailureCategory category() {
        return category;
    }

    int status() {
        return status;
    }

    String providerCode() {
        return providerCode;
    }

    Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
