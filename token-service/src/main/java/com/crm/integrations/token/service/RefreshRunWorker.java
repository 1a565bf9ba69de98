package com.crm.integrations.token.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.common.sql.Pruning;
import com.crm.integrations.token.RefreshRun;
import com.crm.integrations.token.config.TokenServiceConfig;
import com.crm.integrations.token.repository.RefreshRunRepository;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Each replica's refresh worker. On every tick it starts the scheduled run when one is due (one per
 * interval across the cluster), then works on every running run in turn ({@link RefreshCycle}); a run
 * asked for on this replica wakes it at once, other replicas join within their poll interval. Never two
 * passes at once on one replica; a wake-up during a pass makes another pass follow it.
 */
@Singleton
public class RefreshRunWorker {

    private static final Logger LOG = Logger.getLogger(RefreshRunWorker.class);
    /** A run still going after this is failed (a stuck run must not block its scope for ever). */
    static final Duration MAX_RUN = Duration.ofHours(1);

    private final Pool pool;
    private final RefreshRunRepository runs;
    private final RefreshCycle cycle;
    private final RefreshMetrics metrics;
    private final TokenServiceConfig.Refresh config;
    private final Clock clock = Clock.systemUTC();
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile boolean stopping;

    public RefreshRunWorker(Pool pool, RefreshRunRepository runs, RefreshCycle cycle, RefreshMetrics metrics, TokenServiceConfig config) {
        this.pool = pool;
        this.runs = runs;
        this.cycle = cycle;
        this.metrics = metrics;
        this.config = config.refresh();
    }

    @Scheduled(every = "${integrations.token.refresh.poll-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return tick();
    }

    /** Deletes runs finished longer than the retention ago, with their items (the scheduler calls it every interval). */
    @Scheduled(every = "${integrations.token.refresh.runs.interval:1m}", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    public Uni<Void> prune() {
        Pruning.Settings pruning = config.runs();
        return Pruning.inBatches(pool, RefreshRunRepository.PRUNE, clock.instant().minus(pruning.retention()), pruning.batchSize())
                .invoke(deleted -> {
                    if (deleted > 0) {
                        LOG.infof("Deleted %d refresh runs finished more than %s ago", deleted, pruning.retention());
                    }
                }).onFailure().invoke(failure -> LOG.warnf("Could not prune refresh runs: %s", failure.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        stopping = true;
        cycle.stop();
    }

    /** Starts a pass now, or right after the one going on. */
    public void wake() {
        tick().subscribe().with(done -> {
        }, failure -> LOG.warnf("Refresh worker: %s", failure.getMessage()));
    }

    /** One pass (and another for each wake-up during it); completes when this replica has nothing left to do. */
    public Uni<Void> tick() {
        if (stopping) {
            return Uni.createFrom().voidItem();
        }
        if (!busy.compareAndSet(false, true)) {
            again.set(true);
            return Uni.createFrom().voidItem();
        }
        again.set(false);
        return pass().onFailure().invoke(failure -> LOG.warnf("Refresh worker: %s", failure.getMessage())).onFailure().recoverWithNull()
                .eventually(() -> busy.set(false))
                .chain(() -> again.get() ? tick() : Uni.createFrom().voidItem());
    }

    private Uni<Void> pass() {
        Uni<Optional<RefreshRun>> schedule = config.scheduleEnabled() ? startScheduledIfDue(clock.instant())
                : Uni.createFrom().item(Optional.empty());
        return schedule.chain(() -> failStuckRuns()).chain(() -> runs.running(pool))
                .chain(running -> Multi.createFrom().iterable(running).onItem().transformToUniAndConcatenate(cycle::work).collect().last())
                .chain(() -> runs.dueNow(pool, clock.instant(), config.margin())).invoke(sample -> metrics.sampled(sample[0], sample[1]))
                .replaceWithVoid();
    }

    /** Starts the scheduled run unless one started within the interval (on any replica); each pass calls it when scheduling is on. */
    public Uni<Optional<RefreshRun>> startScheduledIfDue(Instant now) {
        return pool.withTransaction(tx -> runs.lockSchedule(tx).chain(() -> runs.lastScheduledStart(tx)).chain(last -> {
            if (last.isPresent() && last.get().isAfter(now.minus(config.interval()))) {
                return Uni.createFrom().item(Optional.<RefreshRun>empty());
            }
            RefreshRun run = new RefreshRun(java.util.UUID.randomUUID(), RefreshRun.Trigger.SCHEDULE, "schedule", Optional.empty(),
                    Optional.empty(), config.margin(), false, false, RefreshRun.Status.RUNNING, now, Optional.empty(), Optional.empty());
            return runs.insertUnlessRunning(tx, run);
        }));
    }

    private Uni<Void> failStuckRuns() {
        return runs.running(pool).chain(running -> Multi.createFrom().iterable(running)
                .select().where(run -> run.startedAt().isBefore(clock.instant().minus(MAX_RUN)))
                .onItem().transformToUniAndConcatenate(run -> runs.finish(pool, run.id(), RefreshRun.Status.FAILED,
                        "still running after " + MAX_RUN + ": stopped; due tokens are taken by the next run", clock.instant())
                        .invoke(failed -> {
                            if (failed) {
                                metrics.runFinished(run.trigger().wireName(), RefreshRun.Status.FAILED.wireName());
                                LOG.errorf("Refresh run %s failed: still running after %s", run.id(), MAX_RUN);
                            }
                        }))
                .collect().last().replaceWithVoid());
    }
}
