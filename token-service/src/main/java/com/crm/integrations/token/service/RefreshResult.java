package com.crm.integrations.token.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.crm.integrations.common.events.payload.ConnectionStatus;
import com.crm.integrations.common.retry.FailureCategory;
import com.crm.integrations.token.AccessToken;

/**
 * What one refresh of a connection did, for whoever asked: the internal API turns it into a token or an
 * error ({@link #tokenOrThrow}), a refresh run counts it ({@link RefreshOutcome}).
 *
 * @param token       the new token; or, after a transient failure, the stored one while it is still valid
 * @param failure     why the refresh failed; empty when it succeeded
 */
public record RefreshResult(UUID connectionId, Optional<AccessToken> token, Optional<Failure> failure) {

    /**
     * A failed refresh as it was recorded.
     *
     * @param status      the connection's status after it
     * @param retryAt     no refresh before this
     * @param breakerOpen the provider's breaker refused the call: nothing reached the provider and nothing was recorded
     */
    public record Failure(FailureCategory category, String providerCode, ConnectionStatus status, Optional<Instant> retryAt,
            boolean breakerOpen) {
    }

    static RefreshResult refreshed(UUID id, AccessToken token) {
        return new RefreshResult(id, Optional.of(token), Optional.empty());
    }

    /** How a refresh run counts it. */
    public RefreshOutcome outcome() {
        if (failure.isEmpty()) {
            return RefreshOutcome.REFRESHED;
        }
        Failure failed = failure.get();
        if (failed.breakerOpen()) {
            return RefreshOutcome.SKIPPED_BREAKER_OPEN;
        }
        return switch (failed.category()) {
            case AUTH -> RefreshOutcome.NEEDS_REAUTH;
            case MISCONFIGURED -> RefreshOutcome.MISCONFIGURED;
            case PERMANENT -> RefreshOutcome.ERROR;
            case RATE_LIMIT -> RefreshOutcome.RATE_LIMITED;
            default -> RefreshOutcome.TRANSIENT_FAILURE;
        };
    }

    /**
     * The token for a caller: the new one, or the still-valid stored one after a transient failure.
     *
     * @throws RefreshUnavailableException when the provider failed for now and the stored token expired (503)
     * @throws ConnectionUnusableException when someone must act (409)
     */
    public AccessToken tokenOrThrow(Instant now) {
        if (token.isPresent()) {
            return token.get();
        }
        Failure failed = failure.orElseThrow();
        if (failed.breakerOpen() || failed.category() == FailureCategory.TRANSIENT || failed.category() == FailureCategory.RATE_LIMIT) {
            Duration wait = failed.retryAt().map(at -> Duration.between(now, at)).filter(d -> !d.isNegative() && !d.isZero())
                    .orElse(Duration.ofSeconds(5));
            throw RefreshUnavailableException.providerFailed(connectionId, failed.category(), wait);
        }
        throw ConnectionUnusableException.cannotRefresh(connectionId, failed.category(), failed.providerCode());
    }
}
