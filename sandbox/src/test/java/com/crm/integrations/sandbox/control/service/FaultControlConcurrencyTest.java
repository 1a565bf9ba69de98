package com.crm.integrations.sandbox.control.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.crm.integrations.sandbox.control.FaultRule;
import com.crm.integrations.sandbox.control.PathPattern;
import com.crm.integrations.sandbox.control.RequestMatcher;
import com.crm.integrations.sandbox.control.Rule;
import com.crm.integrations.sandbox.control.When;

class FaultControlConcurrencyTest {

    private static final int THREADS = 8;
    private static final int CALLS_PER_THREAD = 500;

    private final FaultControl control = new FaultControl();

    @Test
    void appliesAFaultExactlyTimesTimesUnderConcurrentCalls() throws Exception {
        // Given
        control.add(fault(1_000, Rule.EVERY_REQUEST));

        // When
        int faults = faultsOfConcurrentCalls();

        // Then
        assertEquals(1_000, faults);
        assertEquals(THREADS * CALLS_PER_THREAD, control.calls(new PathPattern("/api/items")));
        assertTrue(control.rules().isEmpty(), "a rule whose uses are spent is dropped");
    }

    @Test
    void appliesAFaultToExactlyItsShareUnderConcurrentCalls() throws Exception {
        // Given
        control.add(fault(null, 0.25));

        // When
        int faults = faultsOfConcurrentCalls();

        // Then
        assertEquals(THREADS * CALLS_PER_THREAD / 4, faults);
        assertEquals(1, control.rules().size(), "an unlimited rule stays");
    }

    @Test
    void appliesASharedFaultExactlyTimesTimesUnderConcurrentCalls() throws Exception {
        // Given: its share would fault 2,000 of the 4,000 calls
        control.add(fault(1_000, 0.5));

        // When
        int faults = faultsOfConcurrentCalls();

        // Then
        assertEquals(1_000, faults);
        assertTrue(control.rules().isEmpty(), "a rule whose uses are spent is dropped");
    }

    /** {@value #THREADS} threads call {@code GET /api/items} {@value #CALLS_PER_THREAD} times each: how many got a fault. */
    private int faultsOfConcurrentCalls() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> faultsPerThread = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            faultsPerThread.add(pool.submit(() -> {
                start.await();
                int faults = 0;
                for (int i = 0; i < CALLS_PER_THREAD; i++) {
                    if (control.intercept("GET", "/api/items").fault() != null) {
                        faults++;
                    }
                }
                return faults;
            }));
        }
        start.countDown();
        int faults = 0;
        for (Future<Integer> f : faultsPerThread) {
            faults += f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        return faults;
    }

    private static FaultRule fault(Integer times, double share) {
        return new FaultRule(RequestMatcher.of("GET", "/api/*"), times, share, When.BEFORE, new FaultRule.Answer(503, null, null, null));
    }
}
