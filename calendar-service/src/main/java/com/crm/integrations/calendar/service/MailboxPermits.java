package com.crm.integrations.calendar.service;

import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import com.crm.integrations.calendar.repository.MailboxSlots;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Holds the calls to one user's mailbox to a limit across every replica (Graph allows 4 concurrent
 * requests per app and mailbox): a call takes a slot in the database, runs, and gives it back. A
 * slot's lease outlives the longest call, so a replica that dies mid-call frees it by lapsing.
 *
 * <p>
 * A caller that finds every slot taken waits and tries again, for at most {@link #MAX_WAIT}: at once
 * when a call of this replica gives a slot of that mailbox back (a user's sync and commands mostly run on
 * one replica), else after a short random while (10–100 ms), which is how a slot another replica frees
 * is found: a notification per freed slot would cost every call a notifying commit, which PostgreSQL
 * serialises.
 */
@ApplicationScoped
public class MailboxPermits {

    static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private final MailboxSlots slots;
    private final String replica = "replica-" + UUID.randomUUID();
    /** This replica's callers waiting for a slot, per mailbox; a slot given back here wakes the longest waiting. */
    private final Map<String, Queue<Waiter>> waiting = new ConcurrentHashMap<>();

    public MailboxPermits(MailboxSlots slots) {
        this.slots = slots;
    }

    /** Runs {@code call} holding one of the mailbox's {@code limit} slots, for at most {@code lease}. */
    public <T> Uni<T> run(String mailbox, int limit, Duration lease, Supplier<Uni<T>> call) {
        String holder = replica + ':' + UUID.randomUUID();
        long deadline = System.nanoTime() + MAX_WAIT.toNanos();
        return take(mailbox, holder, limit, lease, deadline)
                .chain(slot -> Uni.createFrom().deferred(call::get)
                        .eventually(() -> slots.giveBack(mailbox, slot, holder)
                                .onFailure().recoverWithNull()
                                .invoke(() -> wakeOne(mailbox))));
    }

    private Uni<Integer> take(String mailbox, String holder, int limit, Duration lease, long deadline) {
        return slots.take(mailbox, holder, limit, lease).chain(slot -> {
            if (slot.isPresent()) {
                return Uni.createFrom().item(slot.get());
            }
            if (System.nanoTime() > deadline) {
                return Uni.createFrom().failure(new MailboxBusyException(mailbox));
            }
            return freed(mailbox, Duration.ofMillis(ThreadLocalRandom.current().nextLong(10, 101)))
                    .chain(() -> take(mailbox, holder, limit, lease, deadline));
        });
    }

    /** Completes when this replica gives a slot of the mailbox back, or after {@code pause}, whichever comes first. */
    private Uni<Void> freed(String mailbox, Duration pause) {
        Waiter waiter = new Waiter(Vertx.currentContext());
        Queue<Waiter> queue = waiting.computeIfAbsent(mailbox, key -> new ConcurrentLinkedQueue<>());
        queue.add(waiter);
        return Uni.createFrom().completionStage(waiter.woken)
                .ifNoItem().after(pause).recoverWithItem((Void) null)
                .eventually(() -> {
                    queue.remove(waiter);
                    if (queue.isEmpty()) {
                        waiting.remove(mailbox, queue);
                    }
                })
                .replaceWithVoid();
    }

    private void wakeOne(String mailbox) {
        Queue<Waiter> queue = waiting.get(mailbox);
        Waiter waiter = queue == null ? null : queue.poll();
        if (waiter != null) {
            waiter.wake();
        }
    }

    /** A caller waiting for a slot; woken on its own Vert.x context, where its work (and any session of it) belongs. */
    private static final class Waiter {
        final CompletableFuture<Void> woken = new CompletableFuture<>();
        private final Context context;

        Waiter(Context context) {
            this.context = context;
        }

        void wake() {
            if (context == null) {
                woken.complete(null);
            } else {
                context.runOnContext(ignored -> woken.complete(null));
            }
        }
    }
}
