package com.crm.integrations.calendar.service;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.crm.integrations.calendar.config.CalendarConfig;
import com.crm.integrations.calendar.repository.CalendarCommandRepository;
import com.crm.integrations.calendar.repository.CommandLeases;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * Carries out stored commands: every poll (and at once when a command is stored on this replica) it leases what it
 * has room for, oldest first, and runs each on a context of its own. The lease keeps two replicas off one command;
 * {@link CommandLeases} keeps an activity's commands in order; {@link CalendarCalls} keeps a user's calls (sync's and
 * commands' together) within the mailbox's limit across replicas.
 */
@ApplicationScoped
public class CommandWorker {

    private static final Logger LOG = Logger.getLogger(CommandWorker.class);

    private final CommandLeases leases;
    private final CommandRunner runner;
    private final CalendarCommandRepository commands;
    private final CalendarConfig.Commands config;
    private final Vertx vertx;
    private final Clock clock;
    private final String owner = "calendar-commands-" + UUID.randomUUID();
    private final AtomicInteger running = new AtomicInteger();
    /** A wake-up while a claim is under way claims again after it: what it was for may have missed that claim. */
    private final AtomicInteger wakes = new AtomicInteger();

    public CommandWorker(CommandLeases leases, CommandRunner runner, CalendarCommandRepository commands, CalendarConfig config,
            Vertx vertx, Clock clock) {
        this.leases = leases;
        this.runner = runner;
        this.commands = commands;
        this.config = config.commands();
        this.vertx = vertx;
        this.clock = clock;
    }

    @Scheduled(every = "${integrations.calendar.commands.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> poll() {
        return config.enabled() ? claimAndRun() : Uni.createFrom().voidItem();
    }

    /** Wakes this replica's worker now: a command was stored or became due. A lost wake-up costs one poll interval. */
    public void wake() {
        if (!config.enabled() || wakes.getAndIncrement() > 0) {
            return;
        }
        claimAndRun().subscribe().with(done -> {
        }, failure -> LOG.debugf("Waking the command worker failed: %s", failure.getMessage()));
    }

    /** How many commands this replica carries out now. */
    public int running() {
        return running.get();
    }

    private Uni<Void> claimAndRun() {
        wakes.set(1);
        int room = config.concurrency() - running.get();
        Uni<Void> claimed = room <= 0 ? Uni.createFrom().voidItem()
                : leases.claimDue(owner, config.lease(), room, clock.instant()).invoke(ids -> ids.forEach(this::start))
                        .onFailure().invoke(failure -> LOG.warnf("Cannot claim due commands: %s", failure.getMessage()))
                        .onFailure().recoverWithNull()
                        .replaceWithVoid();
        return claimed.chain(() -> wakes.getAndSet(0) > 1 ? claimAndRun() : Uni.createFrom().voidItem());
    }

    @Scheduled(every = "1h", delayed = "10m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> prune() {
        Instant before = clock.instant().minus(config.retention());
        return OwnContext.run(vertx, () -> Panache.withTransaction(() -> commands.pruneFinishedBefore(before)))
                .invoke(pruned -> {
                    if (pruned > 0) {
                        LOG.infof("Pruned %d finished commands", pruned);
                    }
                })
                .onFailure().invoke(failure -> LOG.warnf("Cannot prune commands: %s", failure.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private void start(UUID commandId) {
        running.incrementAndGet();
        OwnContext.run(vertx, () -> runner.run(commandId, owner))
                .onTermination().invoke(() -> {
                    running.decrementAndGet();
                    wake(); // room again: the next due command (perhaps the activity's next) need not wait for a poll
                })
                .subscribe().with(done -> {
                }, failure -> LOG.errorf(failure, "Command %s stopped unexpectedly", commandId));
    }
}
