package com.crm.integrations.sandbox.control;

import com.crm.integrations.sandbox.error.InvalidRequestException;

/**
 * Delay matching requests by {@code millis} (0-{@value #MAX_MILLIS}) before handling them,
 * with a timer: no thread waits.
 */
public record LatencyRule(RequestMatcher matcher, Integer times, long millis) implements Rule {

    public static final long MAX_MILLIS = 60_000;

    public LatencyRule {
        Rule.checkTimes(times);
        if (millis < 0 || millis > MAX_MILLIS) {
            throw new InvalidRequestException("millis must be between 0 and " + MAX_MILLIS);
        }
    }
}
