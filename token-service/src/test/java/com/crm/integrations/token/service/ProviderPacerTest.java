package com.crm.integrations.token.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.infrastructure.Infrastructure;

class ProviderPacerTest {

    @Test
    void aWaitUnderOneMillisecondBecomesOneMillisecond() {
        // When
        Duration delay = ProviderPacer.timerDelay(250_000);

        // Then
        assertEquals(Duration.ofMillis(1), delay);
    }

    @Test
    void aWaitIsRoundedUpToWholeMillisecondsNeverDown() {
        // When
        Duration delay = ProviderPacer.timerDelay(1_700_000);

        // Then
        assertEquals(Duration.ofMillis(2), delay);
    }

    @Test
    void aWaitOfWholeMillisecondsStaysAsItIs() {
        // When
        Duration delay = ProviderPacer.timerDelay(20_000_000);

        // Then
        assertEquals(Duration.ofMillis(20), delay);
    }

    @Test
    void callsWhoseTimersFireLateStillStartOneIntervalApart() throws Exception {
        // Given: 20 calls a second (50 ms apart), and the one timer thread stalled for 400 ms while 6 callers wait
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        ScheduledExecutorService before = Infrastructure.getDefaultWorkerPool();
        Infrastructure.setDefaultExecutor(timers);
        try {
            ProviderPacer pacer = new ProviderPacer(provider -> 20.0);
            List<CompletableFuture<Long>> starts = new java.util.ArrayList<>();
            CountDownLatch stalled = new CountDownLatch(1);
            timers.execute(() -> {
                stalled.countDown();
                try {
                    Thread.sleep(400);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            });
            stalled.await();
            for (int i = 0; i < 6; i++) {
                starts.add(pacer.slot("paced").map(ignored -> System.nanoTime()).subscribeAsCompletionStage());
            }
            // When
            List<Long> times = new java.util.ArrayList<>();
            for (CompletableFuture<Long> start : starts) {
                times.add(start.get(5, TimeUnit.SECONDS));
            }
            // Then: however late the timers fired, no two calls started less than an interval apart
            times.sort(Long::compare);
            for (int i = 1; i < times.size(); i++) {
                long gap = (times.get(i) - times.get(i - 1)) / 1_000_000;
                assertTrue(gap >= 49, "calls " + (i - 1) + " and " + i + " started " + gap + " ms apart");
            }
        } finally {
            Infrastructure.setDefaultExecutor(before);
            timers.shutdownNow();
        }
    }
}
