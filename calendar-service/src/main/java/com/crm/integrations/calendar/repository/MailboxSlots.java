package com.crm.integrations.calendar.repository;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The slots of calls in flight per provider mailbox, shared by every replica ({@code mailbox_slot}).
 * On the reactive SQL client: two short statements around every provider call, outside any entity's
 * transaction.
 */
@ApplicationScoped
public class MailboxSlots {

    /**
     * Takes the lowest slot below {@code limit} that is free or whose holder's lease lapsed. Two takers
     * racing for one slot meet on its row: the second sees the first's lease and takes nothing.
     */
    private static final String TAKE = """
            INSERT INTO mailbox_slot (mailbox, slot, holder, held_until)
            SELECT $1, s, $2, now() + $3 * interval '1 millisecond'
              FROM generate_series(0, $4 - 1) AS s
             WHERE NOT EXISTS (SELECT 1 FROM mailbox_slot m WHERE m.mailbox = $1 AND m.slot = s AND m.held_until > now())
             ORDER BY s
             LIMIT 1
            ON CONFLICT (mailbox, slot) DO UPDATE SET holder = EXCLUDED.holder, held_until = EXCLUDED.held_until
             WHERE mailbox_slot.held_until <= now()
            RETURNING slot""";
    /**
     * Takes every slot below {@code limit}, when none is held: the mailbox's whole concurrency for one call that runs
     * that many requests at once (a batch). A taker racing another one may get only some: it gives them back.
     */
    private static final String TAKE_ALL = """
            INSERT INTO mailbox_slot (mailbox, slot, holder, held_until)
            SELECT $1, s, $2, now() + $3 * interval '1 millisecond'
              FROM generate_series(0, $4 - 1) AS s
             WHERE NOT EXISTS (SELECT 1 FROM mailbox_slot m WHERE m.mailbox = $1 AND m.held_until > now())
            ON CONFLICT (mailbox, slot) DO UPDATE SET holder = EXCLUDED.holder, held_until = EXCLUDED.held_until
             WHERE mailbox_slot.held_until <= now()
            RETURNING slot""";
    private static final String GIVE_BACK_ALL = "DELETE FROM mailbox_slot WHERE mailbox = $1 AND holder = $2";
    private static final String GIVE_BACK = "DELETE FROM mailbox_slot WHERE mailbox = $1 AND slot = $2 AND holder = $3";
    private static final String HAND_OVER = "UPDATE mailbox_slot SET holder = $4, held_until = now() + $5 * interval '1 millisecond'"
            + " WHERE mailbox = $1 AND slot = $2 AND holder = $3";

    private final Pool pool;

    public MailboxSlots(Pool pool) {
        this.pool = pool;
    }

    /** A slot of {@code mailbox} for {@code holder} until {@code lease} passes, or empty when all are taken. */
    public Uni<Optional<Integer>> take(String mailbox, String holder, int limit, Duration lease) {
        return pool.preparedQuery(TAKE).execute(Tuple.of(mailbox, holder, lease.toMillis(), limit))
                .map(MailboxSlots::slotOf);
    }

    /** Whether {@code holder} now holds all {@code limit} slots of {@code mailbox}, until {@code lease} passes. */
    public Uni<Boolean> takeAll(String mailbox, String holder, int limit, Duration lease) {
        return pool.preparedQuery(TAKE_ALL).execute(Tuple.of(mailbox, holder, lease.toMillis(), limit)).chain(rows -> {
            if (rows.rowCount() == limit) {
                return Uni.createFrom().item(true);
            }
            return rows.rowCount() == 0 ? Uni.createFrom().item(false) : giveBackAll(mailbox, holder).replaceWith(false);
        });
    }

    /** Frees every slot {@code holder} holds of {@code mailbox}. */
    public Uni<Void> giveBackAll(String mailbox, String holder) {
        return pool.preparedQuery(GIVE_BACK_ALL).execute(Tuple.of(mailbox, holder)).replaceWithVoid();
    }

    /** Frees the slot, unless its lease lapsed and another holder took it meanwhile. */
    public Uni<Void> giveBack(String mailbox, int slot, String holder) {
        return pool.preparedQuery(GIVE_BACK).execute(Tuple.of(mailbox, slot, holder)).replaceWithVoid();
    }

    /**
     * Passes the slot from {@code holder} straight to {@code next} for {@code lease}, in one statement: false when
     * {@code holder} no longer held it (its lease lapsed and another holder took it).
     */
    public Uni<Boolean> handOver(String mailbox, int slot, String holder, String next, Duration lease) {
        return pool.preparedQuery(HAND_OVER).execute(Tuple.of(mailbox, slot, holder, next, lease.toMillis()))
                .map(rows -> rows.rowCount() == 1);
    }

    private static Optional<Integer> slotOf(RowSet<Row> rows) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? Optional.of(iterator.next().getInteger(0)) : Optional.empty();
    }
}
