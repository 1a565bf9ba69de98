package com.crm.integrations.token.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.LongUnaryOperator;

import com.crm.integrations.common.events.payload.ConnectionKind;
import com.crm.integrations.common.events.payload.ConnectionStatus;
import com.crm.integrations.common.retry.FailureCategory;
import com.crm.integrations.common.retry.ProviderCallException;
import com.crm.integrations.token.Connection;

/**
 * Decides, from a connection's stored state alone, what a request for its access token does: serve
 * the stored token, refresh it first, wait, or refuse; and what a failed refresh leaves behind. Pure.
 */
public final class RefreshDecision {

    /** How long a connection that failed for good (misconfigured, error) waits before one more refresh attempt. */
    static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(5);

    /** What to do with a request for a connection's token. */
    public enum Step {
        /** Revoked: 409. */
        REFUSE_REVOKED,
        /** The user must reconnect: 409. */
        REFUSE_NEEDS_REAUTH,
        /** Hand out the stored token: it is valid beyond the refresh-ahead window, or still valid and cannot be refreshed now. */
        SERVE_STORED,
        /** Expired and nothing can renew it (no refresh token, an API key): record an auth failure; the user must reconnect. */
        RECORD_MISSING_REFRESH_TOKEN,
        /** Expired, and the provider asked us to wait: 503 until {@link Decision#notBefore}. */
        WAIT_FOR_PROVIDER,
        /** Expired, and the last refresh failed for good: 409 until {@link Decision#notBefore}. */
        REFUSE_UNTIL_RETRY,
        /** Take the refresh lease and refresh. */
        REFRESH
    }

    /** A step, and for the waiting ones the time before which no refresh is tried. */
    public record Decision(Step step, Optional<Instant> notBefore) {
        static Decision of(Step step) {
            return new Decision(step, Optional.empty());
        }
    }

    /** What a failed refresh leaves: the connection's new status and when the next attempt is allowed. */
    public record Failure(ConnectionStatus status, Optional<Instant> retryAt) {
    }

    private RefreshDecision() {
    }

    /**
     * Revoked and needs-reauth connections serve nothing. Misconfigured and error ones serve a still
     * valid token and try one refresh again once their retry time passed: an operator who fixed the
     * provider's configuration sees them recover without every user reconnecting.
     *
     * @param refreshAhead a token expiring within this (at most; see {@link #window}) is refreshed before it is handed out
     * @param fraction     the share of the token's lifetime within which it is due
     */
    public static Decision before(Connection connection, boolean hasRefreshToken, Instant now, Duration refreshAhead, double fraction) {
        if (connection.status() == ConnectionStatus.REVOKED) {
            return Decision.of(Step.REFUSE_REVOKED);
        }
        if (connection.status() == ConnectionStatus.NEEDS_REAUTH) {
            return Decision.of(Step.REFUSE_NEEDS_REAUTH);
        }
        boolean dueForRefresh = due(connection, now, window(connection, refreshAhead, fraction));
        if (!dueForRefresh) {
            return Decision.of(Step.SERVE_STORED);
        }
        boolean valid = stillValid(connection, now);
        if (!hasRefreshToken || connection.kind() == ConnectionKind.API_KEY) {
            return Decision.of(valid ? Step.SERVE_STORED : Step.RECORD_MISSING_REFRESH_TOKEN);
        }
        Optional<Instant> notBefore = connection.retryAt().filter(now::isBefore);
        if (notBefore.isEmpty()) {
            return Decision.of(Step.REFRESH);
        }
        if (valid) {
            return Decision.of(Step.SERVE_STORED);
        }
        return new Decision(connection.status() == ConnectionStatus.ACTIVE ? Step.WAIT_FOR_PROVIDER : Step.REFUSE_UNTIL_RETRY, notBefore);
    }

    /**
     * How long before its expiry a token counts as due: {@code configured}, or {@code fraction} of the
     * lifetime the provider granted it (from the last refresh to the expiry) when that is shorter. A
     * token valid for 60 s is thus refreshed about once per lifetime, not on every call within a 60 s
     * window. Without a known lifetime: {@code configured}.
     */
    public static Duration window(Connection connection, Duration configured, double fraction) {
        if (connection.accessExpiresAt().isEmpty() || connection.lastRefreshedAt().isEmpty()) {
            return configured;
        }
        Duration lifetime = Duration.between(connection.lastRefreshedAt().get(), connection.accessExpiresAt().get());
        if (lifetime.isNegative() || lifetime.isZero()) {
            return configured;
        }
        Duration share = Duration.ofMillis((long) (lifetime.toMillis() * fraction));
        return share.compareTo(configured) < 0 ? share : configured;
    }

    /** Whether the token expires within {@code window} of {@code now}; one without an expiry never does. */
    public static boolean due(Connection connection, Instant now, Duration window) {
        return connection.accessExpiresAt().map(expiry -> !expiry.isAfter(now.plus(window))).orElse(false);
    }

    /** Whether the stored access token is still valid at {@code now} (one without an expiry always is). */
    public static boolean stillValid(Connection connection, Instant now) {
        return connection.accessExpiresAt().map(expiry -> expiry.isAfter(now)).orElse(true);
    }

    /** The connection's own pause after transient failures: exponential, with full jitter, bounded. */
    public record Backoff(Duration min, Duration max, LongUnaryOperator random) {
        public Duration after(int failures) {
            return com.crm.integrations.common.retry.Backoff.fullJitter(failures, min, max, random);
        }
    }

    /**
     * The status a failed refresh leaves (the grant dead: needs_reauth; our app refused: misconfigured;
     * any other refusal: error; transient: unchanged), and the next attempt: the provider's Retry-After
     * when it gave one; after a transient failure the connection's own backoff ({@code failuresBefore}
     * failures in a row before this one); a pause after a failure an operator must fix.
     */
    public static Failure after(ProviderCallException failure, ConnectionStatus current, int failuresBefore, Backoff backoff,
            Instant now) {
        FailureCategory category = failure.category();
        ConnectionStatus status = switch (category) {
            case AUTH -> ConnectionStatus.NEEDS_REAUTH;
            case MISCONFIGURED -> ConnectionStatus.MISCONFIGURED;
            case PERMANENT -> ConnectionStatus.ERROR;
            default -> current; // transient: the connection still works once the provider does
        };
        Optional<Instant> retryAt = failure.retryAfter().map(now::plus).or(() -> switch (category) {
            case MISCONFIGURED, PERMANENT -> Optional.of(now.plus(RETRY_AFTER_FAILURE));
            case TRANSIENT, RATE_LIMIT -> Optional.of(now.plus(backoff.after(failuresBefore + 1)));
            default -> Optional.empty();
        });
        return new Failure(status, retryAt);
    }
}
