package com.crm.integrations.status.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.crm.integrations.common.sql.ChannelListener;
import com.crm.integrations.common.sql.PostgresConfig;
import com.crm.integrations.status.config.StatusConfig;
import com.crm.integrations.status.repository.ChangeRows;
import com.crm.integrations.status.repository.ChangeRows.Change;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * This replica's reader of the change log: woken by the projection's {@code NOTIFY} (from whichever replica projected
 * the change) and, as a safety net, every poll interval; it reads what was logged since it last looked, once for all of
 * the replica's streams, and tells each stream the changes that concern it. Reads never overlap: a wake-up during a read
 * makes it read again after.
 */
@ApplicationScoped
public class ChangeFeed {

    /** A stream, as the feed sees it. */
    public interface Subscriber {

        /** Whether {@code change} concerns this subscriber's view. */
        boolean concerns(Change change);

        /** Changes that concern it were logged, up to {@code seq}. */
        void changed(long seq);
    }

    static final String CHANNEL = "status_changes";
    private static final Logger LOG = Logger.getLogger(ChangeFeed.class);
    private static final int PAGE = 500;

    private final ChangeRows rows;
    private final Vertx vertx;
    private final PostgresConfig postgres;
    private final StatusConfig.Stream config;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final AtomicLong position = new AtomicLong(-1);
    private final AtomicBoolean reading = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile ChannelListener listener;
    private volatile long timer = -1;

    public ChangeFeed(ChangeRows rows, Vertx vertx, PostgresConfig postgres, StatusConfig config) {
        this.rows = rows;
        this.vertx = vertx;
        this.postgres = postgres;
        this.config = config.stream();
    }

    void start(@Observes StartupEvent started) {
        listener = ChannelListener.start(vertx, postgres, CHANNEL, "Status streams", payload -> look(), this::look);
        timer = vertx.setPeriodic(Math.max(50, config.pollInterval().toMillis()), id -> look());
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (listener != null) {
            listener.stop();
        }
    }

    public void subscribe(Subscriber subscriber) {
        subscribers.add(subscriber);
    }

    public void unsubscribe(Subscriber subscriber) {
        subscribers.remove(subscriber);
    }

    /** How many streams this replica serves now. */
    public int subscribers() {
        return subscribers.size();
    }

    /** Reads the changes logged since the last look, unless a read runs (then that one reads again when done). */
    void look() {
        if (!reading.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        again.set(false);
        read().subscribe().with(done -> finished(), failure -> {
            LOG.warnf("Status streams could not read the change log (%s); they look again in %s", failure.getMessage(),
                    config.pollInterval());
            finished();
        });
    }

    private void finished() {
        reading.set(false);
        if (again.get()) {
            look();
        }
    }

    private Uni<Void> read() {
        long from = position.get();
        if (from < 0 || subscribers.isEmpty()) {
            // Nobody to tell (or first look): only move to the end, so a new stream starts from now.
            return rows.last().invoke(last -> position.set(last)).replaceWithVoid();
        }
        return rows.after(from, PAGE).chain(changes -> {
            dispatch(changes);
            if (!changes.isEmpty()) {
                position.set(changes.get(changes.size() - 1).seq());
            }
            return changes.size() == PAGE ? read() : Uni.createFrom().voidItem();
        });
    }

    private void dispatch(List<Change> changes) {
        for (Subscriber subscriber : subscribers) {
            long latest = -1;
            for (Change change : changes) {
                if (subscriber.concerns(change)) {
                    latest = change.seq();
                }
            }
            if (latest >= 0) {
                subscriber.changed(latest);
            }
        }
    }

    /** Deletes changes older than the retention; a stream resumed from before it gets a snapshot. */
    @Scheduled(every = "${integrations.status.stream.prune-interval:1m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> prune() {
        Duration retention = config.retention();
        return rows.pruneBefore(Instant.now().minus(retention), 1000)
                .onFailure().invoke(failure -> LOG.warnf("Pruning the change log failed: %s", failure.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
