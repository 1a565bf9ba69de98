package com.crm.integrations.calendar.service;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.crm.integrations.calendar.config.CalendarConfig;
import com.crm.integrations.calendar.repository.LinkLeases;
import com.crm.integrations.calendar.repository.SyncRunRepository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * This replica's share of the syncing: every poll interval it leases due links (their turn came,
 * their retry time passed, or someone asked) up to its free capacity, and syncs each on a context of
 * its own. Leases keep two replicas off one link; a replica that dies leaves leases that lapse, and
 * its running runs resume elsewhere from their stored page cursors.
 */
@ApplicationScoped
public class SyncWorker {

    private static final Logger LOG = Logger.getLogger(SyncWorker.class);

    private final LinkLeases leases;
    private final LinkSync sync;
    private final SyncRunRepository runs;
    private final CalendarConfig.Sync config;
    private final Vertx vertx;
    private final Clock clock;
    private final String owner = "calendar-" + UUID.randomUUID();
    private final AtomicInteger running = new AtomicInteger();

    public SyncWorker(LinkLeases leases, LinkSync sync, SyncRunRepository runs, CalendarConfig config, Vertx vertx, Clock clock) {
        this.clock = clock;
        this.leases = leases;
        this.sync = sync;
        this.runs = runs;
        this.config = config.sync();
        this.vertx = vertx;
    }

    @Scheduled(every = "${integrations.calendar.sync.poll-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> poll() {
        return config.enabled() ? claimAndSync() : Uni.createFrom().voidItem();
    }

    /** Leases what this replica has room for and starts syncing it; returns once the leases are taken. */
    public Uni<Void> claimAndSync() {
        int room = config.concurrency() - running.get();
        if (room <= 0) {
            return Uni.createFrom().voidItem();
        }
        return leases.claimDue(owner, config.lease(), room, clock.instant()).invoke(claimed -> claimed.forEach(this::start))
                .onFailure().invoke(failure -> LOG.warnf("Cannot claim due links: %s", failure.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /**
     * Wakes this replica's worker now rather than at its next poll: a sync was requested. The run is
     * already stored, so a wake-up that fails or finds no room loses nothing; the next poll claims it.
     */
    public void wake() {
        if (config.enabled()) {
            claimAndSync().subscribe().with(claimed -> {
            }, failure -> LOG.debugf("Waking the sync worker failed: %s", failure.getMessage()));
        }
    }


    /** How many links this replica syncs now (the benchmark waits for its worker to be idle). */
    public int running() {
        return running.get();
    }

    @Scheduled(every = "1h", delayed = "10m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> prune() {
        Instant before = clock.instant().minus(config.runRetention());
        return OwnContext.run(vertx, () -> Panache.withTransaction(() -> runs.pruneFinishedBefore(before)))
                .invoke(pruned -> {
                    if (pruned > 0) {
                        LOG.infof("Pruned %d finished sync runs", pruned);
                    }
                })
                .onFailure().invoke(failure -> LOG.warnf("Cannot prune sync runs: %s", failure.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private void start(UUID linkId) {
        running.incrementAndGet();
        OwnContext.run(vertx, () -> sync.run(linkId, owner))
                .onTermination().invoke(running::decrementAndGet)
                .subscribe().with(done -> {
                }, failure -> LOG.errorf(failure, "Link %s: the sync stopped unexpectedly", linkId));
    }
}
