package com.crm.integrations.common.retry;

import java.time.Duration;
import java.util.Optional;

import com.crm.integrations.common.retry.ProviderErrors.ProviderError;

/**
 * A provider call that failed: what was called ({@code provider}, {@code operation}), the HTTP status
 * (0 when no answer came: connection refused, timeout) and the classified error. The message names
 * those and nothing else: never a request or response body, a token or a credential.
 */
public class ProviderCallException extends RuntimeException {

    /** The provider code of a call the open breaker refused. */
    public static final String CIRCUIT_OPEN = "circuit_open";

    private final String provider;
    private final String operation;
    private final int status;
    private final ProviderError error;

    public ProviderCallException(String provider, String operation, int status, ProviderError error) {
        super(describe(provider, operation, status, error), null, false, false);
        this.provider = provider;
        this.operation = operation;
        this.status = status;
        this.error = error;
    }

    /**
     * A call that got no answer (connection refused or reset, timed out): transient, with code
     * {@code timeout} or {@code unreachable} (never a class name: codes reach events and the CRM).
     */
    public static ProviderCallException unreachable(String provider, String operation, Throwable cause) {
        return new ProviderCallException(provider, operation, 0,
                new ProviderError(FailureCategory.TRANSIENT, ProviderGuards.isTimeout(cause) ? "timeout" : "unreachable", Optional.empty()));
    }

    /**
     * The call never left: the provider's circuit breaker refused it. Transient, but nothing to hold
     * against the connection or account it was made for.
     */
    public static ProviderCallException circuitOpen(String provider, String operation) {
        return new ProviderCallException(provider, operation, 0, new ProviderError(FailureCategory.TRANSIENT, CIRCUIT_OPEN, Optional.empty()));
    }

    /** Whether the breaker refused the call before it left ({@link #circuitOpen}). */
    public boolean breakerOpen() {
        return status == 0 && CIRCUIT_OPEN.equals(providerCode());
    }

    public String provider() {
        return provider;
    }

    public String operation() {
        return operation;
    }

    /** The HTTP status, or 0 when the provider did not answer. */
    public int status() {
        return status;
    }

    public ProviderError error() {
        return error;
    }

    public FailureCategory category() {
        return error.category();
    }

    /** The provider's own code ({@code invalid_grant}, {@code AADSTS700082}, …), or null. */
    public String providerCode() {
        return error.providerCode();
    }

    public Optional<Duration> retryAfter() {
        return error.retryAfter();
    }

    private static String describe(String provider, String operation, int status, ProviderError error) {
        return provider + " " + operation + " failed: " + (status == 0 ? "no answer" : "HTTP " + status) + ", "
                + error.category().wireName()
                + (error.providerCode() == null ? "" : " (" + error.providerCode() + ")")
                + error.retryAfter().map(wait -> ", retry after " + wait.toMillis() + " ms").orElse("");
    }
}
