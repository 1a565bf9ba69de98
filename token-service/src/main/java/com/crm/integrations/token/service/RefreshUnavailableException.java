package com.crm.integrations.token.service;

import java.time.Duration;
import java.util.UUID;

import com.crm.integrations.common.problem.UnavailableException;
import com.crm.integrations.common.retry.FailureCategory;

/** A connection's token cannot be handed out right now but can shortly: retry after the indicated time (503). */
public class RefreshUnavailableException extends UnavailableException {

    private RefreshUnavailableException(String message, Duration retryAfter) {
        super(message, retryAfter);
    }

    /** The provider asked us to wait (Retry-After) and the stored token has expired. */
    public static RefreshUnavailableException providerAskedToWait(UUID id, Duration wait) {
        return new RefreshUnavailableException("The provider asked to wait before the token of connection " + id
                + " is refreshed; retry after the indicated time", wait);
    }

    /** Another caller's refresh did not finish within the wait. */
    public static RefreshUnavailableException refreshInProgress(UUID id) {
        return new RefreshUnavailableException("The token of connection " + id + " is being refreshed; retry shortly",
                Duration.ofSeconds(1));
    }

    /** The provider failed the refresh in a way worth retrying. */
    public static RefreshUnavailableException providerFailed(UUID id, FailureCategory category, Duration retryAfter) {
        return new RefreshUnavailableException("The provider could not refresh the token of connection " + id + " ("
                + category.wireName() + "); retry later", retryAfter);
    }
}
