package com.crm.integrations.common.slots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.crm.integrations.testing.IntegrationInfrastructure;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;

/** A key takes its limit of calls at once across replicas, a lapsed lease frees its slot, a caller waits at most its maximum. */
@QuarkusTest
@WithTestResource(value = IntegrationInfrastructure.class, initArgs = @ResourceArg(name = "sandbox", value = "false"))
class CallPermitsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration LONG_LEASE = Duration.ofMinutes(1);

    @Inject
    CallPermits permits;

    /** Calls held open by a test until it ends them; every one is ended after the test. */
    private final List<CompletableFuture<Void>> openCalls = new ArrayList<>();

    @AfterEach
    void endOpenCalls() {
        openCalls.forEach(end -> end.complete(null));
    }

    @Test
    void aKeyTakesAtMostItsLimitOfCallsAtOnce() {
        // Given: 12 calls of 100 ms under one key whose limit is 3
        String key = newKey();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger highest = new AtomicInteger();
        List<Uni<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            calls.add(permits.run(key, 3, LONG_LEASE, () -> Uni.createFrom().item(() -> {
                highest.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                return 1;
            }).onItem().delayIt().by(Duration.ofMillis(100)).invoke(inFlight::decrementAndGet)));
        }

        // When
        List<Integer> done = Uni.join().all(calls).andFailFast().await().atMost(WAIT);

        // Then
        assertEquals(12, done.size());
        assertEquals(3, highest.get(), "never more than the limit, and the limit used");
        assertEquals(0, held(key), "every slot was given back");
    }

    @Test
    void heldCountsTheSlotsOfTheKeyInUse() {
        // Given: two calls in flight under a key whose limit is 3, one under another key
        String key = newKey();
        openCall(key, 3, LONG_LEASE);
        openCall(key, 3, LONG_LEASE);
        openCall(newKey(), 3, LONG_LEASE);

        // When
        int held = held(key);

        // Then
        assertEquals(2, held);
    }

    @Test
    void aSlotWhoseLeaseLapsedIsNotCountedAsHeld() {
        // Given: a call still in flight whose 100 ms lease lapsed (its replica died, say)
        String key = newKey();
        openCall(key, 1, Duration.ofMillis(100));
        sleep(Duration.ofMillis(300));

        // When
        int held = held(key);

        // Then
        assertEquals(0, held);
    }

    @Test
    void aSlotWhoseLeaseLapsedIsTakenByTheNextCaller() {
        // Given: the key's only slot held by a call whose 100 ms lease lapses while it is still in flight
        String key = newKey();
        openCall(key, 1, Duration.ofMillis(100));

        // When
        String answer = permits.run(key, 1, LONG_LEASE, () -> Uni.createFrom().item("ran")).await().atMost(WAIT);

        // Then
        assertEquals("ran", answer);
    }

    @Test
    void aCallerThatFindsNoSlotWithinItsMaximumWaitFailsNamingTheKey() {
        // Given: the key's only slot held for a minute
        String key = newKey();
        openCall(key, 1, LONG_LEASE);
        AtomicInteger ran = new AtomicInteger();
        long start = System.nanoTime();

        // When
        SlotsBusyException busy = assertThrows(SlotsBusyException.class, () -> permits.run(key, 1, LONG_LEASE,
                Duration.ofMillis(300), () -> Uni.createFrom().item(ran::incrementAndGet)).await().atMost(WAIT));

        // Then
        assertEquals(key, busy.key());
        assertEquals(0, ran.get(), "the call never ran");
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofMillis(300)) >= 0, "it waited its maximum");
        assertEquals(1, held(key), "it took nothing");
    }

    @Test
    void anExclusiveCallHoldsEverySlotOfTheKey() {
        // Given
        String key = newKey();

        // When: the exclusive call reads how many slots are held
        int heldDuringTheCall = permits.runExclusive(key, 4, LONG_LEASE, () -> permits.held(key)).await().atMost(WAIT);

        // Then
        assertEquals(4, heldDuringTheCall);
        assertEquals(0, held(key), "all given back");
    }

    @Test
    void anExclusiveCallWaitsForTheCallsInFlightToEnd() {
        // Given: two calls in flight under a key whose limit is 4, ending in 300 ms
        String key = newKey();
        CompletableFuture<Void> first = openCall(key, 4, LONG_LEASE);
        CompletableFuture<Void> second = openCall(key, 4, LONG_LEASE);
        AtomicLong ended = new AtomicLong();
        CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS).execute(() -> {
            ended.set(System.nanoTime());
            first.complete(null);
            second.complete(null);
        });

        // When
        long started = permits.runExclusive(key, 4, LONG_LEASE, () -> Uni.createFrom().item(System::nanoTime)).await().atMost(WAIT);

        // Then
        assertTrue(ended.get() != 0 && started > ended.get(), "the exclusive call started only after both ended");
    }

    @Test
    void anExclusiveCallerThatNeverFindsEverySlotFreeFailsAfterItsMaximumWait() {
        // Given: one call in flight for a minute under a key whose limit is 4
        String key = newKey();
        openCall(key, 4, LONG_LEASE);
        AtomicInteger ran = new AtomicInteger();

        // When
        SlotsBusyException busy = assertThrows(SlotsBusyException.class, () -> permits.runExclusive(key, 4, LONG_LEASE,
                Duration.ofMillis(300), () -> Uni.createFrom().item(ran::incrementAndGet)).await().atMost(WAIT));

        // Then
        assertEquals(key, busy.key());
        assertEquals(0, ran.get(), "the call never ran");
        assertEquals(1, held(key), "it kept none of the free slots");
    }

    /** A call under {@code key} that has taken its slot and runs until the returned future completes. */
    private CompletableFuture<Void> openCall(String key, int limit, Duration lease) {
        CompletableFuture<Void> end = new CompletableFuture<>();
        openCalls.add(end);
        CompletableFuture<Void> started = new CompletableFuture<>();
        permits.run(key, limit, lease, () -> {
            started.complete(null);
            return Uni.createFrom().completionStage(end);
        }).subscribe().with(ignored -> {
        }, failure -> started.completeExceptionally(failure));
        Uni.createFrom().completionStage(started).await().atMost(WAIT);
        return end;
    }

    private int held(String key) {
        return permits.held(key).await().atMost(WAIT);
    }

    private static String newKey() {
        return "test:" + UUID.randomUUID();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
