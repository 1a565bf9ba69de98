package com.crm.integrations.mailchimp.service;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * When a worker runs its rounds: one at a time; at once when woken while idle (a commit that made work), right after
 * the round under way when woken during it, again at once after a round that found work it could not finish, and on a
 * timer besides (work another replica made, retries that came due). A failed round is logged once until one succeeds;
 * the timer tries again. The inbox processor and the members import share it.
 */
public final class PolledRounds {

    private final String name;
    private final Logger log;
    private final Supplier<Uni<Boolean>> round;
    private final AtomicBoolean active = new AtomicBoolean();
    private final AtomicBoolean wanted = new AtomicBoolean();
    private volatile boolean stopped;
    private long timer = -1;
    /** Rounds failed in a row (touched between rounds only, which never overlap). */
    private int failedRounds;

    /**
     * @param name  what the rounds do, for log lines ("Inbox processing")
     * @param round one round; its item says whether it left work it could take at once
     */
    public PolledRounds(String name, Logger log, Supplier<Uni<Boolean>> round) {
        this.name = name;
        this.log = log;
        this.round = round;
    }

    /** Starts the timer (and a first round). */
    public void start(Vertx vertx, Duration every) {
        timer = vertx.setPeriodic(every.toMillis(), tick -> wake());
        wake();
    }

    /** Starts no further round; one under way finishes. */
    public void stop(Vertx vertx) {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Asks for a round: now when idle, else right after the one under way. Never blocks. */
    public void wake() {
        wanted.set(true);
        if (!stopped && active.compareAndSet(false, true)) {
            run();
        }
    }

    private void run() {
        wanted.set(false);
        Uni<Boolean> next;
        try {
            next = round.get();
        } catch (RuntimeException refused) {
            next = Uni.createFrom().failure(refused);
        }
        next.subscribe().with(more -> {
            if (failedRounds > 0) {
                log.infof("%s going on after %d failed rounds", name, failedRounds);
                failedRounds = 0;
            }
            if (!stopped && (more || wanted.get())) {
                run();
            } else {
                rest();
            }
        }, failure -> {
            if (failedRounds++ == 0) {
                log.warnf("%s cannot go on (%s); the work stays stored and the next poll tries again", name, failure.toString());
            } else {
                log.debugf("%s round %d failed: %s", name, failedRounds, failure);
            }
            active.set(false);
        });
    }

    private void rest() {
        active.set(false);
        // A wake() between the last check and the reset found the loop active: look once more.
        if (!stopped && wanted.get() && active.compareAndSet(false, true)) {
            run();
        }
    }
}
