package com.crm.integrations.token.repository;

import static com.crm.integrations.common.sql.SqlValues.first;
import static com.crm.integrations.common.sql.SqlValues.instant;
import static com.crm.integrations.common.sql.SqlValues.requiredInstant;
import static com.crm.integrations.common.sql.SqlValues.timestamp;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.crm.integrations.common.events.payload.WireNamed;
import com.crm.integrations.token.KeyRotation;
import com.crm.integrations.token.KeyRotationStatus;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The {@code key_rotation} table: rotation runs, and the lease by which one worker at a time
 * (on any replica) carries a run forward.
 */
@ApplicationScoped
public class KeyRotationRepository {

    private static final String COLUMNS = "id, target_key_id, requested_by, started_at, finished_at, resealed_rows, status, error";

    public Uni<KeyRotation> insert(SqlClient sql, UUID id, String targetKeyId, String requestedBy, Instant now) {
        return sql.preparedQuery("INSERT INTO key_rotation (id, target_key_id, requested_by, started_at, status) "
                + "VALUES ($1, $2, $3, $4, 'running') RETURNING " + COLUMNS)
                .execute(Tuple.of(id, targetKeyId, requestedBy, timestamp(now)))
                .map(rows -> run(rows.iterator().next()));
    }

    public Uni<Optional<KeyRotation>> find(SqlClient sql, UUID id) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM key_rotation WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> first(rows, KeyRotationRepository::run));
    }

    /**
     * Leases the oldest running run towards {@code targetKeyId} that nobody holds (no lease, or an
     * expired one: its worker died) to {@code owner} until {@code until}.
     */
    public Uni<Optional<KeyRotation>> claim(SqlClient sql, String targetKeyId, String owner, Instant now, Instant until) {
        return sql.preparedQuery("""
                UPDATE key_rotation SET lease_owner = $2, lease_until = $4
                WHERE id = (SELECT id FROM key_rotation
                            WHERE status = 'running' AND target_key_id = $1 AND (lease_until IS NULL OR lease_until < $3)
                            ORDER BY started_at LIMIT 1 FOR UPDATE SKIP LOCKED)
                RETURNING""" + " " + COLUMNS)
                .execute(Tuple.of(targetKeyId, owner, timestamp(now), timestamp(until)))
                .map(rows -> first(rows, KeyRotationRepository::run));
    }

    /** Counts re-sealed rows and renews the lease; false when {@code owner} no longer holds it. */
    public Uni<Boolean> progress(SqlClient sql, UUID id, String owner, int resealed, Instant leaseUntil) {
        return sql.preparedQuery("""
                UPDATE key_rotation SET resealed_rows = resealed_rows + $3, lease_until = $4
                WHERE id = $1 AND lease_owner = $2 AND status = 'running'""")
                .execute(Tuple.of(id, owner, resealed, timestamp(leaseUntil))).map(rows -> rows.rowCount() == 1);
    }

    /** Ends a run (completed or failed) and its lease. */
    public Uni<Void> finish(SqlClient sql, UUID id, KeyRotationStatus status, String error, Instant now) {
        return sql.preparedQuery("""
                UPDATE key_rotation SET status = $2, error = $3, finished_at = $4, lease_owner = NULL, lease_until = NULL
                WHERE id = $1 AND status = 'running'""")
                .execute(Tuple.of(id, status.wireName(), error, timestamp(now))).replaceWithVoid();
    }

    /** Gives up {@code owner}'s lease so that any worker may claim the run at once. */
    public Uni<Void> release(SqlClient sql, UUID id, String owner) {
        return sql.preparedQuery("UPDATE key_rotation SET lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2")
                .execute(Tuple.of(id, owner)).replaceWithVoid();
    }

    private static KeyRotation run(Row row) {
        return new KeyRotation(row.getUUID("id"), row.getString("target_key_id"), row.getString("requested_by"),
                requiredInstant(row, "started_at"), instant(row, "finished_at"), row.getLong("resealed_rows"),
                WireNamed.fromWireName(KeyRotationStatus.class, row.getString("status")), Optional.ofNullable(row.getString("error")));
    }
}
