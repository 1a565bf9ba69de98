package com.crm.integrations.common.slots;

import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Holds the calls under one key to a limit across every replica of a service: a call takes one of the key's slots
 * in the database ({@code call_slot}, in the service's schema), runs, and gives it back. A key is whatever the
 * service counts calls against, named by the service so that no two of its limits share one (calendar-service:
 * {@code <provider>:<account>}, a user's mailbox, since Graph allows 4 concurrent requests per app and mailbox; a
 * Mailchimp account). A slot's lease outlives the longest call, so a replica that dies mid-call frees it by lapsing.
 *
 * <p>
 * A caller that finds every slot taken waits, for at most its maximum wait ({@link #DEFAULT_MAX_WAIT} unless it
 * names one), then fails with {@link SlotsBusyException}. A call of this replica that ends hands its slot straight
 * to this replica's longest-waiting caller of that key (one statement, and the caller goes on at once: the calls
 * under one key mostly run on one replica, and they take turns in arrival order). Callers also look again after a
 * short random while (10–100 ms), which is how a slot another replica frees is found: a notification per freed slot
 * would cost every call a notifying commit, which PostgreSQL serialises.
 *
 * <p>
 * A call that runs the key's whole concurrency at once (a provider batch: Graph runs four of a {@code $batch}'s
 * requests at a time) takes every slot ({@link #runExclusive}), when none is held. While such a caller of this
 * replica waits, this replica's ending calls give their slots back rather than hand them on, so that it finds them
 * all free.
 */
@ApplicationScoped
public class CallPermits {

    /** How long a caller waits for a slot when it names no maximum itself. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(30);

    private final CallSlots slots;
    private final String replica = "replica-" + UUID.randomUUID();
    /** This replica's callers waiting for a slot, per key, longest waiting first. */
    private final Map<String, Queue<Waiter>> waiting = new ConcurrentHashMap<>();
    /** This replica's callers waiting for every slot of a key, per key. */
    private final Map<String, AtomicInteger> waitingForAll = new ConcurrentHashMap<>();

    public CallPermits(Pool pool) {
        this.slots = new CallSlots(pool);
    }

    /** Runs {@code call} holding one of the key's {@code limit} slots, for at most {@code lease}; waits at most {@link #DEFAULT_MAX_WAIT}. */
    public <T> Uni<T> run(String key, int limit, Duration lease, Supplier<Uni<T>> call) {
        return run(key, limit, lease, DEFAULT_MAX_WAIT, call);
    }

    /**
     * Runs {@code call} holding one of the key's {@code limit} slots, for at most {@code lease}; fails with
     * {@link SlotsBusyException} when none came free within {@code maxWait}.
     */
    public <T> Uni<T> run(String key, int limit, Duration lease, Duration maxWait, Supplier<Uni<T>> call) {
        String holder = replica + ':' + UUID.randomUUID();
        long deadline = System.nanoTime() + maxWait.toNanos();
        return take(key, holder, limit, lease, deadline)
                .chain(slot -> Uni.createFrom().deferred(call::get)
                        .eventually(() -> release(key, slot, holder)));
    }

    /**
     * Runs {@code call} holding all of the key's {@code limit} slots (none may be held by anyone else), for at most
     * {@code lease}; waits at most {@link #DEFAULT_MAX_WAIT}.
     */
    public <T> Uni<T> runExclusive(String key, int limit, Duration lease, Supplier<Uni<T>> call) {
        return runExclusive(key, limit, lease, DEFAULT_MAX_WAIT, call);
    }

    /**
     * Runs {@code call} holding all of the key's {@code limit} slots (none may be held by anyone else), for at most
     * {@code lease}; fails with {@link SlotsBusyException} when they were not all free at once within {@code maxWait}.
     */
    public <T> Uni<T> runExclusive(String key, int limit, Duration lease, Duration maxWait, Supplier<Uni<T>> call) {
        String holder = replica + ':' + UUID.randomUUID();
        long deadline = System.nanoTime() + maxWait.toNanos();
        AtomicInteger waiters = waitingForAll.computeIfAbsent(key, absent -> new AtomicInteger());
        waiters.incrementAndGet();
        AtomicBoolean counted = new AtomicBoolean(true);
        Runnable done = () -> {
            if (counted.compareAndSet(true, false)) {
                waiters.decrementAndGet();
            }
        };
        Context context = Vertx.currentContext();
        Uni<Void> taken = takeAll(key, holder, limit, lease, deadline).eventually(done);
        if (context != null) {
            // The pauses run on timers: the call (and any session of it) goes on on the caller's context.
            taken = taken.emitOn(task -> context.runOnContext(ignored -> task.run()));
        }
        return taken
                .chain(() -> Uni.createFrom().deferred(call::get)
                        .eventually(() -> slots.giveBackAll(key, holder).onFailure().recoverWithNull()));
    }

    /** How many slots of {@code key} are held now, by any replica; a slot whose lease lapsed counts as free. */
    public Uni<Integer> held(String key) {
        return slots.held(key);
    }

    private Uni<Void> takeAll(String key, String holder, int limit, Duration lease, long deadline) {
        return slots.takeAll(key, holder, limit, lease).chain(taken -> {
            if (taken) {
                return Uni.createFrom().voidItem();
            }
            if (System.nanoTime() > deadline) {
                return Uni.createFrom().failure(new SlotsBusyException(key));
            }
            Duration pause = Duration.ofMillis(ThreadLocalRandom.current().nextLong(10, 51));
            return Uni.createFrom().voidItem().onItem().delayIt().by(pause).chain(() -> takeAll(key, holder, limit, lease, deadline));
        });
    }

    private Uni<Integer> take(String key, String holder, int limit, Duration lease, long deadline) {
        return slots.take(key, holder, limit, lease).chain(slot -> {
            if (slot.isPresent()) {
                return Uni.createFrom().item(slot.get());
            }
            if (System.nanoTime() > deadline) {
                return Uni.createFrom().failure(new SlotsBusyException(key));
            }
            return handedOver(key, holder, lease, Duration.ofMillis(ThreadLocalRandom.current().nextLong(10, 101)))
                    .chain(handed -> handed != null ? Uni.createFrom().item(handed) : take(key, holder, limit, lease, deadline));
        });
    }

    /** A slot this replica hands over within {@code pause}, or null: time to look again. */
    private Uni<Integer> handedOver(String key, String holder, Duration lease, Duration pause) {
        Waiter waiter = new Waiter(Vertx.currentContext(), holder, lease);
        Queue<Waiter> queue = waiting.computeIfAbsent(key, absent -> new ConcurrentLinkedQueue<>());
        queue.add(waiter);
        // A copy per subscription: the pause's timeout cancels what it waits on, and the waiter's own future must stay.
        Uni<Integer> handed = Uni.createFrom().completionStage(waiter.slot::copy);
        return handed.ifNoItem().after(pause)
                // A hand-over under way when the pause ends is waited for: its slot is this caller's already.
                .recoverWithUni(() -> waiter.giveUp() ? Uni.createFrom().nullItem() : handed)
                .eventually(() -> {
                    queue.remove(waiter);
                    if (queue.isEmpty()) {
                        waiting.remove(key, queue);
                    }
                });
    }

    /** Hands the slot to this replica's longest-waiting caller of the key, or gives it back. */
    private Uni<Void> release(String key, int slot, String holder) {
        AtomicInteger forAll = waitingForAll.get(key);
        Waiter next = forAll != null && forAll.get() > 0 ? null : nextWaiter(key);
        if (next == null) {
            return slots.giveBack(key, slot, holder).onFailure().recoverWithNull();
        }
        return slots.handOver(key, slot, holder, next.holder, next.lease)
                .onFailure().recoverWithItem(false)
                .invoke(handed -> next.answer(handed ? slot : null)) // not handed: it looks again itself
                .replaceWithVoid();
    }

    private Waiter nextWaiter(String key) {
        Queue<Waiter> queue = waiting.get(key);
        if (queue == null) {
            return null;
        }
        for (Waiter waiter = queue.poll(); waiter != null; waiter = queue.poll()) {
            if (waiter.claim()) {
                return waiter;
            }
        }
        return null;
    }

    /** A caller waiting for a slot; answered on its own Vert.x context, where its work (and any session of it) belongs. */
    private static final class Waiter {
        final CompletableFuture<Integer> slot = new CompletableFuture<>();
        final String holder;
        final Duration lease;
        private final Context context;
        /** Set once: by a hand-over that chose this waiter, or by the waiter giving up to look again. */
        private final AtomicBoolean settled = new AtomicBoolean();

        Waiter(Context context, String holder, Duration lease) {
            this.context = context;
            this.holder = holder;
            this.lease = lease;
        }

        boolean claim() {
            return settled.compareAndSet(false, true);
        }

        boolean giveUp() {
            return settled.compareAndSet(false, true);
        }

        /** @param handed the slot now this waiter's, or null when the hand-over failed */
        void answer(Integer handed) {
            if (context == null) {
                slot.complete(handed);
            } else {
                context.runOnContext(ignored -> slot.complete(handed));
            }
        }
    }
}
