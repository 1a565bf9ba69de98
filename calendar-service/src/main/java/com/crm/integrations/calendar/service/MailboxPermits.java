package com.crm.integrations.calendar.service;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import com.crm.integrations.calendar.repository.MailboxSlots;

import io.smallrye.mutiny.Uni;

/**
 * Holds the calls to one user's mailbox to a limit across every replica (Graph allows 4 concurrent
 * requests per app and mailbox): a call takes a slot in the database, runs, and gives it back. A
 * slot's lease outlives the longest call, so a replica that dies mid-call frees it by lapsing.
 *
 * <p>
 * A caller that finds every slot taken waits a short random while (10–100 ms) and tries again, for at
 * most {@link #MAX_WAIT}: a slot frees within one provider call, and a notification per freed slot
 * would cost every call a notifying commit, which PostgreSQL serialises.
 */
@ApplicationScoped
public class MailboxPermits {

    static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private final MailboxSlots slots;
    private final String replica = "replica-" + UUID.randomUUID();

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
                                .onFailure().recoverWithNull()));
    }

    private Uni<Integer> take(String mailbox, String holder, int limit, Duration lease, long deadline) {
        return slots.take(mailbox, holder, limit, lease).chain(slot -> {
            if (slot.isPresent()) {
                return Uni.createFrom().item(slot.get());
            }
            if (System.nanoTime() > deadline) {
                return Uni.createFrom().failure(new MailboxBusyException(mailbox));
            }
            Duration pause = Duration.ofMillis(ThreadLocalRandom.current().nextLong(10, 101));
            return Uni.createFrom().voidItem().onItem().delayIt().by(pause)
                    .chain(() -> take(mailbox, holder, limit, lease, deadline));
        });
    }
}
