package com.crm.integrations.sandbox.calendar;

import java.util.Map;
import java.util.Set;

import com.crm.integrations.sandbox.control.When;
import com.crm.integrations.sandbox.error.InvalidRequestException;
import com.crm.integrations.sandbox.provider.Provider;

/**
 * Fail a {@code fraction} of an account's inner batch requests (and, with {@code singleCalls}, of its single calls) with
 * the provider's error, each request drawing from a random sequence that {@code seed} makes reproducible: Google's §2.5
 * shape and reason (403 {@code rateLimitExceeded}, {@code userRateLimitExceeded} or {@code quotaExceeded}; 429
 * {@code rateLimitExceeded}; 409 {@code conflict}; 500, 503 {@code backendError}; and the permanent 400
 * {@code badRequest} and 403 {@code forbiddenForNonOrganizer}), Graph's §4.6 shape (429 {@code TooManyRequests}, 503, 504,
 * 409, 500; and the permanent 400 {@code ErrorInvalidRequest} and 403 {@code ErrorAccessDenied}). {@code when} {@link When#AFTER}: the request does its work first (the
 * write is stored, its answer lost).
 *
 * @param reason Google's {@code reason}; {@code null} at Graph
 * @param retryAfter the {@code Retry-After} header in seconds, fractions allowed; {@code null} for none
 * @param times at most this many faults; {@code null}: unlimited
 */
public record ItemFaultRule(double fraction, int status, String reason, String retryAfter, long seed, Integer times, When when,
        boolean singleCalls) {

    private static final Map<Integer, Set<String>> GOOGLE_REASONS = Map.of(400, Set.of("badRequest"), 403, Set.of("rateLimitExceeded",
            "userRateLimitExceeded", "quotaExceeded", "forbiddenForNonOrganizer"), 429, Set.of("rateLimitExceeded"), 409,
            Set.of("conflict"), 500, Set.of("backendError"), 503, Set.of("backendError"));
    private static final Set<Integer> GRAPH_STATUSES = Set.of(400, 403, 409, 429, 500, 503, 504);

    public ItemFaultRule {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new InvalidRequestException("fraction must be more than 0 and at most 1");
        }
        if (times != null && times < 1) {
            throw new InvalidRequestException("times must be at least 1, or absent");
        }
        ThrottleRule.checkRetryAfter(retryAfter);
    }

    /**
     * Checks {@code status} (and Google's {@code reason}, which defaults to the status' usual one) against what the
     * provider answers.
     */
    public static ItemFaultRule of(Provider provider, Double fraction, Integer status, String reason, String retryAfter, long seed,
            Integer times, When when, boolean singleCalls) {
        if (fraction == null || status == null) {
            throw new InvalidRequestException("fraction and status are required");
        }
        if (provider == Provider.MICROSOFT) {
            if (!GRAPH_STATUSES.contains(status) || reason != null) {
                throw new InvalidRequestException("a Graph item fault takes status 400, 403, 409, 429, 500, 503 or 504 and no reason");
            }
            return new ItemFaultRule(fraction, status, null, retryAfter, seed, times, when, singleCalls);
        }
        Set<String> reasons = GOOGLE_REASONS.get(status);
        if (reasons == null) {
            throw new InvalidRequestException("a Google item fault takes status 400, 403, 409, 429, 500 or 503");
        }
        String googleReason = reason != null ? reason : status == 403 ? "rateLimitExceeded" : reasons.iterator().next();
        if (!reasons.contains(googleReason)) {
            throw new InvalidRequestException("Google answers status " + status + " with reason " + reasons + ", not " + googleReason);
        }
        return new ItemFaultRule(fraction, status, googleReason, retryAfter, seed, times, when, singleCalls);
    }
}
