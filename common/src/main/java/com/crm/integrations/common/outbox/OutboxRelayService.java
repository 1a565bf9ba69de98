package com.crm.integrations.common.outbox;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import com.crm.integrations.common.events.Channels;
import com.crm.integrations.common.sql.PostgresConfig;
import com.crm.integrations.common.sql.PostgresConnections;
import com.crm.integrations.common.sql.Pruning;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.pgclient.PgConnectOptions;

/**
 * Runs this replica's {@link OutboxRelay}: wakes it on every commit notification of the schema's
 * channel (and after the listening connection comes back, since notifications sent meanwhile are
 * lost), on the polling fallback, and keeps the backlog gauges and the pruning of sent rows going.
 */
@ApplicationScoped
public class OutboxRelayService {

    private static final Logger LOG = Logger.getLogger(OutboxRelayService.class);
    private static final long RECONNECT_DELAY_MILLIS = 1000;

    static final String BACKLOG = """
            SELECT count(*) AS pending,
                   (SELECT created_at FROM outbox WHERE sent_at IS NULL ORDER BY position LIMIT 1) AS oldest
              FROM outbox WHERE sent_at IS NULL""";

    static final String PRUNE = """
            DELETE FROM outbox WHERE position IN (
                SELECT position FROM outbox WHERE sent_at < $1 ORDER BY sent_at LIMIT $2 FOR UPDATE SKIP LOCKED)""";

    private final Pool pool;
    private final MutinyEmitter<String> emitter;
    private final OutboxConfig config;
    private final OutboxMetrics metrics;
    private final Vertx vertx;
    private final String source;
    private final PgConnectOptions listenerOptions;
    private final String channel;

    private volatile OutboxRelay relay;
    private volatile PgSubscriber subscriber;

    public OutboxRelayService(Pool pool, @Channel(Channels.OUTBOX) MutinyEmitter<String> emitter, OutboxConfig config,
            OutboxMetrics metrics, Vertx vertx, @ConfigProperty(name = "quarkus.application.name") String application,
            PostgresConfig postgres) {
        this.pool = pool;
        this.emitter = emitter;
        this.config = config;
        this.metrics = metrics;
        this.vertx = vertx;
        this.source = sourceOf(application);
        // The listening connection goes where the pool goes: both are built from integrations.postgres.
        this.listenerOptions = PostgresConnections.options(postgres);
        this.channel = Outbox.channelOf(postgres.schema());
    }

    /** The CloudEvent {@code source} of a service's events. */
    public static String sourceOf(String application) {
        return "/integrations/" + application;
    }

    void start(@Observes StartupEvent started) {
        if (!config.relay().enabled()) {
            LOG.info("Outbox relay disabled on this replica (integrations.outbox.relay.enabled=false)");
            return;
        }
        OutboxRelay ours = newRelay(pool);
        relay = ours;
        PgSubscriber listener = PgSubscriber.subscriber(vertx, listenerOptions);
        listener.reconnectPolicy(attempt -> RECONNECT_DELAY_MILLIS);
        listener.channel(channel)
                .handler(tenant -> ours.wake())
                .subscribeHandler(ours::wake);
        subscriber = listener;
        listen(listener);
        ours.wake();
    }

    private void listen(PgSubscriber listener) {
        listener.connect().subscribe().with(
                connected -> LOG.debugf("Outbox relay listening on %s", channel),
                failure -> {
                    if (relay != null) {
                        LOG.warnf("Outbox relay cannot listen for commits (%s); polling every %s until it can",
                                failure.getMessage(), config.relay().pollInterval());
                        vertx.setTimer(RECONNECT_DELAY_MILLIS, id -> listen(listener));
                    }
                });
    }

    void stop(@Observes ShutdownEvent stopping) {
        OutboxRelay running = relay;
        relay = null;
        if (running != null) {
            running.stop();
        }
        PgSubscriber listener = subscriber;
        if (listener != null) {
            listener.close().subscribe().with(closed -> {
            }, failure -> {
            });
        }
    }

    /** This replica's relay; null when it is disabled or not started. */
    public OutboxRelay localRelay() {
        return relay;
    }

    /**
     * A relay over {@code connections}. Each relay claims tenants on its own, exactly as the relay
     * of another replica does; the service runs one, over the application's pool.
     */
    public OutboxRelay newRelay(Pool connections) {
        return new OutboxRelay(connections, emitter, config.relay(), metrics, vertx, source);
    }

    @Scheduled(every = "${integrations.outbox.relay.poll-interval}", delayed = "${integrations.outbox.relay.poll-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    /** The polling fallback (the scheduler calls it every poll interval): wakes the relay. */
    public void poll() {
        OutboxRelay running = relay;
        if (running != null) {
            running.wake();
        }
    }

    @Scheduled(every = "${integrations.outbox.relay.metrics-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> refreshBacklog() {
        return pool.query(BACKLOG).execute().invoke(rows -> {
            Row row = rows.iterator().next();
            OffsetDateTime oldest = row.getOffsetDateTime("oldest");
            metrics.backlog(row.getLong("pending"),
                    oldest == null ? Duration.ZERO : Duration.between(oldest.toInstant(), Instant.now()));
        }).replaceWithVoid().onFailure().recoverWithUni(failure -> {
            LOG.debugf("Outbox backlog not measured: %s", failure.getMessage());
            return Uni.createFrom().voidItem();
        });
    }

    @Scheduled(every = "${integrations.outbox.prune.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> prune() {
        return pruneSentBefore(Instant.now().minus(config.prune().retention()))
                .invoke(deleted -> {
                    if (deleted > 0) {
                        LOG.debugf("Pruned %d sent outbox rows", deleted);
                    }
                })
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("Outbox pruning failed, next run retries: %s", failure.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }

    /**
     * Deletes rows sent before {@code cutoff}, a batch per statement (each its own short
     * transaction), until none is left; pending rows are never touched.
     *
     * @return how many rows were deleted
     */
    public Uni<Long> pruneSentBefore(Instant cutoff) {
        return Pruning.inBatches(pool, PRUNE, cutoff, config.prune().batchSize());
    }
}
