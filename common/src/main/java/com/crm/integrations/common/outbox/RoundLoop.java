package com.crm.integrations.common.outbox;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

/**
 * When a relay runs a round: one at a time; at once when woken while idle, or right after the round
 * under way when woken during it; again at once after a round that left work it could have taken
 * ({@link RoundEnd#MORE}); after a short pause when another relay held pending tenants
 * ({@link RoundEnd#CONTENDED}, whose commit does not wake this one); after a pause that grows with
 * each failed round; otherwise idle until the next wake-up. Rounds and timers are given, so the
 * state machine is tested on its own.
 */
final class RoundLoop {

    private static final Logger LOG = Logger.getLogger(RoundLoop.class);

    /** What a round found when it ended, and so what the loop does next. */
    enum RoundEnd {
        /** Nothing left that this relay could take: rest until woken. */
        DONE,
        /** It left pending rows it could take (its batch or its tenants were full): go again at once. */
        MORE,
        /** Another relay held tenants with pending rows: look again after a short pause. */
        CONTENDED
    }

    /** Runs an action after a delay (Vert.x timers in the service, a queue in tests). */
    interface Timer {
        void after(Duration delay, Runnable action);
    }

    private final Supplier<Uni<RoundEnd>> round;
    private final Timer timer;
    private final Duration contendedPause;
    private final IntFunction<Duration> failurePause;

    private final AtomicBoolean active = new AtomicBoolean();
    private final AtomicBoolean wanted = new AtomicBoolean();
    private volatile boolean stopped;
    // Touched only between rounds, which never overlap.
    private int failedRounds;
    private long failingSince;

    /**
     * @param round          one round; a failed {@code Uni} is a failed round
     * @param contendedPause the pause before looking again at tenants another relay held
     * @param failurePause   the pause after the n-th failed round in a row (n ≥ 1)
     */
    RoundLoop(Supplier<Uni<RoundEnd>> round, Timer timer, Duration contendedPause, IntFunction<Duration> failurePause) {
        this.round = round;
        this.timer = timer;
        this.contendedPause = contendedPause;
        this.failurePause = failurePause;
    }

    /** Asks for a round: starts one now when idle, or right after the current one. Never blocks. */
    void wake() {
        wanted.set(true);
        if (!stopped && active.compareAndSet(false, true)) {
            run();
        }
    }

    /** Starts no further round; a round under way finishes. */
    void stop() {
        stopped = true;
    }

    /** Whether a round runs or is about to: a commit now will be picked up without a notification. */
    boolean isBusy() {
        return active.get() && !stopped;
    }

    private void run() {
        // Reset before the round reads anything: a wake-up from here on asks for one more round.
        wanted.set(false);
        Uni<RoundEnd> next;
        try {
            next = round.get();
        } catch (RuntimeException refused) {
            next = Uni.createFrom().failure(refused);
        }
        next.subscribe().with(this::ended, this::failed);
    }

    private void ended(RoundEnd end) {
        if (failedRounds > 0) {
            LOG.infof("Outbox relay publishing again after %d failed rounds (%d s)", failedRounds,
                    (System.nanoTime() - failingSince) / 1_000_000_000L);
            failedRounds = 0;
        }
        if (!stopped && (end == RoundEnd.MORE || wanted.get())) {
            run();
        } else if (!stopped && end == RoundEnd.CONTENDED) {
            timer.after(contendedPause, this::resume);
        } else {
            rest();
        }
    }

    private void failed(Throwable failure) {
        if (failedRounds++ == 0) {
            failingSince = System.nanoTime();
            LOG.warnf("Outbox relay cannot publish (%s); pending events wait and are resent from the first "
                    + "unacknowledged one per tenant", describe(failure));
        } else {
            LOG.debugf("Outbox relay round %d failed: %s", failedRounds, describe(failure));
        }
        timer.after(failurePause.apply(failedRounds), this::resume);
    }

    private void resume() {
        if (stopped) {
            active.set(false);
        } else {
            run();
        }
    }

    private void rest() {
        active.set(false);
        // A wake() between the last check and the reset found the loop active: look once more.
        if (!stopped && wanted.get() && active.compareAndSet(false, true)) {
            run();
        }
    }

    private static String describe(Throwable failure) {
        if (failure == null) {
            return "unknown cause";
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
