package com.crm.integrations.mailchimp.repository;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.crm.integrations.common.sql.SqlValues;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reconciliation's state on the audience link: when it is due (first {@code every} after the link, then
 * {@code every} after each run), where a run reads from ({@code reconciled_since}), the run in progress (its start and
 * page), under the link's lease ({@code lease_owner}, {@code lease_until}: the import's, which is done by then).
 */
@ApplicationScoped
public class ReconcileRows {

    private static final String CLAIM = """
            UPDATE audience_link SET lease_owner = $1, lease_until = $3, reconcile_started_at = COALESCE(reconcile_started_at, $2)
             WHERE id = (SELECT id FROM audience_link
                          WHERE import_state = 'done' AND state = 'active'
                            AND COALESCE(reconcile_due_at, linked_at + $4 * interval '1 millisecond') <= $2
                            AND (lease_until IS NULL OR lease_until < $2)
                          ORDER BY COALESCE(reconcile_due_at, linked_at) LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id, tenant_id, audience_id, connection_id, COALESCE(reconciled_since, linked_at) AS reconciled_since,
                      reconcile_started_at, reconcile_offset""";
    private static final String PAGE = "UPDATE audience_link SET reconcile_offset = $3, lease_until = $4 WHERE id = $1 AND lease_owner = $2";
    private static final String DONE = "UPDATE audience_link SET reconciled_since = reconcile_started_at, reconcile_started_at = NULL,"
            + " reconcile_offset = 0, reconcile_due_at = $3, reconcile_error = NULL, lease_owner = NULL, lease_until = NULL"
            + " WHERE id = $1 AND lease_owner = $2";
    private static final String RETRY = "UPDATE audience_link SET reconcile_due_at = $3, reconcile_error = $4, lease_owner = NULL,"
            + " lease_until = NULL WHERE id = $1 AND lease_owner = $2";
    private static final String NOW = "UPDATE audience_link SET reconcile_due_at = $3 WHERE tenant_id = $1 AND audience_id = $2"
            + " RETURNING import_state";

    private final Pool pool;

    public ReconcileRows(Pool pool) {
        this.pool = pool;
    }

    /** A run: the link, where it reads from, where the run started and the offset it reached. */
    public record Run(UUID linkId, String tenantId, String audienceId, String connectionId, Instant since, Instant startedAt,
            int offset) {
    }

    /** Leases the most overdue audience to {@code owner}. */
    public Uni<Optional<Run>> claim(UUID owner, Instant now, Instant until, Duration every) {
        return pool.preparedQuery(CLAIM).execute(Tuple.of(owner, SqlValues.timestamp(now), SqlValues.timestamp(until), every.toMillis()))
                .map(rows -> SqlValues.first(rows, row -> new Run(row.getUUID("id"), row.getString("tenant_id"),
                        row.getString("audience_id"), row.getString("connection_id"), SqlValues.requiredInstant(row, "reconciled_since"),
                        SqlValues.requiredInstant(row, "reconcile_started_at"), row.getInteger("reconcile_offset"))));
    }

    /** A page read: the next offset, the lease extended; false when the lease was lost. */
    public Uni<Boolean> page(SqlClient tx, UUID linkId, UUID owner, int offset, Instant leaseUntil) {
        return tx.preparedQuery(PAGE).execute(Tuple.of(linkId, owner, offset, SqlValues.timestamp(leaseUntil)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The run ended: the next reads from its start, at {@code next}. */
    public Uni<Void> done(UUID linkId, UUID owner, Instant next) {
        return pool.preparedQuery(DONE).execute(Tuple.of(linkId, owner, SqlValues.timestamp(next))).replaceWithVoid();
    }

    /** The run failed for now: it goes on from where it is at {@code at}. */
    public Uni<Void> retry(UUID linkId, UUID owner, Instant at, String error) {
        return pool.preparedQuery(RETRY).execute(Tuple.of(linkId, owner, SqlValues.timestamp(at), error)).replaceWithVoid();
    }

    /** Makes the tenant's audience due now; false when the tenant linked no such audience. */
    public Uni<Boolean> dueNow(String tenantId, String audienceId, Instant now) {
        return pool.preparedQuery(NOW).execute(Tuple.of(tenantId, audienceId, SqlValues.timestamp(now))).map(rows -> rows.rowCount() == 1);
    }
}
