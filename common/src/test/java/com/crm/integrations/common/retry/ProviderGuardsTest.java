package com.crm.integrations.common.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.util.TypeLiteral;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.junit.jupiter.api.Test;

import com.crm.integrations.common.retry.ProviderErrors.ProviderError;

import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;

class ProviderGuardsTest {

    private static final TypeLiteral<Uni<String>> UNI_STRING = new TypeLiteral<>() {
    };

    private static GuardSettings settings(int maxRetries, Duration maxRetryAfter, int breakerVolume) {
        return new GuardSettings(Duration.ofSeconds(2), maxRetries, Duration.ofMillis(5), Duration.ofMillis(20),
                maxRetryAfter, Duration.ofSeconds(10), breakerVolume, 0.5, Duration.ofSeconds(60));
    }

    private static ProviderCallException failure(FailureCategory category, Duration retryAfter) {
        return new ProviderCallException("google", "refresh", category == FailureCategory.RATE_LIMIT ? 429 : 503,
                new ProviderError(category, null, Optional.ofNullable(retryAfter)));
    }

    private static Uni<String> failingThenOk(AtomicInteger calls, int failures, ProviderCallException failure) {
        return Uni.createFrom().item(calls::incrementAndGet)
                .onItem().transformToUni(n -> n <= failures ? Uni.createFrom().failure(failure) : Uni.createFrom().item("ok"));
    }

    @Test
    void retriesTransientFailuresThenSucceeds() throws Exception {
        // Given
        TypedGuard<Uni<String>> guard = ProviderGuards.build(UNI_STRING, "t1", settings(3, Duration.ofSeconds(1), 100));
        AtomicInteger calls = new AtomicInteger();

        // When
        String result = guard.call(() -> failingThenOk(calls, 2, failure(FailureCategory.TRANSIENT, null)))
                .await().atMost(Duration.ofSeconds(5));

        // Then
        assertEquals("ok", result);
        assertEquals(3, calls.get());
    }

    @Test
    void doesNotRetryAuthPermanentOrMisconfigured() throws Exception {
        for (FailureCategory category : new FailureCategory[] { FailureCategory.AUTH, FailureCategory.PERMANENT,
                FailureCategory.MISCONFIGURED }) {
            // Given
            TypedGuard<Uni<String>> guard = ProviderGuards.build(UNI_STRING, "t2-" + category, settings(3, Duration.ofSeconds(1), 100));
            AtomicInteger calls = new AtomicInteger();

            // When
            Uni<String> call = guard.call(() -> failingThenOk(calls, 5, failure(category, null)));

            // Then
            assertThrows(ProviderCallException.class, () -> call.await().atMost(Duration.ofSeconds(5)));
            assertEquals(1, calls.get(), category.name());
        }
    }

