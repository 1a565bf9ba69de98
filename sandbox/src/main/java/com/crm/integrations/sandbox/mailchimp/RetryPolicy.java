package com.crm.integrations.sandbox.mailchimp;

import java.time.Duration;

import com.crm.integrations.sandbox.error.InvalidRequestException;

/**
 * How webhook posts are delivered (PROVIDERS.md §6.4): each attempt waits at most {@code timeout} for the answer; a
 * failed one (no answer, timeout, not 2xx, not 410) is tried again after {@code firstRetry}, each later delay
 * {@code factor} times the one before, as long as the retry starts within {@code maxWindow} of the first attempt.
 * Mailchimp: 10 s, "increasing intervals", 75 minutes; its schedule is not documented [unconf].
 */
public record RetryPolicy(Duration timeout, Duration firstRetry, double factor, Duration maxWindow) {

    private static final Duration LONGEST = Duration.ofDays(1);

    public RetryPolicy {
        positive("timeout", timeout);
        positive("firstRetry", firstRetry);
        positive("maxWindow", maxWindow);
        if (!(factor >= 1 && factor <= 100)) {
            throw new InvalidRequestException("factor must be 1 to 100");
        }
    }

    /** The wait before attempt {@code attemptsMade + 1}. */
    public Duration delayAfter(int attemptsMade) {
        double millis = firstRetry.toMillis() * Math.pow(factor, Math.max(0, attemptsMade - 1));
        return millis >= LONGEST.toMillis() ? LONGEST : Duration.ofMillis(Math.max(1, Math.round(millis)));
    }

    /** Whether a retry after {@code delay} still starts within the window that opened with the first attempt. */
    public boolean retries(Duration sinceFirstAttempt, Duration delay) {
        return sinceFirstAttempt.plus(delay).compareTo(maxWindow) <= 0;
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero() || value.compareTo(LONGEST) > 0) {
            throw new InvalidRequestException(name + " must be more than 0 and at most a day");
        }
    }
}
