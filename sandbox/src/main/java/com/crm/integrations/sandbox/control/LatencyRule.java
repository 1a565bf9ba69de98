package com.crm.integrations.sandbox.control;

import com.crm.integrations.sandbox.error.InvalidRequestException;

/**
 * Delay matching requests by {@code millis} (0-{@value #MAX_MILLIS}) with a timer: no thread waits.
 *
 * @param share the share of the matching requests offered to it that it takes ({@link Rule#share()})
 * @param when {@code before}: the request waits, then the endpoint runs; {@code after}: the endpoint runs at once and its
 * answer waits (a client with a shorter timeout gives up after the write was stored)
 */
public record LatencyRule(RequestMatcher matcher, Integer times, double share, long millis, When when) implements Rule {

    public static final long MAX_MILLIS = 60_000;

    public LatencyRule {
        Rule.checkTimes(times);
        Rule.checkShare(share);
        if (millis < 0 || millis > MAX_MILLIS) {
            throw new InvalidRequestException("millis must be between 0 and " + MAX_MILLIS);
        }
        if (when == null) {
            when = When.BEFORE;
        }
    }
}
