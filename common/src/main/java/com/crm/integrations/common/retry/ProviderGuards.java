package com.crm.integrations.common.retry;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import jakarta.enterprise.util.TypeLiteral;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;

/**
 * Builds the SmallRye Fault Tolerance guard of one provider (or one data centre): one per target,
 * because a breaker shared by every provider would open for all when one is down (the
 * {@code @RegisterRestClient} trap in DESIGN.md). Order, outermost first: retry, circuit breaker,
 * timeout per attempt.
 * <ul>
 * <li>Retried: {@link FailureCategory#TRANSIENT} and {@link FailureCategory#RATE_LIMIT} failures whose
 * {@code Retry-After} (if any) is within {@link GuardSettings#maxRetryAfter()}, and attempts that timed
 * out. Never: {@code auth}, {@code permanent}, {@code misconfigured} (the answer would not change),
 * nor a refusal by the open breaker.</li>
 * <li>Counted by the breaker: the same retryable failures. A user's dead grant or a bad request says
 * nothing about the provider's health.</li>
 * </ul>
 */
public final class ProviderGuards {

    private ProviderGuards() {
    }

    /** A guard for calls returning {@code Uni<T>}; {@code name} names the breaker (metrics, logs). */
    public static <T> TypedGuard<Uni<T>> build(TypeLiteral<Uni<T>> type, String name, GuardSettings settings) {
        return build(type, name, settings, ProviderGuards::providerUnhealthy);
    }

    /**
     * A guard whose breaker counts only the failures {@code counted} names. Per-user APIs pass
     * {@link #providerInTrouble}: one user's throttling says nothing of the provider's health, and must
     * not stop every other user's calls.
     */
    public static <T> TypedGuard<Uni<T>> build(TypeLiteral<Uni<T>> type, String name, GuardSettings settings,
            Predicate<Throwable> counted) {
        return TypedGuard.create(type)
                .withDescription(name)
                .withRetry()
                    .maxRetries(settings.maxRetries())
                    .maxDuration(settings.maxDuration().toMillis(), ChronoUnit.MILLIS)
                    .delay(settings.minBackoff().toMillis(), ChronoUnit.MILLIS)
                    .jitter(0, ChronoUnit.MILLIS)
                    .whenException(failure -> retryable(failure, settings))
                    .withCustomBackoff()
                        .strategy(() -> new RetryAfterBackoff(settings.minBackoff(), settings.maxBackoff()))
                        .done()
                    .done()
                .withCircuitBreaker()
                    .name(name)
                    .requestVolumeThreshold(settings.breakerVolume())
                    .failureRatio(settings.breakerRatio())
                    .delay(settings.breakerDelay().toMillis(), ChronoUnit.MILLIS)
                    .when(counted)
                    .done()
                .withTimeout()
                    .duration(settings.timeout().toMillis(), ChronoUnit.MILLIS)
                    .done()
                .build();
    }

    /** Whether trying again can succeed within this call. */
    static boolean retryable(Throwable failure, GuardSettings settings) {
        if (failure instanceof CircuitBreakerOpenException) {
            return false;
        }
        if (failure instanceof ProviderCallException) {
            ProviderCallException call = (ProviderCallException) failure;
            return call.error().retryable()
                    && call.retryAfter().map(wait -> wait.compareTo(settings.maxRetryAfter()) <= 0).orElse(true);
        }
        return timedOut(failure);
    }

    /** Whether a failure says the provider itself is struggling. */
    static boolean providerUnhealthy(Throwable failure) {
        if (failure instanceof ProviderCallException) {
            return ((ProviderCallException) failure).error().retryable();
        }
        return timedOut(failure);
    }

    /** Whether a failure says the provider itself is in trouble: transient failures and timeouts, not throttling. */
    public static boolean providerInTrouble(Throwable failure) {
        if (failure instanceof ProviderCallException) {
            return ((ProviderCallException) failure).category() == FailureCategory.TRANSIENT;
        }
        return timedOut(failure);
    }

    /** The guard's own timeout, or a timeout or refused connection the client reported, possibly wrapped. */
    static boolean timedOut(Throwable failure) {
        return isTimeout(failure) || causedBy(failure, ConnectException.class);
    }

    /**
     * Whether a failure is a timeout anywhere in its cause chain: the guard's own, the JDK's, or a
     * client's (Vert.x and Netty report theirs as {@code *TimeoutException} types of their own).
     */
    public static boolean isTimeout(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException
                    || cause instanceof TimeoutException || cause instanceof SocketTimeoutException
                    || cause.getClass().getSimpleName().endsWith("TimeoutException")) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
