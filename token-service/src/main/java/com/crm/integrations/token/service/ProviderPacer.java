package com.crm.integrations.token.service;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import com.crm.integrations.token.config.TokenServiceConfig;

import io.smallrye.mutiny.Uni;

/**
 * Paces refresh runs' token-endpoint calls per provider on this replica: calls start at least
 * {@code 1 / rate} seconds apart, so no second holds more than {@code rate + 1} of them (the cluster's
 * total is replicas × rate). Written here rather than taken from SmallRye Fault Tolerance, whose rate
 * limit refuses the calls over the limit: a run must delay them, not fail them. The wait is a timer
 * (whole milliseconds, rounded up), never a blocked thread, and at most the run's concurrency waits at once.
 *
 * <p>
 * The spacing holds between the calls' actual starts, not between reserved times: a caller whose timer fires
 * takes the provider's next start only if it is due by then, else waits again. Timers that fire late (a busy
 * event loop, a pause) so start their calls one interval apart, rather than all at once.
 */
@Singleton
public class ProviderPacer {

    /** Per provider: when its next call may start ({@link System#nanoTime()}). */
    private final Map<String, AtomicLong> nextStart = new ConcurrentHashMap<>();
    private final ToDoubleFunction<String> rates;

    @Inject
    public ProviderPacer(TokenServiceConfig config) {
        this(provider -> config.refresh().providerRates().getOrDefault(provider, config.refresh().ratePerSecond()));
    }

    /** With the calls per second allowed to each provider. */
    ProviderPacer(ToDoubleFunction<String> rates) {
        this.rates = rates;
    }

    /** Completes when this provider's next call may start (the caller starts it then). */
    public Uni<Void> slot(String provider) {
        long interval = (long) (1_000_000_000L / rate(provider));
        return Uni.createFrom().deferred(() -> take(provider, interval));
    }

    private Uni<Void> take(String provider, long interval) {
        AtomicLong next = nextStart.computeIfAbsent(provider, p -> new AtomicLong(System.nanoTime()));
        while (true) {
            long now = System.nanoTime();
            long due = next.get();
            long wait = due - now;
            if (wait > 0) {
                return Uni.createFrom().voidItem().onItem().delayIt().by(timerDelay(wait))
                        .chain(() -> take(provider, interval));
            }
            if (next.compareAndSet(due, now + interval)) {
                return Uni.createFrom().voidItem();
            }
            // Another caller took this start: look again.
        }
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
        return rates.applyAsDouble(provider);
    }
}
