package com.crm.integrations.common.outbox;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The outbox's meters: what waits ({@code integrations.outbox.pending},
 * {@code integrations.outbox.oldest.pending.age}), what went out ({@code integrations.outbox.published}
 * by topic, and {@code integrations.outbox.delivery.lag}, commit to broker acknowledgement) and what
 * did not ({@code integrations.outbox.publish.failures} by topic). Labels are topics, never tenants.
 */
@ApplicationScoped
public class OutboxMetrics {

    private final MeterRegistry registry;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong oldestPendingMillis = new AtomicLong();
    private final Timer deliveryLag;
    // Looked up per event: one map read instead of building and registering a meter id each time.
    private final Map<String, Counter> published = new ConcurrentHashMap<>();
    private final Map<String, Counter> failures = new ConcurrentHashMap<>();

    public OutboxMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("integrations.outbox.pending", pending, AtomicLong::get)
                .description("Outbox rows not yet acknowledged by Kafka").baseUnit("rows").register(registry);
        Gauge.builder("integrations.outbox.oldest.pending.age", oldestPendingMillis, millis -> millis.get() / 1000.0)
                .description("Age of the oldest outbox row not yet acknowledged by Kafka (0 when none)")
                .baseUnit("seconds").register(registry);
        this.deliveryLag = Timer.builder("integrations.outbox.delivery.lag")
                .description("From the commit of an outbox row to Kafka's acknowledgement of its record")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    void published(String topic, Duration lag) {
        published.computeIfAbsent(topic, t -> Counter.builder("integrations.outbox.published")
                .description("Outbox rows published and acknowledged").tag("topic", t).register(registry)).increment();
        deliveryLag.record(lag.isNegative() ? Duration.ZERO : lag);
    }

    void failed(String topic) {
        failures.computeIfAbsent(topic, t -> Counter.builder("integrations.outbox.publish.failures")
                .description("Outbox rows whose send Kafka refused (they are resent)").tag("topic", t).register(registry))
                .increment();
    }

    void backlog(long rows, Duration oldest) {
        pending.set(rows);
        oldestPendingMillis.set(oldest.toMillis());
    }
}
