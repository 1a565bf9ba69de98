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
import com.crm.integrations.sandbox.control.When;

class FaultControlConcurrencyTest {

    private static final int THREADS = 8;
    private static final int CALLS_PER_THREAD = 500;

    @Test
    void appliesAFaultExactlyTimesTimesUnderConcurrentCalls() throws Exception {
        // Given
        FaultControl control = new FaultControl();
        control.add(new FaultRule(RequestMatcher.of("GET", "/api/*"), 1_000, When.BEFORE, new FaultRule.Answer(503, null, null, null)));
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> faultsPerThread = new ArrayList<>();

        // When
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

        // Then
        assertEquals(1_000, faults);
        assertEquals(THREADS * CALLS_PER_THREAD, control.calls(new PathPattern("/api/items")));
        assertTrue(control.rules().isEmpty(), "a rule whose uses are spent is dropped");
    }
}
