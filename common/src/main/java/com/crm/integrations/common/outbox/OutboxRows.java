package com.crm.integrations.common.outbox;

import java.util.ArrayList;
import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** The relay's statements on the {@code outbox} table, each within the round's transaction. */
final class OutboxRows {

    /**
     * Up to $2 tenants, among those of the oldest $1 pending rows (oldest first), that this relay
     * can lock: tenants another relay holds are skipped, so relays share the work. The candidates
     * are materialised, and the limit stops the lock attempts once enough succeeded; the lock key
     * includes the schema, so two services' relays never wait on each other.
     */
    static final String CLAIM_TENANTS = """
            WITH candidates AS MATERIALIZED (
                SELECT tenant_id, min(position) AS first FROM (
                    SELECT tenant_id, position FROM outbox WHERE sent_at IS NULL ORDER BY position LIMIT $1) oldest
                 GROUP BY tenant_id),
            claimed AS MATERIALIZED (
                SELECT tenant_id FROM (SELECT tenant_id FROM candidates ORDER BY first) ordered
                 WHERE pg_try_advisory_xact_lock(hashtextextended(current_schema() || '/outbox/' || tenant_id, 0))
                 LIMIT $2)
            SELECT ARRAY(SELECT tenant_id FROM claimed) AS tenants, (SELECT count(*) FROM candidates) AS candidates""";

    static final String PENDING_ROWS = """
            SELECT position, id, tenant_id, topic, type, payload::text AS payload, created_at FROM outbox
             WHERE sent_at IS NULL AND tenant_id = ANY($1)
             ORDER BY position LIMIT $2""";

    static final String MARK_SENT = "UPDATE outbox SET sent_at = now() WHERE position = ANY($1)";

    /**
     * The tenants a round took, and how many tenants had rows among the oldest pending ones. When
     * fewer were taken than were there and allowed, another relay holds the rest.
     */
    record Claim(String[] tenants, long candidates, int most) {

        /** Another relay holds some of the tenants this round could have taken. */
        boolean contended() {
            return tenants.length < Math.min(candidates, most);
        }

        /** Tenants are left that this relay can take in its next round (it took as many as it may). */
        boolean leftTenants() {
            return tenants.length == most && candidates > most;
        }
    }

    private OutboxRows() {
    }

    /** Locks up to {@code most} tenants among those of the oldest {@code window} pending rows. */
    static Uni<Claim> claim(SqlConnection tx, int window, int most) {
        return tx.preparedQuery(CLAIM_TENANTS).execute(Tuple.of(window, most)).map(rows -> {
            Row row = rows.iterator().next();
            return new Claim(row.getArrayOfStrings("tenants"), row.getLong("candidates"), most);
        });
    }

    /** The oldest pending rows of {@code tenants}, by position, at most {@code limit}. */
    static Uni<List<PendingEvent>> pending(SqlConnection tx, String[] tenants, int limit) {
        return tx.preparedQuery(PENDING_ROWS).execute(Tuple.of(tenants, limit)).map(rows -> {
            List<PendingEvent> events = new ArrayList<>(rows.size());
            for (Row row : rows) {
                events.add(new PendingEvent(row.getLong("position"), row.getUUID("id"), row.getString("tenant_id"),
                        row.getString("topic"), row.getString("type"), row.getString("payload"),
                        row.getOffsetDateTime("created_at")));
            }
            return events;
        });
    }

    /** Marks the rows at {@code positions} as sent (none: nothing to do). */
    static Uni<Void> markSent(SqlConnection tx, List<Long> positions) {
        if (positions.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery(MARK_SENT).execute(Tuple.of(positions.toArray(new Long[0]))).replaceWithVoid();
    }
}
