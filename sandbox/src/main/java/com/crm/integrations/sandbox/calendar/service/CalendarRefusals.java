package com.crm.integrations.sandbox.calendar.service;

import com.crm.integrations.sandbox.calendar.ThrottleRule;
import com.crm.integrations.sandbox.provider.ApiAnswer;
import com.crm.integrations.sandbox.provider.Provider;

/** The gate's refusals in each provider's words: for single calls at the gate, and for each inner request of a batch. */
public final class CalendarRefusals {

    private CalendarRefusals() {
    }

    /** 401: no valid token ({@code tokenPresent}: whether an {@code Authorization} header was there at all). */
    public static ApiAnswer unauthorized(Provider provider, boolean tokenPresent, String clientRequestId) {
        return provider == Provider.GOOGLE ? GoogleErrors.unauthorized() : GraphErrors.unauthorized(tokenPresent, clientRequestId);
    }

    /** 403: the token lacks the scope a read or write needs. */
    public static ApiAnswer insufficientScopes(Provider provider, String clientRequestId) {
        return provider == Provider.GOOGLE ? GoogleErrors.insufficientScopes() : GraphErrors.accessDenied(clientRequestId);
    }

    /** 429: over the account's concurrency limit; Graph says when to retry ({@code graphRetryAfter}). */
    public static ApiAnswer overLimit(Provider provider, String clientRequestId, String graphRetryAfter) {
        return provider == Provider.GOOGLE ? GoogleErrors.throttled(429, "rateLimitExceeded", null)
                : GraphErrors.overConcurrency(clientRequestId, graphRetryAfter);
    }

    /** An account's throttle rule's answer. */
    public static ApiAnswer throttled(Provider provider, ThrottleRule rule, String clientRequestId) {
        return provider == Provider.GOOGLE ? GoogleErrors.throttled(rule.status(), rule.reason(), rule.retryAfter())
                : GraphErrors.throttled(rule.status(), clientRequestId, rule.retryAfter());
    }
}
