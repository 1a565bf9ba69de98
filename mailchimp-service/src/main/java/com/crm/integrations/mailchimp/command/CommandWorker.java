package com.crm.integrations.mailchimp.command;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.crm.integrations.mailchimp.config.MailchimpConfig;
import com.crm.integrations.mailchimp.repository.CommandRows;
import com.crm.integrations.mailchimp.service.PolledRounds;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * Carries out stored commands: on a timer, at once when a command is stored on this replica, and whenever one of its
 * commands ends, it leases what it has room for (oldest first) and runs each. The lease keeps two replicas off one
 * command; {@link CommandRows} keeps one member's (one campaign's) commands in order and a throttled account's waiting;
 * the calls themselves hold their account's connections ({@code MailchimpApi}).
 */
@ApplicationScoped
public class CommandWorker {

    private static final Logger LOG = Logger.getLogger(CommandWorker.class);

    private final CommandRows commands;
    private final CommandRunner runner;
    private final MailchimpConfig.Commands config;
    private final Vertx vertx;
    private final Clock clock;
    private final String owner = "mailchimp-commands-" + UUID.randomUUID();
    private final AtomicInteger running = new AtomicInteger();
    private final PolledRounds rounds = new PolledRounds("Commands", LOG, this::round);

    public CommandWorker(CommandRows commands, CommandRunner runner, MailchimpConfig config, Vertx vertx, Clock clock) {
        this.commands = commands;
        this.runner = runner;
        this.config = config.commands();
        this.vertx = vertx;
        this.clock = clock;
    }

    void start(@Observes StartupEvent started) {
        if (config.enabled()) {
            rounds.start(vertx, config.pollInterval());
        }
    }

    void stop(@Observes ShutdownEvent stopping) {
        rounds.stop(vertx);
    }

    /** Looks for due commands now: one was stored here, or one of ours ended and left room. */
    public void wake() {
        if (config.enabled()) {
            rounds.wake();
        }
    }

    /** How many commands this replica carries out now. */
    public int running() {
        return running.get();
    }

    private Uni<Boolean> round() {
        int room = config.concurrency() - running.get();
        if (room <= 0) {
            return Uni.createFrom().item(false);
        }
        return commands.claimDue(owner, config.lease(), room, clock.instant()).map(ids -> {
            ids.forEach(this::start);
            return false; // each command that ends wakes the worker: room is looked for then
        });
    }

    private void start(UUID commandId) {
        running.incrementAndGet();
        runner.run(commandId, owner)
                .onTermination().invoke(() -> {
                    running.decrementAndGet();
                    wake();
                })
                .subscribe().with(done -> {
                }, failure -> LOG.errorf(failure, "Command %s stopped unexpectedly", commandId));
    }

    @Scheduled(every = "1h", delayed = "10m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> prune() {
        return commands.pruneFinishedBefore(clock.instant().minus(config.retention()))
                .invoke(pruned -> {
                    if (pruned > 0) {
                        LOG.infof("Pruned %d finished Mailchimp commands", pruned);
                    }
                })
                .onFailure().invoke(failure -> LOG.warnf("Cannot prune Mailchimp commands: %s", failure.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
