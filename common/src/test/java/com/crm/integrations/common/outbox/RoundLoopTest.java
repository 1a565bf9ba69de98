package com.crm.integrations.common.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import com.crm.integrations.common.outbox.RoundLoop.RoundEnd;

import io.smallrye.mutiny.Uni;

/** The relay's round loop with rounds the test ends by hand and timers it fires by hand. */
class RoundLoopTest {

    /** Rounds started and not yet ended, oldest first. */
    private final Deque<CompletableFuture<RoundEnd>> rounds = new ArrayDeque<>();
    private final List<Duration> pauses = new ArrayList<>();
    private final Deque<Runnable> timers = new ArrayDeque<>();
    private int started;

    private final RoundLoop loop = new RoundLoop(() -> {
        started++;
        CompletableFuture<RoundEnd> round = new CompletableFuture<>();
        rounds.add(round);
        return Uni.createFrom().completionStage(round);
    }, (delay, action) -> {
        pauses.add(delay);
        timers.add(action);
    }, Duration.ofMillis(100), failures -> Duration.ofMillis(1000L * failures));

    private void end(RoundEnd end) {
        rounds.remove().complete(end);
    }

    @Test
    void aWakeUpWhileIdleStartsOneRound() {
        // When
        loop.wake();
        // Then
        assertEquals(1, started);
        assertTrue(loop.isBusy());
    }

    @Test
    void wakeUpsDuringARoundAskForExactlyOneMore() {
        // Given
        loop.wake();
        // When
        loop.wake();
        loop.wake();
        end(RoundEnd.DONE);
        // Then
        assertEquals(2, started, "one round for the wake-ups that came during the first");
        end(RoundEnd.DONE);
        assertEquals(2, started);
        assertFalse(loop.isBusy());
    }

    @Test
    void aRoundThatLeftRowsItCouldTakeRunsAgainWithoutAWakeUp() {
        // Given: a round that took as many tenants as it may while others wait (the flake of issue 10)
        loop.wake();
        // When
        end(RoundEnd.MORE);
        end(RoundEnd.MORE);
        end(RoundEnd.DONE);
        // Then
        assertEquals(3, started);
        assertFalse(loop.isBusy());
    }

    @Test
    void aContendedRoundLooksAgainAfterAShortPauseAndStaysBusy() {
        // Given
        loop.wake();
        // When
        end(RoundEnd.CONTENDED);
        // Then
        assertEquals(List.of(Duration.ofMillis(100)), pauses);
        assertTrue(loop.isBusy(), "a commit meanwhile needs no notification");
        timers.remove().run();
        assertEquals(2, started);
    }

    @Test
    void failedRoundsPauseLongerEachTimeAndRecover() {
        // Given
        loop.wake();
        // When
        rounds.remove().completeExceptionally(new IllegalStateException("database down"));
        timers.remove().run();
        rounds.remove().completeExceptionally(new IllegalStateException("database down"));
        timers.remove().run();
        end(RoundEnd.DONE);
        // Then
        assertEquals(List.of(Duration.ofMillis(1000), Duration.ofMillis(2000)), pauses);
        assertEquals(3, started);
        assertFalse(loop.isBusy());
        loop.wake();
        rounds.remove().completeExceptionally(new IllegalStateException("again"));
        assertEquals(Duration.ofMillis(1000), pauses.get(2), "the count starts over after a good round");
    }

    @Test
    void aRoundThatCannotStartCountsAsFailed() {
        // Given
        RoundLoop refusing = new RoundLoop(() -> {
            throw new IllegalStateException("pool closed");
        }, (delay, action) -> pauses.add(delay), Duration.ofMillis(100), failures -> Duration.ofMillis(7));
        // When
        refusing.wake();
        // Then
        assertEquals(List.of(Duration.ofMillis(7)), pauses);
        assertTrue(refusing.isBusy(), "it retries after the pause");
    }

    @Test
    void aStoppedLoopStartsNothingAndGoesIdleAfterItsRound() {
        // Given
        loop.wake();
        loop.wake();
        // When
        loop.stop();
        end(RoundEnd.MORE);
        loop.wake();
        // Then
        assertEquals(1, started);
        assertFalse(loop.isBusy());
    }

    @Test
    void aPendingPauseAfterStopEndsTheLoop() {
        // Given
        loop.wake();
        end(RoundEnd.CONTENDED);
        // When
        loop.stop();
        timers.remove().run();
        // Then
        assertEquals(1, started);
        assertFalse(loop.isBusy());
    }

    @Test
    void wakeUpsFromOtherThreadsAtTheEndOfRoundsAreNeverLost() throws Exception {
        // Given: rounds that end on one thread while another wakes the loop, many times over
        for (int attempt = 0; attempt < 2000; attempt++) {
            List<CompletableFuture<RoundEnd>> pending = java.util.Collections.synchronizedList(new ArrayList<>());
            java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
            RoundLoop racing = new RoundLoop(() -> {
                runs.incrementAndGet();
                CompletableFuture<RoundEnd> round = new CompletableFuture<>();
                pending.add(round);
                return Uni.createFrom().completionStage(round);
            }, (delay, action) -> action.run(), Duration.ZERO, failures -> Duration.ZERO);
            racing.wake();
            CompletableFuture<RoundEnd> first = pending.get(0);
            // When: the round ends while a wake-up arrives
            Thread waker = new Thread(racing::wake);
            waker.start();
            first.complete(RoundEnd.DONE);
            waker.join();
            // Then: the wake-up either started a round or left the loop busy with one still to come
            int afterRace = runs.get();
            if (afterRace == 1) {
                throw new AssertionError("attempt " + attempt + ": a wake-up at the end of a round was lost");
            }
            pending.get(pending.size() - 1).complete(RoundEnd.DONE);
            for (int i = 0; i < pending.size(); i++) {
                pending.get(i).complete(RoundEnd.DONE);
            }
        }
    }
}
