package com.crm.integrations.token.repository;

import static com.crm.integrations.common.sql.SqlValues.bytes;
import static com.crm.integrations.common.sql.SqlValues.first;
import static com.crm.integrations.common.sql.SqlValues.instant;
import static com.crm.integrations.common.sql.SqlValues.requiredInstant;
import static com.crm.integrations.common.sql.SqlValues.timestamp;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** The {@code oauth_session} table: authorizations in progress, found by the hashes of their one-time values. */
@ApplicationScoped
public class OAuthSessionRepository {

    /** An authorization in progress. */
    public record Session(UUID id, String tenantId, String userId, String provider, String redirectUri, Optional<byte[]> cookieHash,
            Instant expiresAt, Optional<Instant> startedAt, Optional<Instant> finishedAt) {
    }

    /** For {@code Pruning.inBatches}: at most $2 sessions that expired before $1. */
    public static final String PRUNE = "DELETE FROM oauth_session WHERE id IN "
            + "(SELECT id FROM oauth_session WHERE expires_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)";

    private static final String COLUMNS = "id, tenant_id, user_id, provider, redirect_uri, cookie_hash, expires_at, started_at, finished_at";

    public Uni<Void> insert(SqlClient sql, UUID id, String tenantId, String userId, String provider, String redirectUri,
            byte[] startHash, Instant now, Instant expiresAt) {
        return sql.preparedQuery("""
                INSERT INTO oauth_session (id, tenant_id, user_id, provider, redirect_uri, start_hash, created_at, expires_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""")
                .execute(Tuple.tuple(List.of(id, tenantId, userId, provider, redirectUri, bytes(startHash), timestamp(now),
                        timestamp(expiresAt))))
                .replaceWithVoid();
    }

    /**
     * Opens a session through its start URL, once: records the state and cookie hashes. Empty when no
     * unexpired, unopened session of this provider has this start hash.
     */
    public Uni<Optional<Session>> open(SqlClient sql, String provider, byte[] startHash, byte[] stateHash, byte[] cookieHash, Instant now) {
        return sql.preparedQuery("UPDATE oauth_session SET started_at = $4, state_hash = $5, cookie_hash = $6 "
                + "WHERE start_hash = $1 AND provider = $2 AND started_at IS NULL AND expires_at > $3 RETURNING " + COLUMNS)
                .execute(Tuple.of(bytes(startHash), provider, timestamp(now), timestamp(now), bytes(stateHash), bytes(cookieHash)))
                .map(rows -> first(rows, OAuthSessionRepository::session));
    }

    public Uni<Optional<Session>> findByState(SqlClient sql, byte[] stateHash) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM oauth_session WHERE state_hash = $1")
                .execute(Tuple.of(bytes(stateHash)))
                .map(rows -> first(rows, OAuthSessionRepository::session));
    }

    /** Marks a session finished with its outcome, once. True when this call finished it. */
    public Uni<Boolean> finish(SqlClient sql, UUID id, String outcome, Instant now) {
        return sql.preparedQuery("UPDATE oauth_session SET finished_at = $2, outcome = $3 WHERE id = $1 AND finished_at IS NULL")
                .execute(Tuple.of(id, timestamp(now), outcome))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Records how a finished session ended (it was taken as {@code exchanging}). */
    public Uni<Void> recordOutcome(SqlClient sql, UUID id, String outcome) {
        return sql.preparedQuery("UPDATE oauth_session SET outcome = $2 WHERE id = $1").execute(Tuple.of(id, outcome))
                .replaceWithVoid();
    }

    private static Session session(Row row) {
        return new Session(row.getUUID("id"), row.getString("tenant_id"), row.getString("user_id"), row.getString("provider"),
                row.getString("redirect_uri"), bytes(row, "cookie_hash"), requiredInstant(row, "expires_at"),
                instant(row, "started_at"), instant(row, "finished_at"));
    }
}