    @Test
    void waitsForRetryAfterWithinTheLimit() throws Exception {
        // Given
        TypedGuard<Uni<String>> guard = ProviderGuards.build(UNI_STRING, "t3", settings(1, Duration.ofSeconds(1), 100));
        AtomicInteger calls = new AtomicInteger();
        long start = System.nanoTime();

        // When
        String result = guard.call(() -> failingThenOk(calls, 1, failure(FailureCategory.RATE_LIMIT, Duration.ofMillis(300))))
                .await().atMost(Duration.ofSeconds(5));

        // Then: the computed backoff is at most 20 ms, so the wait came from Retry-After
        assertEquals("ok", result);
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 300);
    }

    @Test
    void failsAtOnceWhenRetryAfterExceedsTheLimit() throws Exception {
        // Given
        TypedGuard<Uni<String>> guard = ProviderGuards.build(UNI_STRING, "t4", settings(3, Duration.ofSeconds(1), 100));
        AtomicInteger calls = new AtomicInteger();

        // When
        Uni<String> call = guard.call(() -> failingThenOk(calls, 5, failure(FailureCategory.RATE_LIMIT, Duration.ofSeconds(30))));

        // Then: the caller gets the wait to schedule, nobody sleeps 30 s in a request
        ProviderCallException e = assertThrows(ProviderCallException.class, () -> call.await().atMost(Duration.ofSeconds(5)));
        assertEquals(Optional.of(Duration.ofSeconds(30)), e.retryAfter());
        assertEquals(1, calls.get());
    }

    @Test
    void breakerOpensOnProviderFailuresButNotOnUserFailures() throws Exception {
        // Given: a breaker over 4 calls, no retries
        TypedGuard<Uni<String>> userFailures = ProviderGuards.build(UNI_STRING, "t5a", settings(0, Duration.ZERO, 4));
        TypedGuard<Uni<String>> providerFailures = ProviderGuards.build(UNI_STRING, "t5b", settings(0, Duration.ZERO, 4));
        AtomicInteger calls = new AtomicInteger();

        // When: 6 dead grants through one guard, 6 provider outages through the other
        for (int i = 0; i < 6; i++) {
            Uni<String> auth = userFailures.call(() -> failingThenOk(calls, Integer.MAX_VALUE, failure(FailureCategory.AUTH, null)));
            assertThrows(ProviderCallException.class, () -> auth.await().atMost(Duration.ofSeconds(5)));
            Uni<String> outage = providerFailures.call(() -> Uni.createFrom().failure(failure(FailureCategory.TRANSIENT, null)));
            assertThrows(Exception.class, () -> outage.await().atMost(Duration.ofSeconds(5)));
        }

        // Then
        Uni<String> afterAuth = userFailures.call(() -> Uni.createFrom().item("ok"));
        assertEquals("ok", afterAuth.await().atMost(Duration.ofSeconds(5)));
        Uni<String> afterOutage = providerFailures.call(() -> Uni.createFrom().item("ok"));
        assertThrows(CircuitBreakerOpenException.class, () -> afterOutage.await().atMost(Duration.ofSeconds(5)));
    }

    @Test
    void aBreakerCountingOnlyProviderTroubleIgnoresThrottling() throws Exception {
        // Given: per-user throttling and provider outages, each through a guard that counts only provider trouble
        TypedGuard<Uni<String>> throttled = ProviderGuards.build(UNI_STRING, "t6a", settings(0, Duration.ZERO, 4),
                ProviderGuards::providerInTrouble);
        TypedGuard<Uni<String>> failing = ProviderGuards.build(UNI_STRING, "t6b", settings(0, Duration.ZERO, 4),
                ProviderGuards::providerInTrouble);

        // When: 6 of one user's 429s through one guard, 6 outages through the other
        for (int i = 0; i < 6; i++) {
            Uni<String> tooMany = throttled.call(() -> Uni.createFrom().failure(failure(FailureCategory.RATE_LIMIT, null)));
            assertThrows(ProviderCallException.class, () -> tooMany.await().atMost(Duration.ofSeconds(5)));
            Uni<String> outage = failing.call(() -> Uni.createFrom().failure(failure(FailureCategory.TRANSIENT, null)));
            assertThrows(Exception.class, () -> outage.await().atMost(Duration.ofSeconds(5)));
        }

        // Then: other users' calls still go through the first; the second is open
        assertEquals("ok", throttled.call(() -> Uni.createFrom().item("ok")).await().atMost(Duration.ofSeconds(5)));
        Uni<String> afterOutage = failing.call(() -> Uni.createFrom().item("ok"));
        assertThrows(CircuitBreakerOpenException.class, () -> afterOutage.await().atMost(Duration.ofSeconds(5)));
    }

    @Test
    void retryAfterBackoffPrefersTheProvidersWait() {
        // Given
        RetryAfterBackoff backoff = new RetryAfterBackoff(Duration.ofMillis(100), Duration.ofSeconds(1));

        // When
        long withHeader = backoff.nextDelayInMillis(failure(FailureCategory.RATE_LIMIT, Duration.ofMillis(2500)));
        long without = backoff.nextDelayInMillis(failure(FailureCategory.TRANSIENT, null));

        // Then
        assertEquals(2500, withHeader);
        assertTrue(without >= 100 && without <= 1000, "computed pause " + without);
    }
}
