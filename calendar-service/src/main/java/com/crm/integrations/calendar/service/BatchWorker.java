package com.crm.integrations.calendar.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.crm.integrations.calendar.config.CalendarConfig;
import com.crm.integrations.calendar.repository.BatchLeases;
import com.crm.integrations.calendar.repository.CalendarBatchRepository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * Drives open batch jobs: every poll (and at once when a job is stored or retried on this replica) it starts a driver
 * for each open job it does not drive yet, up to its concurrency. A driver sends the job's due items group after group
 * ({@link BatchRunner}) until none is due; items waiting for a later attempt are picked up by a later poll. Two
 * replicas may drive one job: their groups are different items, and the user's mailbox takes one batch at a time.
 */
@ApplicationScoped
public class BatchWorker {

    private static final Logger LOG = Logger.getLogger(BatchWorker.class);

    private final BatchLeases leases;
    private final BatchRunner runner;
    private final CalendarBatchRepository batches;
    private final CalendarConfig.Batches config;
    private final Vertx vertx;
    private final Clock clock;
    private final String owner = "calendar-batches-" + UUID.randomUUID();
    private final Set<UUID> driving = ConcurrentHashMap.newKeySet();
    /** A wake-up while a look is under way looks again after it. */
    private final AtomicInteger wakes = new AtomicInteger();

    public BatchWorker(BatchLeases leases, BatchRunner runner, CalendarBatchRepository batches, CalendarConfig config, Vertx vertx,
            Clock clock) {
        this.leases = leases;
        this.runner = runner;
        this.batches = batches;
        this.config = config.batches();
        this.vertx = vertx;
        this.clock = clock;
    }

    @Scheduled(every = "${integrations.calendar.batches.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> poll() {
        return config.enabled() ? lookAndDrive() : Uni.createFrom().voidItem();
    }

    /** Wakes this replica's worker now: a job was stored or has items due again. */
    public void wake() {
        if (!config.enabled() || wakes.getAndIncrement() > 0) {
            return;
        }
        lookAndDrive().subscribe().with(done -> {
        }, failure -> LOG.debugf("Waking the batch worker failed: %s", failure.getMessage()));
    }

    /** How many jobs this replica drives now. */
    public int driving() {
        return driving.size();
    }

    private Uni<Void> lookAndDrive() {
        wakes.set(1);
        int room = config.concurrency() - driving.size();
        Uni<Void> looked = room <= 0 ? Uni.createFrom().voidItem()
                : leases.openJobs(config.concurrency() * 4).invoke(ids -> {
                    for (UUID id : ids) {
                        if (driving.size() >= config.concurrency()) {
                            break;
                        }
                        if (driving.add(id)) {
                            drive(id);
                        }
                    }
                })
                        .onFailure().invoke(failure -> LOG.warnf("Cannot look for open batch jobs: %s", failure.getMessage()))
                        .onFailure().recoverWithNull()
                        .replaceWithVoid();
        return looked.chain(() -> wakes.getAndSet(0) > 1 ? lookAndDrive() : Uni.createFrom().voidItem());
    }

    private void drive(UUID batchId) {
        groups(batchId)
                .onTermination().invoke(() -> driving.remove(batchId))
                .subscribe().with(done -> {
                }, failure -> LOG.errorf(failure, "Batch %s: its driver stopped unexpectedly", batchId));
    }

    /**
     * Group after group until none is due, pipelined: while one group's batch is at the provider, the next group is
     * claimed and planned, and the previous one recorded, each in a transaction (and session) of its own, so the
     * mailbox is busy with batches rather than with our database work. At most one group waits to be recorded.
     */
    private Uni<Void> groups(UUID batchId) {
        return stage(() -> runner.next(batchId, owner)).chain(first -> pipeline(batchId, first, Uni.createFrom().voidItem()));
    }

    private Uni<Void> pipeline(UUID batchId, BatchRunner.Group current, Uni<Void> recording) {
        if (current == null) {
            return recording.chain(() -> soonDue(batchId));
        }
        Uni<BatchRunner.Group> next = started(stage(() -> runner.next(batchId, owner)));
        return stage(() -> runner.send(current))
                .chain(outcomes -> recording.replaceWith(outcomes))
                .chain(outcomes -> {
                    Uni<Void> recorded = started(stage(() -> runner.record(current, outcomes)));
                    return next.chain(following -> pipeline(batchId, following, recorded));
                });
    }

    /**
     * No item is due now: when the job's next waiting item (one throttled or failing for now) is due within two poll
     * intervals, the driver waits for it and goes on, rather than leave it to a later poll; otherwise it stops.
     */
    private Uni<Void> soonDue(UUID batchId) {
        return leases.nextDue(batchId).onFailure().recoverWithItem(Optional.empty()).chain(due -> {
            Instant now = clock.instant();
            if (due.isEmpty() || !due.get().isAfter(now) || due.get().isAfter(now.plus(config.pollInterval().multipliedBy(2)))) {
                return Uni.createFrom().voidItem();
            }
            // Rounded up to the next millisecond: a timer takes whole ones, at least one.
            Duration wait = Duration.ofMillis(Duration.between(now, due.get()).toMillis() + 1);
            return Uni.createFrom().voidItem().onItem().delayIt().by(wait).chain(() -> groups(batchId));
        });
    }

    /** Runs {@code work} on a Vert.x context of its own: stages running at once must not share a session. */
    private <T> Uni<T> stage(Supplier<Uni<T>> work) {
        return OwnContext.run(vertx, work);
    }

    /** Starts {@code work} now; the answer is waited for later (once). */
    private static <T> Uni<T> started(Uni<T> work) {
        CompletableFuture<T> running = work.subscribeAsCompletionStage();
        return Uni.createFrom().completionStage(running);
    }

    @Scheduled(every = "1h", delayed = "10m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> prune() {
        Instant before = clock.instant().minus(config.retention());
        return OwnContext.run(vertx, () -> Panache.withTransaction(() -> batches.pruneFinishedBefore(before)))
                .invoke(pruned -> {
                    if (pruned > 0) {
                        LOG.infof("Pruned %d finished batch jobs", pruned);
                    }
                })
                .onFailure().invoke(failure -> LOG.warnf("Cannot prune batch jobs: %s", failure.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
