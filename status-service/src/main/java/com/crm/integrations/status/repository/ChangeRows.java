package com.crm.integrations.status.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.crm.integrations.common.sql.Pruning;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** The change log ({@code status_change}): what the streams of every replica read after a notification. */
@ApplicationScoped
public class ChangeRows {

    static final String AFTER = "SELECT seq, tenant_id, owner_user_id, integration FROM status_change WHERE seq > $1 ORDER BY seq LIMIT $2";
    static final String AFTER_FOR_TENANT = """
            SELECT seq, tenant_id, owner_user_id, integration FROM status_change
            WHERE seq > $1 AND (tenant_id = $2 OR tenant_id IS NULL) ORDER BY seq LIMIT $3
            """;
    static final String LAST = "SELECT coalesce(max(seq), 0) FROM status_change";
    static final String LOG_EVERY_TENANT = "INSERT INTO status_change (tenant_id, owner_user_id, integration) VALUES (NULL, NULL, NULL)";
    static final String LOG_TENANT = "INSERT INTO status_change (tenant_id, owner_user_id, integration) VALUES ($1, NULL, NULL)";
    /** Deletes a batch and raises the watermark to what it deleted; its rows are the deleted ones (Pruning counts them). */
    static final String PRUNE = """
            WITH gone AS (
                DELETE FROM status_change WHERE seq IN (SELECT seq FROM status_change WHERE changed_at < $1 ORDER BY seq LIMIT $2)
                RETURNING seq
            ), marked AS (
                UPDATE status_change_pruned SET up_to = greatest(up_to, (SELECT max(seq) FROM gone)) WHERE EXISTS (SELECT 1 FROM gone)
            )
            SELECT seq FROM gone
            """;
    static final String PRUNED = "SELECT up_to FROM status_change_pruned";

    private final Pool pool;

    public ChangeRows(Pool pool) {
        this.pool = pool;
    }

    /** One change: a card (tenant, owner, integration), every card of a tenant (no integration), or of every tenant. */
    public record Change(long seq, String tenantId, String ownerUserId, String integration) {

        /** Whether it concerns every tenant (a sibling turned stale or fresh, a rebuild switched). */
        public boolean everyTenant() {
            return tenantId == null;
        }

        /** Whether it concerns the whole of its tenant (its connection policy, its attention policy). */
        public boolean wholeTenant() {
            return tenantId == null || integration == null;
        }
    }

    /** Up to {@code limit} changes after {@code seq}, in order. */
    public Uni<List<Change>> after(long seq, int limit) {
        return pool.preparedQuery(AFTER).execute(Tuple.of(seq, limit)).map(ChangeRows::changes);
    }

    /** Up to {@code limit} changes after {@code seq} that concern {@code tenant}, in order. */
    public Uni<List<Change>> afterForTenant(long seq, String tenant, int limit) {
        return pool.preparedQuery(AFTER_FOR_TENANT).execute(Tuple.of(seq, tenant, limit)).map(ChangeRows::changes);
    }

    /** The last sequence number (0: none yet). */
    public Uni<Long> last() {
        return pool.query(LAST).execute().map(rows -> rows.iterator().next().getLong(0));
    }

    /** The last sequence number pruning deleted (0: none): changes after it are all still there. */
    public Uni<Long> prunedUpTo() {
        return pool.query(PRUNED).execute().map(rows -> rows.iterator().next().getLong(0));
    }

    /** Logs a change of every card of every tenant, in {@code tx}. */
    public Uni<Void> everyTenant(SqlConnection tx) {
        return tx.query(LOG_EVERY_TENANT).execute().replaceWithVoid();
    }

    /** Logs a change of every card of {@code tenant}, in {@code tx}. */
    public Uni<Void> wholeTenant(SqlConnection tx, String tenant) {
        return tx.preparedQuery(LOG_TENANT).execute(Tuple.of(tenant)).replaceWithVoid();
    }

    /** Deletes the changes logged before {@code cutoff}. */
    public Uni<Long> pruneBefore(Instant cutoff, int batch) {
        return Pruning.inBatches(pool, PRUNE, cutoff, batch);
    }

    private static List<Change> changes(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        List<Change> changes = new ArrayList<>();
        rows.forEach(row -> changes.add(new Change(row.getLong("seq"), row.getString("tenant_id"), row.getString("owner_user_id"),
                row.getString("integration"))));
        return changes;
    }
}
