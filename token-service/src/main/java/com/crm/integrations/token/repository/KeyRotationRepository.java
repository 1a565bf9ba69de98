package com.crm.integrations.token.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.crm.integrations.token.crypto.Sealed;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Key rotation runs, and the connection rows a rotation still has to re-seal. */
@ApplicationScoped
public class KeyRotationRepository {

    /** A rotation run. */
    public record Run(UUID id, String targetKeyId, String requestedBy, Instant startedAt, Optional<Instant> finishedAt,
            long resealedRows, String status, Optional<String> error) {
    }

    /** A row's sealed tokens and what binds them (its associated data). */
    public record SealedRow(UUID id, String tenantId, String provider, String kind, Optional<Sealed> access, Optional<Sealed> refresh) {
    }

    private static final String RUN_COLUMNS = "id, target_key_id, requested_by, started_at, finished_at, resealed_rows, status, error";

    public Uni<Run> insert(SqlClient sql, UUID id, String targetKeyId, String requestedBy, Instant now) {
        return sql.preparedQuery("INSERT INTO key_rotation (id, target_key_id, requested_by, started_at, status) "
                + "VALUES ($1, $2, $3, $4, 'running') RETURNING " + RUN_COLUMNS)
                .execute(Tuple.of(id, targetKeyId, requestedBy, ConnectionRepository.offset(Optional.of(now))))
                .map(rows -> run(rows.iterator().next()));
    }

    public Uni<Optional<Run>> find(SqlClient sql, UUID id) {
        return sql.preparedQuery("SELECT " + RUN_COLUMNS + " FROM key_rotation WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(run(rows.iterator().next())));
    }

    public Uni<Void> progress(SqlClient sql, UUID id, int resealed) {
        return sql.preparedQuery("UPDATE key_rotation SET resealed_rows = resealed_rows + $2 WHERE id = $1")
                .execute(Tuple.of(id, resealed)).replaceWithVoid();
    }

    public Uni<Void> finish(SqlClient sql, UUID id, String status, String error, Instant now) {
        return sql.preparedQuery("UPDATE key_rotation SET status = $2, error = $3, finished_at = $4 WHERE id = $1")
                .execute(Tuple.of(id, status, error, ConnectionRepository.offset(Optional.of(now)))).replaceWithVoid();
    }

    /** Up to {@code limit} rows with a token not under {@code activeKeyId}, locked; rows another rotation holds are skipped. */
    public Uni<List<SealedRow>> lockBatch(SqlClient sql, String activeKeyId, int limit) {
        return sql.preparedQuery("""
                SELECT id, tenant_id, provider, kind, access_key_id, access_token, refresh_key_id, refresh_token FROM connection
                WHERE access_key_id <> $1 OR refresh_key_id <> $1
                ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED""")
                .execute(Tuple.of(activeKeyId, limit))
                .map(rows -> {
                    List<SealedRow> batch = new ArrayList<>(rows.size());
                    rows.forEach(row -> batch.add(new SealedRow(row.getUUID("id"), row.getString("tenant_id"),
                            row.getString("provider"), row.getString("kind"), ConnectionRepository.sealed(row, "access_key_id", "access_token"),
                            ConnectionRepository.sealed(row, "refresh_key_id", "refresh_token"))));
                    return batch;
                });
    }

    /** Rows with a token not under {@code activeKeyId}, locked or not. */
    public Uni<Long> remaining(SqlClient sql, String activeKeyId) {
        return sql.preparedQuery("SELECT count(*) AS remaining FROM connection WHERE access_key_id <> $1 OR refresh_key_id <> $1")
                .execute(Tuple.of(activeKeyId)).map(rows -> rows.iterator().next().getLong("remaining"));
    }

    public Uni<Void> store(SqlClient sql, UUID id, Optional<Sealed> access, Optional<Sealed> refresh) {
        return sql.preparedQuery("""
                UPDATE connection SET access_key_id = $2, access_token = $3, refresh_key_id = $4, refresh_token = $5
                WHERE id = $1""")
                .execute(Tuple.of(id, access.map(Sealed::keyId).orElse(null), ConnectionRepository.bytes(access),
                        refresh.map(Sealed::keyId).orElse(null), ConnectionRepository.bytes(refresh)))
                .replaceWithVoid();
    }

    /** Stored tokens per key id (access and refresh together). */
    public Uni<Map<String, Long>> tokensByKey(SqlClient sql) {
        return sql.query("""
                SELECT key_id, count(*) AS tokens FROM (
                    SELECT access_key_id AS key_id FROM connection WHERE access_key_id IS NOT NULL
                    UNION ALL SELECT refresh_key_id FROM connection WHERE refresh_key_id IS NOT NULL) AS sealed
                GROUP BY key_id ORDER BY key_id""").execute()
                .map(rows -> {
                    Map<String, Long> counts = new LinkedHashMap<>();
                    rows.forEach(row -> counts.put(row.getString("key_id"), row.getLong("tokens")));
                    return counts;
                });
    }

    private static Run run(Row row) {
        return new Run(row.getUUID("id"), row.getString("target_key_id"), row.getString("requested_by"),
                row.getOffsetDateTime("started_at").toInstant(),
                Optional.ofNullable(row.getOffsetDateTime("finished_at")).map(java.time.OffsetDateTime::toInstant),
                row.getLong("resealed_rows"), row.getString("status"), Optional.ofNullable(row.getString("error")));
    }
}
