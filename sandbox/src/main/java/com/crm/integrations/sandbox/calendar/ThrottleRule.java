package com.crm.integrations.sandbox.calendar;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.crm.integrations.sandbox.error.InvalidRequestException;
import com.crm.integrations.sandbox.provider.Provider;

/**
 * Answer an account's next requests as the provider does when it throttles (PROVIDERS.md §2.5, §4.5), for {@code times}
 * requests, for {@code duration}, or both (whichever ends first), or until removed.
 *
 * @param reason Google's {@code reason}; {@code null} at Graph
 * @param retryAfter the {@code Retry-After} header in seconds, fractions allowed; {@code null} for none
 */
public record ThrottleRule(int status, String reason, String retryAfter, Integer times, Duration duration, Integer after) {

    private static final Pattern SECONDS = Pattern.compile("\\d{1,9}(\\.\\d{1,9})?");
    private static final Map<String, Set<Integer>> GOOGLE_REASONS = Map.of("userRateLimitExceeded", Set.of(403), "rateLimitExceeded",
            Set.of(403, 429), "quotaExceeded", Set.of(403), "backendError", Set.of(500, 503));
    private static final Set<Integer> GRAPH_STATUSES = Set.of(429, 503, 504);

    public ThrottleRule {
        if (after != null && (after < 0 || after > 100_000)) {
            throw new InvalidRequestException("after must be between 0 and 100000, or absent");
        }
        if (times != null && times < 1) {
            throw new InvalidRequestException("times must be at least 1, or absent");
        }
        if (duration != null && (duration.isNegative() || duration.isZero() || duration.toSeconds() > 86_400)) {
            throw new InvalidRequestException("seconds must be between 1 and 86400, or absent");
        }
        checkRetryAfter(retryAfter);
    }

    /** @throws InvalidRequestException unless {@code null} or a number of seconds, fractions allowed ({@code 2.128}) */
    public static void checkRetryAfter(String retryAfter) {
        if (retryAfter != null && !SECONDS.matcher(retryAfter).matches()) {
            throw new InvalidRequestException("retryAfter must be a number of seconds such as 2 or 2.128");
        }
    }

    /**
     * Google: {@code reason} one of userRateLimitExceeded (403), rateLimitExceeded (403, 429), quotaExceeded (403),
     * backendError (500, 503); either may be left out when the other implies it. Graph: {@code status} 429, 503 or 504.
     */
    public static ThrottleRule of(Provider provider, Integer status, String reason, String retryAfter, Integer times, Long seconds,
            Integer after) {
        Duration duration = seconds == null ? null : Duration.ofSeconds(seconds);
        if (provider == Provider.MICROSOFT) {
            if (status == null || !GRAPH_STATUSES.contains(status) || reason != null) {
                throw new InvalidRequestException("a Graph throttle takes status 429, 503 or 504 and no reason");
            }
            return new ThrottleRule(status, null, retryAfter, times, duration, after);
        }
        String googleReason = reason != null ? reason : status == null ? null : status >= 500 ? "backendError" : "rateLimitExceeded";
        Set<Integer> statuses = googleReason == null ? null : GOOGLE_REASONS.get(googleReason);
        if (statuses == null) {
            throw new InvalidRequestException("reason must be userRateLimitExceeded, rateLimitExceeded, quotaExceeded or backendError");
        }
        int googleStatus = status != null ? status : statuses.iterator().next();
        if (!statuses.contains(googleStatus)) {
            throw new InvalidRequestException("Google answers " + googleReason + " with status " + statuses + ", not " + googleStatus);
        }
        return new ThrottleRule(googleStatus, googleReason, retryAfter, times, duration, after);
    }
}
