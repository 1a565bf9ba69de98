package com.crm.integrations.common.slots;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The slots of calls in flight per key, shared by every replica of a service ({@code call_slot}, in its schema). On
 * the reactive SQL client: two short statements around every call, outside any transaction of the caller's.
 */
final class CallSlots {

    /**
     * Takes the lowest slot below {@code limit} that is free or whose holder's lease lapsed. Two takers
     * racing for one slot meet on its row: the second sees the first's lease and takes nothing.
     */
    private static final String TAKE = """
            INSERT INTO call_slot (slot_key, slot, holder, held_until)
            SELECT $1, s, $2, now() + $3 * interval '1 millisecond'
              FROM generate_series(0, $4 - 1) AS s
             WHERE NOT EXISTS (SELECT 1 FROM call_slot c WHERE c.slot_key = $1 AND c.slot = s AND c.held_until > now())
             ORDER BY s
             LIMIT 1
            ON CONFLICT (slot_key, slot) DO UPDATE SET holder = EXCLUDED.holder, held_until = EXCLUDED.held_until
             WHERE call_slot.held_until <= now()
            RETURNING slot""";
    /**
     * Takes every slot below {@code limit}, when none is held: the key's whole concurrency for one call that runs
     * that many requests at once (a batch). A taker racing another one may get only some: it gives them back.
     */
    private static final String TAKE_ALL = """
            INSERT INTO call_slot (slot_key, slot, holder, held_until)
            SELECT $1, s, $2, now() + $3 * interval '1 millisecond'
              FROM generate_series(0, $4 - 1) AS s
             WHERE NOT EXISTS (SELECT 1 FROM call_slot c WHERE c.slot_key = $1 AND c.held_until > now())
            ON CONFLICT (slot_key, slot) DO UPDATE SET holder = EXCLUDED.holder, held_until = EXCLUDED.held_until
             WHERE call_slot.held_until <= now()
            RETURNING slot""";
    private static final String GIVE_BACK_ALL = "DELETE FROM call_slot WHERE slot_key = $1 AND holder = $2";
    private static final String GIVE_BACK = "DELETE FROM call_slot WHERE slot_key = $1 AND slot = $2 AND holder = $3";
    private static final String HAND_OVER = "UPDATE call_slot SET holder = $4, held_until = now() + $5 * interval '1 millisecond'"
            + " WHERE slot_key = $1 AND slot = $2 AND holder = $3";
    private static final String HELD = "SELECT count(*) FROM call_slot WHERE slot_key = $1 AND held_until > now()";

    private final Pool pool;

    CallSlots(Pool pool) {
        this.pool = pool;
    }

    /** A slot of {@code key} for {@code holder} until {@code lease} passes, or empty when all are taken. */
    Uni<Optional<Integer>> take(String key, String holder, int limit, Duration lease) {
        return pool.preparedQuery(TAKE).execute(Tuple.of(key, holder, lease.toMillis(), limit))
                .map(CallSlots::slotOf);
    }

    /** Whether {@code holder} now holds all {@code limit} slots of {@code key}, until {@code lease} passes. */
    Uni<Boolean> takeAll(String key, String holder, int limit, Duration lease) {
        return pool.preparedQuery(TAKE_ALL).execute(Tuple.of(key, holder, lease.toMillis(), limit)).chain(rows -> {
            if (rows.rowCount() == limit) {
                return Uni.createFrom().item(true);
            }
            return rows.rowCount() == 0 ? Uni.createFrom().item(false) : giveBackAll(key, holder).replaceWith(false);
        });
    }

    /** Frees every slot {@code holder} holds of {@code key}. */
    Uni<Void> giveBackAll(String key, String holder) {
        return pool.preparedQuery(GIVE_BACK_ALL).execute(Tuple.of(key, holder)).replaceWithVoid();
    }

    /** Frees the slot, unless its lease lapsed and another holder took it meanwhile. */
    Uni<Void> giveBack(String key, int slot, String holder) {
        return pool.preparedQuery(GIVE_BACK).execute(Tuple.of(key, slot, holder)).replaceWithVoid();
    }

    /**
     * Passes the slot from {@code holder} straight to {@code next} for {@code lease}, in one statement: false when
     * {@code holder} no longer held it (its lease lapsed and another holder took it).
     */
    Uni<Boolean> handOver(String key, int slot, String holder, String next, Duration lease) {
        return pool.preparedQuery(HAND_OVER).execute(Tuple.of(key, slot, holder, next, lease.toMillis()))
                .map(rows -> rows.rowCount() == 1);
    }

    /** How many slots of {@code key} are held now; a slot whose lease lapsed counts as free. */
    Uni<Integer> held(String key) {
        return pool.preparedQuery(HELD).execute(Tuple.of(key)).map(rows -> (int) rows.iterator().next().getLong(0).longValue());
    }

    private static Optional<Integer> slotOf(RowSet<Row> rows) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? Optional.of(iterator.next().getInteger(0)) : Optional.empty();
    }
}
