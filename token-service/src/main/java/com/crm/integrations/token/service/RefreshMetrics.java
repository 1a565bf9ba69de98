package com.crm.integrations.token.service;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Refresh metrics (docs/token-refresh.md): refreshes by provider and outcome, their latency, runs by
 * trigger and status, and, sampled by the run worker, how many tokens are due and how overdue the
 * oldest expired one is. Labels carry provider names and outcomes only.
 */
@Singleton
public class RefreshMetrics {

    private final MeterRegistry registry;
    private final AtomicLong due = new AtomicLong();
    private final AtomicLong overdueSeconds = new AtomicLong();

    public RefreshMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("integrations.token.refresh.due", due);
        registry.gauge("integrations.token.refresh.most.overdue.seconds", overdueSeconds);
    }

    Timer.Sample start() {
        return Timer.start(registry);
    }

    void refreshed(String provider, RefreshOutcome outcome, Timer.Sample sample) {
        Counter.builder("integrations.token.refreshes").description("Token refreshes by provider and outcome")
                .tag("provider", provider).tag("outcome", outcome.wireName()).register(registry).increment();
        sample.stop(Timer.builder("integrations.token.refresh.duration").description("One refresh: the provider call and the store")
                .tag("provider", provider).publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(5))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry));
    }

    void runFinished(String trigger, String status) {
        Counter.builder("integrations.token.refresh.runs").description("Refresh runs by trigger and final status")
                .tag("trigger", trigger).tag("status", status).register(registry).increment();
    }

    /** The worker's latest sample: active connections due now, and seconds since the most overdue one expired (0: none). */
    void sampled(long dueNow, long mostOverdueSeconds) {
        due.set(dueNow);
        overdueSeconds.set(mostOverdueSeconds);
    }
}
