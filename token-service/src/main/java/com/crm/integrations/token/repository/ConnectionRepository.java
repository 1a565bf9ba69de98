package com.crm.integrations.token.repository;

import static com.crm.integrations.common.sql.SqlValues.first;
import static com.crm.integrations.common.sql.SqlValues.timestamp;
import static com.crm.integrations.token.repository.ConnectionRows.COLUMNS;
import static com.crm.integrations.token.repository.ConnectionRows.SEALED;
import static com.crm.integrations.token.repository.ConnectionRows.ciphertext;
import static com.crm.integrations.token.repository.ConnectionRows.keyId;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.crm.integrations.common.events.payload.ConnectionKind;
import com.crm.integrations.common.events.payload.ConnectionStatus;
import com.crm.integrations.common.events.payload.WireNamed;
import com.crm.integrations.common.retry.FailureCategory;
import com.crm.integrations.token.Connection;
import com.crm.integrations.token.ProviderAccount;
import com.crm.integrations.token.crypto.Sealed;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The {@code connection} table, the only class that queries it. Queries only: transactions belong to
 * the services, which pass the connection they hold. Every tenant-facing query is scoped by tenant.
 */
@ApplicationScoped
public class ConnectionRepository {

    public Uni<Optional<Connection>> findForTenant(SqlClient sql, String tenantId, UUID id) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM connection WHERE tenant_id = $1 AND id = $2")
                .execute(Tuple.of(tenantId, id)).map(rows -> first(rows, ConnectionRows::connection));
    }

    /** A connection of any tenant, without its tokens: for sibling services, which name it by id. */
    public Uni<Optional<Connection>> find(SqlClient sql, UUID id) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM connection WHERE id = $1")
                .execute(Tuple.of(id)).map(rows -> first(rows, ConnectionRows::connection));
    }

    /** The tenant's connections, oldest first; {@code ownerUserId} set: that user's and the tenant's. */
    public Uni<List<Connection>> listForTenant(SqlClient sql, String tenantId, Optional<String> ownerUserId, boolean includeRevoked) {
        String query = "SELECT " + COLUMNS + " FROM connection WHERE tenant_id = $1"
                + (ownerUserId.isPresent() ? " AND (owner_type = 'tenant' OR owner_id = $2)" : " AND $2::text IS NULL")
                + (includeRevoked ? "" : " AND status <> 'revoked'")
                + " ORDER BY created_at, id";
        return sql.preparedQuery(query).execute(Tuple.of(tenantId, ownerUserId.orElse(null)))
                .map(rows -> {
                    List<Connection> connections = new ArrayList<>(rows.size());
                    rows.forEach(row -> connections.add(ConnectionRows.connection(row)));
                    return connections;
                });
    }

    /** A tenant's connection and its sealed tokens. */
    public Uni<Optional<StoredConnection>> findStoredForTenant(SqlClient sql, String tenantId, UUID id) {
        return sql.preparedQuery("SELECT " + COLUMNS + ", " + SEALED + " FROM connection WHERE tenant_id = $1 AND id = $2")
                .execute(Tuple.of(tenantId, id)).map(rows -> first(rows, ConnectionRows::stored));
    }

    /** A connection and its sealed tokens, locked for update when {@code lock}. */
    public Uni<Optional<StoredConnection>> findStored(SqlClient sql, UUID id, boolean lock) {
        return sql.preparedQuery("SELECT " + COLUMNS + ", " + SEALED + " FROM connection WHERE id = $1" + (lock ? " FOR UPDATE" : ""))
                .execute(Tuple.of(id)).map(rows -> first(rows, ConnectionRows::stored));
    }

    /** The live connection of an owner to a provider, locked for update. */
    public Uni<Optional<StoredConnection>> findLiveForUpdate(SqlClient sql, String tenantId, Optional<String> ownerUserId,
            String provider) {
        return sql.preparedQuery("SELECT " + COLUMNS + ", " + SEALED + " FROM connection"
                + " WHERE tenant_id = $1 AND owner_type = $2 AND owner_id = $3 AND provider = $4 AND status <> 'revoked' FOR UPDATE")
                .execute(Tuple.of(tenantId, ConnectionRows.ownerType(ownerUserId), ConnectionRows.ownerId(tenantId, ownerUserId),
                        provider))
                .map(rows -> first(rows, ConnectionRows::stored));
    }

    public Uni<Void> insert(SqlClient sql, Connection c, SealedTokens tokens) {
        return sql.preparedQuery("""
                INSERT INTO connection (id, tenant_id, owner_type, owner_id, provider, kind, status, scopes, account_id,
                    account_login, data_centre, api_endpoint, access_key_id, access_token, refresh_key_id, refresh_token,
                    access_expires_at, last_refreshed_at, created_by, created_at, updated_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20)""")
                .execute(ConnectionRows.insertValues(c, tokens)).replaceWithVoid();
    }

    /**
     * New tokens for a live connection (reconnect or refresh): the access token always, the refresh
     * token only when one is given (an absent one keeps the stored token), status active, failures
     * cleared.
     */
    public Uni<Connection> replaceTokens(SqlClient sql, UUID id, Sealed access, Optional<Sealed> refresh,
            Optional<Instant> accessExpiresAt, Optional<List<String>> scopes, Optional<ProviderAccount> account, Instant now) {
        Tuple values = Tuple.tuple(List.of(id, access.keyId(), ciphertext(Optional.of(access))));
        values.addValue(keyId(refresh)).addValue(ciphertext(refresh)).addValue(timestamp(accessExpiresAt))
                .addValue(scopes.map(list -> list.toArray(String[]::new)).orElse(null))
                .addValue(account.flatMap(ProviderAccount::id).orElse(null))
                .addValue(account.flatMap(ProviderAccount::login).orElse(null))
                .addValue(account.flatMap(ProviderAccount::dataCentre).orElse(null))
                .addValue(account.flatMap(ProviderAccount::apiEndpoint).map(URI::toString).orElse(null))
                .addValue(timestamp(now));
        return sql.preparedQuery("""
                UPDATE connection SET access_key_id = $2, access_token = $3,
                    refresh_key_id = CASE WHEN $5::bytea IS NULL THEN refresh_key_id ELSE $4 END,
                    refresh_token = COALESCE($5::bytea, refresh_token),
                    access_expires_at = $6, scopes = COALESCE($7::text[], scopes),
                    account_id = COALESCE($8, account_id), account_login = COALESCE($9, account_login),
                    data_centre = COALESCE($10, data_centre), api_endpoint = COALESCE($11, api_endpoint),
                    status = 'active', last_refreshed_at = $12, consecutive_failures = 0, last_error_category = NULL,
                    last_error_code = NULL, last_error_at = NULL, retry_at = NULL, refresh_lease_until = NULL, updated_at = $12
                WHERE id = $1 RETURNING""" + " " + COLUMNS).execute(values).map(rows -> ConnectionRows.connection(rows.iterator().next()));
    }

    /** Records a failed refresh; returns the new consecutive-failure count. */
    public Uni<Integer> recordFailure(SqlClient sql, UUID id, ConnectionStatus status, FailureCategory category, String providerCode,
            Optional<Instant> retryAt, Instant now) {
        return sql.preparedQuery("""
                UPDATE connection SET status = $2, consecutive_failures = consecutive_failures + 1, last_error_category = $3,
                    last_error_code = $4, last_error_at = $5, retry_at = $6, refresh_lease_until = NULL, updated_at = $5
                WHERE id = $1 RETURNING consecutive_failures""")
                .execute(Tuple.of(id, status.wireName(), category.wireName(), providerCode, timestamp(now), timestamp(retryAt)))
                .map(rows -> rows.iterator().next().getInteger("consecutive_failures"));
    }

    /** Destroys the tokens and marks the connection revoked; returns it as it now is. */
    public Uni<Connection> revoke(SqlClient sql, UUID id, Instant now) {
        return sql.preparedQuery("""
                UPDATE connection SET status = 'revoked', access_key_id = NULL, access_token = NULL, refresh_key_id = NULL,
                    refresh_token = NULL, refresh_lease_until = NULL, revoked_at = $2, updated_at = $2
                WHERE id = $1 RETURNING""" + " " + COLUMNS).execute(Tuple.of(id, timestamp(now)))
                .map(rows -> ConnectionRows.connection(rows.iterator().next()));
    }

    /**
     * Takes the refresh lease of a connection until {@code until}, if nobody holds it and its access
     * token still expires before {@code refreshBefore}: the one refresh across replicas. A caller that
     * read the row before someone else's refresh finished finds the token renewed and takes nothing.
     * True when taken.
     */
    public Uni<Boolean> tryLease(SqlClient sql, UUID id, Instant now, Instant until, Instant refreshBefore) {
        return sql.preparedQuery("""
                UPDATE connection SET refresh_lease_until = $3
                WHERE id = $1 AND status <> 'revoked' AND (refresh_lease_until IS NULL OR refresh_lease_until < $2)
                  AND access_expires_at <= $4""")
                .execute(Tuple.of(id, timestamp(now), timestamp(until), timestamp(refreshBefore)))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Claims up to {@code limit} connections due for a health check (API keys and tokens that never
     * expire), and sets each one's next check {@code interval} ± 25 % later, so checks spread out. A
     * connection never scheduled before is only scheduled (it was checked when it was stored).
     *
     * @return the ids to check now
     */
    public Uni<List<UUID>> claimChecks(SqlClient sql, Instant now, Duration interval, int limit) {
        return sql.preparedQuery("""
                WITH due AS (
                    SELECT id, next_check_at FROM connection
                     WHERE status = 'active' AND (kind = 'api_key' OR access_expires_at IS NULL)
                       AND (next_check_at IS NULL OR next_check_at <= $1)
                     ORDER BY next_check_at NULLS FIRST LIMIT $3 FOR UPDATE SKIP LOCKED)
                UPDATE connection c SET next_check_at = $1 + make_interval(secs => $2 * (0.75 + random() * 0.5)),
                       last_checked_at = CASE WHEN due.next_check_at IS NULL THEN c.last_checked_at ELSE $1 END
                  FROM due WHERE c.id = due.id
                RETURNING c.id, due.next_check_at IS NOT NULL AS check_now""")
                .execute(Tuple.of(timestamp(now), (double) interval.toSeconds(), limit)).map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(row -> {
                        if (row.getBoolean("check_now")) {
                            ids.add(row.getUUID("id"));
                        }
                    });
                    return ids;
                });
    }

    /** Whether someone holds the connection's refresh lease at {@code now}. */
    public Uni<Boolean> leaseHeld(SqlClient sql, UUID id, Instant now) {
        return sql.preparedQuery("SELECT refresh_lease_until > $2 AS held FROM connection WHERE id = $1")
                .execute(Tuple.of(id, timestamp(now)))
                .map(rows -> rows.size() == 1 && Boolean.TRUE.equals(rows.iterator().next().getBoolean("held")));
    }

    public Uni<Void> releaseLease(SqlClient sql, UUID id) {
        return sql.preparedQuery("UPDATE connection SET refresh_lease_until = NULL WHERE id = $1").execute(Tuple.of(id))
                .replaceWithVoid();
    }

    /** Up to {@code limit} rows with a token not under {@code keyId}, locked; rows other transactions hold are skipped. */
    public Uni<List<ResealCandidate>> lockNotSealedUnder(SqlClient sql, String keyId, int limit) {
        return sql.preparedQuery("""
                SELECT id, tenant_id, provider, kind, access_key_id, access_token, refresh_key_id, refresh_token FROM connection
                WHERE access_key_id <> $1 OR refresh_key_id <> $1
                ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED""")
                .execute(Tuple.of(keyId, limit))
                .map(rows -> {
                    List<ResealCandidate> batch = new ArrayList<>(rows.size());
                    rows.forEach(row -> batch.add(new ResealCandidate(row.getUUID("id"), row.getString("tenant_id"),
                            row.getString("provider"), WireNamed.fromWireName(ConnectionKind.class, row.getString("kind")),
                            ConnectionRows.tokens(row))));
                    return batch;
                });
    }

    /** Rows with a token not under {@code keyId}, locked or not. */
    public Uni<Long> countNotSealedUnder(SqlClient sql, String keyId) {
        return sql.preparedQuery("SELECT count(*) AS remaining FROM connection WHERE access_key_id <> $1 OR refresh_key_id <> $1")
                .execute(Tuple.of(keyId)).map(rows -> rows.iterator().next().getLong("remaining"));
    }

    /** Replaces a row's sealed tokens with the same tokens sealed under another key. */
    public Uni<Void> storeResealed(SqlClient sql, UUID id, SealedTokens tokens) {
        return sql.preparedQuery("""
                UPDATE connection SET access_key_id = $2, access_token = $3, refresh_key_id = $4, refresh_token = $5
                WHERE id = $1""")
                .execute(Tuple.of(id, keyId(tokens.access()), ciphertext(tokens.access()), keyId(tokens.refresh()),
                        ciphertext(tokens.refresh())))
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

    /** Every key id a stored token is sealed under, sorted. */
    public Uni<Set<String>> keyIds(SqlClient sql) {
        return tokensByKey(sql).map(counts -> new TreeSet<>(counts.keySet()));
    }
}
