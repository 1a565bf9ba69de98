package com.crm.integrations.token.service;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Singleton;

import com.crm.integrations.token.config.TokenServiceConfig;

import io.smallrye.mutiny.Uni;

/**
 * Paces refresh runs' token-endpoint calls per provider on this replica: calls start at least
 * {@code 1 / rate} seconds apart, so no second holds more than {@code rate + 1} of them (the cluster's
 * total is replicas × rate). Written here rather than taken from SmallRye Fault Tolerance, whose rate
 * limit refuses the calls over the limit: a run must delay them, not fail them. The wait is a timer
 * (whole milliseconds, rounded up), never a blocked thread, and at most the run's concurrency waits at once.
 */
@Singleton
public class ProviderPacer {

    private final Map<String, AtomicLong> nextSlot = new ConcurrentHashMap<>();
    private final TokenServiceConfig.Refresh config;

    public ProviderPacer(TokenServiceConfig config) {
        this.config = config.refresh();
    }

    /** Completes when this provider's next call may start. */
    public Uni<Void> slot(String provider) {
        long interval = (long) (1_000_000_000L / rate(provider));
        long now = System.nanoTime();
        long[] mine = new long[1];
        nextSlot.computeIfAbsent(provider, p -> new AtomicLong(now)).updateAndGet(next -> {
            mine[0] = Math.max(next, now);
            return mine[0] + interval;
        });
        long wait = mine[0] - now;
        return wait <= 0 ? Uni.createFrom().voidItem() : Uni.createFrom().voidItem().onItem().delayIt().by(timerDelay(wait));
    }

    /**
     * The wait as a timer delay: whole milliseconds, rounded up. Mutiny's delays run on Vert.x timers here,
     * which count whole milliseconds and refuse a delay under one: a wait of 0.4 ms would fail the slot
     * (and leave the run's item leased until its lease ran out), one of 1.7 ms would start 0.7 ms early.
     */
    static Duration timerDelay(long waitNanos) {
        return Duration.ofMillis((waitNanos + 999_999) / 1_000_000);
    }

    /** Calls per second allowed to this provider on this replica. */
    public double rate(String provider) {
        return config.providerRates().getOrDefault(provider, config.ratePerSecond());
    }
}
