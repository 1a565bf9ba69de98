package com.crm.integrations.calendar.service;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.crm.integrations.calendar.config.CalendarConfig;
import com.crm.integrations.common.sql.ChannelListener;
import com.crm.integrations.common.sql.PostgresConfig;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Follows a job's progress rows as they are written, on any replica: the rows after the one a client saw are read
 * from the table (so a reconnecting client with {@code Last-Event-ID} misses nothing), and each {@code pg_notify} on
 * {@link BatchProgress#CHANNEL} (one listening connection per replica) makes the streams of that job read again; a
 * heartbeat tick also reads, in case a notification was lost while the listening connection was down.
 */
@ApplicationScoped
public class BatchStreams {

    private static final Logger LOG = Logger.getLogger(BatchStreams.class);
    private static final String AFTER = "SELECT seq, state, succeeded, failed, cancelled, pending, final, recorded_at"
            + " FROM calendar_batch_progress WHERE batch_id = $1 AND seq > $2 ORDER BY seq LIMIT 500";

    /** One step of a job, as stored. */
    public record Step(long seq, String state, int succeeded, int failed, int cancelled, int pending, boolean last, Instant recordedAt) {
    }

    /** What a stream carries: a step, or a heartbeat that keeps the connection (and its proxies) open. */
    public sealed interface Item {
        record Progress(Step step) implements Item {
        }

        record Heartbeat() implements Item {
        }
    }

    private final Pool pool;
    private final Vertx vertx;
    private final PostgresConfig postgres;
    private final Duration heartbeat;
    private final Map<UUID, Set<Runnable>> following = new ConcurrentHashMap<>();
    private volatile ChannelListener listener;

    public BatchStreams(Pool pool, Vertx vertx, PostgresConfig postgres, CalendarConfig config) {
        this.pool = pool;
        this.vertx = vertx;
        this.postgres = postgres;
        this.heartbeat = config.batches().heartbeat();
    }

    void start(@Observes StartupEvent started) {
        // After a reconnect, notifications sent meanwhile are gone: every stream reads again.
        listener = ChannelListener.start(vertx, postgres, BatchProgress.CHANNEL, "Batch progress streams", this::announced,
                () -> following.values().forEach(readers -> readers.forEach(Runnable::run)));
    }

    void stop(@Observes ShutdownEvent stopping) {
        ChannelListener listening = listener;
        listener = null;
        if (listening != null) {
            listening.stop();
        }
    }

    private void announced(String payload) {
        try {
            Set<Runnable> readers = following.get(UUID.fromString(payload));
            if (readers != null) {
                readers.forEach(Runnable::run);
            }
        } catch (IllegalArgumentException notOurs) {
            LOG.debugf("Ignored a progress notification that names no job: %s", payload);
        }
    }

    /**
     * The job's steps after {@code after}, then each new one as it is recorded, with heartbeats between; completes after
     * the job's last step, or at {@code closeAt} (the caller's token expires then).
     */
    public Multi<Item> follow(UUID batchId, long after, Instant closeAt) {
        return Multi.createFrom().emitter(emitter -> new Follower(batchId, after, closeAt, emitter).start());
    }

    /** One stream: reads are one at a time; a wake-up during a read reads again after it. */
    private final class Follower implements Runnable {
        private final UUID batchId;
        private final AtomicLong seen;
        private final Instant closeAt;
        private final MultiEmitter<? super Item> emitter;
        private final AtomicBoolean reading = new AtomicBoolean();
        private final AtomicBoolean again = new AtomicBoolean();
        private final AtomicBoolean done = new AtomicBoolean();
        private long heartbeatTimer = -1;
        private long closeTimer = -1;

        Follower(UUID batchId, long after, Instant closeAt, MultiEmitter<? super Item> emitter) {
            this.batchId = batchId;
            this.seen = new AtomicLong(after);
            this.closeAt = closeAt;
            this.emitter = emitter;
        }

        void start() {
            following.computeIfAbsent(batchId, id -> ConcurrentHashMap.newKeySet()).add(this);
            emitter.onTermination(this::stop);
            heartbeatTimer = vertx.setPeriodic(heartbeat.toMillis(), id -> {
                emitter.emit(new Item.Heartbeat());
                run();
            });
            if (closeAt != null) {
                closeTimer = vertx.setTimer(Math.max(1, Duration.between(Instant.now(), closeAt).toMillis()), id -> finish());
            }
            run();
        }

        @Override
        public void run() {
            if (done.get()) {
                return;
            }
            if (!reading.compareAndSet(false, true)) {
                again.set(true);
                return;
            }
            pool.preparedQuery(AFTER).execute(Tuple.of(batchId, seen.get())).subscribe().with(rows -> {
                boolean last = false;
                for (Row row : rows) {
                    Step step = stepOf(row);
                    seen.set(step.seq());
                    emitter.emit(new Item.Progress(step));
                    last |= step.last();
                }
                reading.set(false);
                if (last) {
                    finish();
                } else if (rows.size() == 500 || again.getAndSet(false)) {
                    run();
                }
            }, failure -> {
                reading.set(false);
                LOG.debugf("Batch %s: reading its progress failed (%s); the next heartbeat reads again", batchId, failure.getMessage());
            });
        }

        private void finish() {
            if (done.compareAndSet(false, true)) {
                emitter.complete();
            }
        }

        private void stop() {
            done.set(true);
            vertx.cancelTimer(heartbeatTimer);
            if (closeTimer >= 0) {
                vertx.cancelTimer(closeTimer);
            }
            Set<Runnable> readers = following.get(batchId);
            if (readers != null) {
                readers.remove(this);
                if (readers.isEmpty()) {
                    following.remove(batchId, readers);
                }
            }
        }
    }

    private static Step stepOf(Row row) {
        OffsetDateTime recorded = row.getOffsetDateTime("recorded_at");
        return new Step(row.getLong("seq"), row.getString("state"), row.getInteger("succeeded"), row.getInteger("failed"),
                row.getInteger("cancelled"), row.getInteger("pending"), row.getBoolean("final"), recorded.toInstant());
    }
}
