package com.crm.integrations.status.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.crm.integrations.common.events.Topics;
import com.crm.integrations.status.Integration.Sibling;
import com.crm.integrations.status.config.SiblingsConfig;
import com.crm.integrations.status.health.SiblingProbes.Health;
import com.crm.integrations.status.health.Staleness.Decision;
import com.crm.integrations.status.health.Staleness.Observation;
import com.crm.integrations.status.repository.ChangeRows;
import com.crm.integrations.status.repository.SourceRows;
import com.crm.integrations.status.service.Projection;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Each replica's rounds of deciding which siblings are stale (docs/status.md, "How stale is decided"): every probe
 * interval it probes each sibling that has a URL and measures the live consumer's lag on each sibling's topic, lets
 * {@link Staleness} decide, and writes the decisions to {@code status_source} in one transaction, logging a change of
 * every tenant's cards when a sibling's mark flipped, so that every open stream on every replica reads again. Rounds
 * never overlap: the next is scheduled when one ends, so a sibling never has more than one probe in flight. A round
 * whose write fails (PostgreSQL unreachable) is logged; the next one writes again.
 */
@ApplicationScoped
public class StaleSiblings {

    private static final Logger LOG = Logger.getLogger(StaleSiblings.class);
    /** The longest a round waits for its write (PostgreSQL unreachable but not refusing): then the next round tries. */
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);
    /** The topic each sibling publishes its events on. */
    static final Map<Sibling, String> TOPICS = Map.of(Sibling.TOKEN_SERVICE, Topics.TOKEN_EVENTS,
            Sibling.CALENDAR_SERVICE, Topics.CALENDAR_EVENTS, Sibling.MAILCHIMP_SERVICE, Topics.MAILCHIMP_EVENTS);

    private final SiblingsConfig config;
    private final SiblingProbes probes;
    private final ConsumerLag lag;
    private final SourceRows sources;
    private final ChangeRows changes;
    private final Pool pool;
    private final Vertx vertx;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Staleness staleness;
    private final Map<Sibling, String> urls = new EnumMap<>(Sibling.class);
    private final Map<Sibling, AtomicReference<Double>> healthy = new EnumMap<>(Sibling.class);
    private final Map<String, AtomicReference<Double>> lags = new LinkedHashMap<>();
    private volatile boolean stopped;
    private volatile long timer = -1;
    private boolean lagUnknown;
    private volatile boolean writeFailing;

    public StaleSiblings(SiblingsConfig config, SiblingProbes probes, ConsumerLag lag, SourceRows sources, ChangeRows changes,
            Pool pool, Vertx vertx, Clock clock, MeterRegistry registry) {
        this.config = config;
        this.probes = probes;
        this.lag = lag;
        this.sources = sources;
        this.changes = changes;
        this.pool = pool;
        this.vertx = vertx;
        this.clock = clock;
        this.registry = registry;
        this.staleness = new Staleness(config.grace());
        for (Sibling sibling : Sibling.values()) {
            config.url(sibling).ifPresent(url -> urls.put(sibling, url));
            lags.put(TOPICS.get(sibling), new AtomicReference<>(Double.NaN));
        }
    }

    void start(@Observes StartupEvent started) {
        urls.keySet().forEach(sibling -> {
            AtomicReference<Double> value = new AtomicReference<>(Double.NaN);
            healthy.put(sibling, value);
            Gauge.builder("status.sibling.healthy", value, AtomicReference::get).tag("sibling", sibling.serviceName())
                    .description("Whether the sibling's last probe found it ready with its Kafka group UP (1) or not (0)")
                    .register(registry);
        });
        lags.forEach((topic, value) -> Gauge.builder("status.consumer.lag", value, AtomicReference::get).tag("topic", topic)
                .description("Records the live projection's consumer group is behind on the topic; NaN when Kafka cannot be asked")
                .register(registry));
        if (urls.size() < Sibling.values().length) {
            LOG.infof("Siblings not probed (no URL): %s", Arrays.stream(Sibling.values())
                    .filter(sibling -> !urls.containsKey(sibling)).map(Sibling::serviceName).toList());
        }
        next();
    }

    void stop(@Observes ShutdownEvent stopping) {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void next() {
        if (!stopped) {
            timer = vertx.setTimer(Math.max(1, config.probeInterval().toMillis()), id -> round().subscribe().with(done -> next(),
                    failure -> {
                        LOG.warnf("A round of sibling probes failed: %s", failure.toString());
                        next();
                    }));
        }
    }

    /** One round: observe, decide, write. */
    Uni<Void> round() {
        List<Sibling> probed = new ArrayList<>(urls.keySet());
        List<Uni<Health>> asked = probed.stream().map(sibling -> probes.probe(sibling.serviceName(), urls.get(sibling))).toList();
        Uni<List<Health>> health = asked.isEmpty() ? Uni.createFrom().item(List.of()) : Uni.join().all(asked).andCollectFailures();
        Context context = io.vertx.core.Vertx.currentContext();
        Uni<Optional<Map<String, Long>>> behind = lag.of(Projection.LIVE_CONSUMER, lags.keySet())
                .map(Optional::of)
                .onFailure().recoverWithItem(this::lagUnknown);
        if (context != null) {
            // Kafka answers on its own network thread: the decisions and the write go on with this round's event loop.
            behind = behind.emitOn(command -> context.runOnContext(ignored -> command.run()));
        }
        return Uni.combine().all().unis(health, behind).asTuple().chain(found -> {
            Instant now = clock.instant();
            Map<Sibling, Health> byProbe = new EnumMap<>(Sibling.class);
            for (int i = 0; i < probed.size(); i++) {
                byProbe.put(probed.get(i), found.getItem1().get(i));
            }
            Map<Sibling, Decision> decisions = decide(byProbe, found.getItem2(), now);
            return write(decisions, now);
        });
    }

    private synchronized Map<Sibling, Decision> decide(Map<Sibling, Health> byProbe, Optional<Map<String, Long>> behind,
            Instant now) {
        if (behind.isPresent() && lagUnknown) {
            lagUnknown = false;
            LOG.info("Kafka answers again: the consumer lag is measured");
        }
        Map<Sibling, Decision> decisions = new EnumMap<>(Sibling.class);
        for (Sibling sibling : Sibling.values()) {
            Health health = byProbe.get(sibling);
            if (health != null) {
                healthy.get(sibling).set(health.healthy() ? 1.0 : 0.0);
            }
            String topic = TOPICS.get(sibling);
            Long records = behind.map(lagByTopic -> lagByTopic.getOrDefault(topic, 0L)).orElse(null);
            lags.get(topic).set(records == null ? Double.NaN : records.doubleValue());
            String lagging = records != null && records > config.maxLag()
                    ? String.format(Locale.ROOT, "status-service is %,d events behind on %s's events", records, sibling.serviceName())
                    : null;
            decisions.put(sibling, staleness.observe(sibling,
                    new Observation(health == null || health.healthy() ? null : health.reason(), lagging), now));
        }
        return decisions;
    }

    private synchronized Optional<Map<String, Long>> lagUnknown(Throwable failure) {
        lags.values().forEach(value -> value.set(Double.NaN));
        if (!lagUnknown) {
            lagUnknown = true;
            LOG.warnf("status-service cannot ask Kafka how far its consumer is behind (%s): no sibling is marked stale for lag"
                    + " until it can (a broker that is down shows in the siblings' own Kafka health)", failure.toString());
        }
        return Optional.empty();
    }

    private Uni<Void> write(Map<Sibling, Decision> decisions, Instant now) {
        List<String> flipped = new ArrayList<>();
        return pool.withTransaction(tx -> write(tx, new ArrayList<>(decisions.entrySet()), 0, flipped, now))
                .ifNoItem().after(WRITE_TIMEOUT).fail()
                .invoke(() -> {
                    flipped.forEach(LOG::info);
                    if (writeFailing) {
                        writeFailing = false;
                        LOG.info("Which siblings are stale is recorded again");
                    }
                })
                .onFailure().recoverWithUni(failure -> {
                    if (!writeFailing && !stopped) {
                        writeFailing = true;
                        LOG.warnf("Could not record which siblings are stale (%s); every round tries again", failure.toString());
                    } else {
                        LOG.debugf("Could not record which siblings are stale (%s)", failure.toString());
                    }
                    return Uni.createFrom().voidItem();
                });
    }

    /** Writes the decisions one after the other on {@code tx}, then logs one change of every tenant's cards if any flipped. */
    private Uni<Void> write(SqlConnection tx, List<Map.Entry<Sibling, Decision>> decisions, int index, List<String> flipped,
            Instant now) {
        if (index == decisions.size()) {
            return flipped.isEmpty() ? Uni.createFrom().voidItem() : changes.everyTenant(tx);
        }
        Sibling sibling = decisions.get(index).getKey();
        Decision decision = decisions.get(index).getValue();
        String source = sibling.serviceName();
        Uni<Void> written = switch (decision.verdict()) {
            case STALE -> sources.stale(tx, source, decision.since(), decision.reason(), now).invoke(turned -> {
                if (turned) {
                    flipped.add("The cards built from " + source + "'s facts are stale since " + decision.since() + ": "
                            + decision.reason());
                }
            }).replaceWithVoid();
            case FRESH -> sources.fresh(tx, source, now).invoke(turned -> {
                if (turned) {
                    flipped.add("The cards built from " + source + "'s facts are current again");
                }
            }).replaceWithVoid();
            case UNDECIDED -> sources.checked(tx, source, now);
        };
        return written.chain(() -> write(tx, decisions, index + 1, flipped, now));
    }
}
