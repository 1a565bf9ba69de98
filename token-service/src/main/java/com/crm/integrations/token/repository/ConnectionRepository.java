package com.crm.integrations.token.repository;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.crm.integrations.common.events.payload.ConnectionKind;
import com.crm.integrations.common.events.payload.ConnectionStatus;
import com.crm.integrations.common.retry.FailureCategory;
import com.crm.integrations.token.Connection;
import com.crm.integrations.token.ProviderAccount;
import com.crm.integrations.token.crypto.Sealed;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The {@code connection} table. Queries only: transactions belong to the services, which pass the
 * connection they hold. Every tenant-facing query is scoped by tenant.
 */
@ApplicationScoped
public class ConnectionRepository {

    private static final String COLUMNS = """
            id, tenant_id, owner_type, owner_id, provider, kind, status, scopes, account_id, account_login, data_centre,
            api_endpoint, access_expires_at, last_refreshed_at, consecutive_failures, last_error_category, last_error_code,
            retry_at, refresh_token IS NOT NULL AS has_refresh_token, created_by, created_at, updated_at, revoked_at""";
    private static final String SEALED = "access_key_id, access_token, refresh_key_id, refresh_token";

    /** A connection with its sealed tokens. */
    public record Stored(Connection connection, SealedTokens tokens) {
    }

    public Uni<Optional<Connection>> findForTenant(SqlClient sql, String tenantId, UUID id) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM connection WHERE tenant_id = $1 AND id = $2")
                .execute(Tuple.of(tenantId, id)).map(rows -> first(rows).map(ConnectionRepository::connection));
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
                    rows.forEach(row -> connections.add(connection(row)));
                    return connections;
                });
    }

    /** A tenant's connection and its sealed tokens. */
    public Uni<Optional<Stored>> findStoredForTenant(SqlClient sql, String tenantId, UUID id) {
        return sql.preparedQuery("SELECT " + COLUMNS + ", " + SEALED + " FROM connection WHERE tenant_id = $1 AND id = $2")
                .execute(Tuple.of(tenantId, id)).map(rows -> first(rows).map(ConnectionRepository::stored));
    }

    /** A connection and its sealed tokens, locked for update when {@code lock}. */
    public Uni<Optional<Stored>> findStored(SqlClient sql, UUID id, boolean lock) {
        return sql.preparedQuery("SELECT " + COLUMNS + ", " + SEALED + " FROM connection WHERE id = $1" + (lock ? " FOR UPDATE" : ""))
                .execute(Tuple.of(id)).map(rows -> first(rows).map(ConnectionRepository::stored));
    }

    /** The live connection of an owner to a provider, locked for update. */
    public Uni<Optional<Stored>> findLiveForUpdate(SqlClient sql, String tenantId, Optional<String> ownerUserId, String provider) {
        return sql.preparedQuery("SELECT " + COLUMNS + ", " + SEALED + " FROM connection"
                + " WHERE tenant_id = $1 AND owner_type = $2 AND owner_id = $3 AND provider = $4 AND status <> 'revoked' FOR UPDATE")
                .execute(Tuple.of(tenantId, ownerType(ownerUserId), ownerId(tenantId, ownerUserId), provider))
                .map(rows -> first(rows).map(ConnectionRepository::stored));
    }

    public Uni<Void> insert(SqlClient sql, Connection c, SealedTokens tokens) {
        Tuple values = Tuple.tuple(List.of(c.id(), c.tenantId(), ownerType(c.ownerUserId()), ownerId(c.tenantId(), c.ownerUserId()),
                c.provider(), kind(c.kind()), status(c.status()), c.scopes().toArray(String[]::new)));
        values.addValue(c.account().id().orElse(null)).addValue(c.account().login().orElse(null))
                .addValue(c.account().dataCentre().orElse(null)).addValue(c.account().apiEndpoint().map(URI::toString).orElse(null))
                .addValue(keyId(tokens.access())).addValue(bytes(tokens.access()))
                .addValue(keyId(tokens.refresh())).addValue(bytes(tokens.refresh()))
                .addValue(offset(c.accessExpiresAt())).addValue(offset(c.lastRefreshedAt())).addValue(c.createdBy())
                .addValue(offset(Optional.of(c.createdAt())));
        return sql.preparedQuery("""
                INSERT INTO connection (id, tenant_id, owner_type, owner_id, provider, kind, status, scopes, account_id,
                    account_login, data_centre, api_endpoint, access_key_id, access_token, refresh_key_id, refresh_token,
                    access_expires_at, last_refreshed_at, created_by, created_at, updated_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20)""")
                .execute(values).replaceWithVoid();
    }

    /**
     * New tokens for a live connection (reconnect or refresh): the access token always, the refresh
     * token only when one is given (an absent one keeps the stored token), status active, failures
     * cleared.
     */
    public Uni<Connection> replaceTokens(SqlClient sql, UUID id, Sealed access, Optional<Sealed> refresh, Optional<Instant> accessExpiresAt,
            Optional<List<String>> scopes, Optional<ProviderAccount> account, Instant now) {
        Tuple values = Tuple.tuple(List.of(id, access.keyId(), io.vertx.core.buffer.Buffer.buffer(access.ciphertext())));
        values.addValue(keyId(refresh)).addValue(bytes(refresh)).addValue(offset(accessExpiresAt))
                .addValue(scopes.map(list -> list.toArray(String[]::new)).orElse(null))
                .addValue(account.flatMap(ProviderAccount::id).orElse(null))
                .addValue(account.flatMap(ProviderAccount::login).orElse(null))
                .addValue(account.flatMap(ProviderAccount::dataCentre).orElse(null))
                .addValue(account.flatMap(ProviderAccount::apiEndpoint).map(URI::toString).orElse(null))
                .addValue(offset(Optional.of(now)));
        return sql.preparedQuery("""
                UPDATE connection SET access_key_id = $2, access_token = $3,
                    refresh_key_id = CASE WHEN $5::bytea IS NULL THEN refresh_key_id ELSE $4 END,
                    refresh_token = COALESCE($5::bytea, refresh_token),
                    access_expires_at = $6, scopes = COALESCE($7::text[], scopes),
                    account_id = COALESCE($8, account_id), account_login = COALESCE($9, account_login),
                    data_centre = COALESCE($10, data_centre), api_endpoint = COALESCE($11, api_endpoint),
                    status = 'active', last_refreshed_at = $12, consecutive_failures = 0, last_error_category = NULL,
                    last_error_code = NULL, last_error_at = NULL, retry_at = NULL, refresh_lease_until = NULL, updated_at = $12
                WHERE id = $1 RETURNING""" + " " + COLUMNS).execute(values).map(rows -> connection(rows.iterator().next()));
    }

    /** Records a failed refresh; returns the new consecutive-failure count. */
    public Uni<Integer> recordFailure(SqlClient sql, UUID id, ConnectionStatus status, FailureCategory category, String providerCode,
            Optional<Instant> retryAt, Instant now) {
        return sql.preparedQuery("""
                UPDATE connection SET status = $2, consecutive_failures = consecutive_failures + 1, last_error_category = $3,
                    last_error_code = $4, last_error_at = $5, retry_at = $6, refresh_lease_until = NULL, updated_at = $5
                WHERE id = $1 RETURNING consecutive_failures""")
                .execute(Tuple.of(id, status(status), category.name().toLowerCase(java.util.Locale.ROOT), providerCode,
                        offset(Optional.of(now)), offset(retryAt)))
                .map(rows -> rows.iterator().next().getInteger("consecutive_failures"));
    }

    /** Destroys the tokens and marks the connection revoked; returns it as it now is. */
    public Uni<Connection> revoke(SqlClient sql, UUID id, Instant now) {
        return sql.preparedQuery("""
                UPDATE connection SET status = 'revoked', access_key_id = NULL, access_token = NULL, refresh_key_id = NULL,
                    refresh_token = NULL, refresh_lease_until = NULL, revoked_at = $2, updated_at = $2
                WHERE id = $1 RETURNING""" + " " + COLUMNS).execute(Tuple.of(id, offset(Optional.of(now))))
                .map(rows -> connection(rows.iterator().next()));
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
                .execute(Tuple.of(id, offset(Optional.of(now)), offset(Optional.of(until)), offset(Optional.of(refreshBefore))))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Void> releaseLease(SqlClient sql, UUID id) {
        return sql.preparedQuery("UPDATE connection SET refresh_lease_until = NULL WHERE id = $1").execute(Tuple.of(id))
                .replaceWithVoid();
    }

    static String ownerType(Optional<String> ownerUserId) {
        return ownerUserId.isPresent() ? "user" : "tenant";
    }

    static String ownerId(String tenantId, Optional<String> ownerUserId) {
        return ownerUserId.orElse(tenantId);
    }

    private static Optional<Row> first(RowSet<Row> rows) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next());
    }

    private static Stored stored(Row row) {
        return new Stored(connection(row), new SealedTokens(sealed(row, "access_key_id", "access_token"),
                sealed(row, "refresh_key_id", "refresh_token")));
    }

    /** A sealed value from its key-id and ciphertext columns; empty when either is null. */
    static Optional<Sealed> sealed(Row row, String keyColumn, String valueColumn) {
        String keyId = row.getString(keyColumn);
        Buffer value = row.getBuffer(valueColumn);
        return keyId == null || value == null ? Optional.empty() : Optional.of(new Sealed(keyId, value.getBytes()));
    }

    static Connection connection(Row row) {
        boolean userOwned = "user".equals(row.getString("owner_type"));
        String[] scopes = row.getArrayOfStrings("scopes");
        String category = row.getString("last_error_category");
        String endpoint = row.getString("api_endpoint");
        return new Connection(row.getUUID("id"), row.getString("tenant_id"),
                userOwned ? Optional.of(row.getString("owner_id")) : Optional.empty(), row.getString("provider"),
                "oauth".equals(row.getString("kind")) ? ConnectionKind.OAUTH : ConnectionKind.API_KEY,
                ConnectionStatus.valueOf(row.getString("status").toUpperCase(java.util.Locale.ROOT)),
                scopes == null ? List.of() : Arrays.asList(scopes),
                new ProviderAccount(Optional.ofNullable(row.getString("account_id")), Optional.ofNullable(row.getString("account_login")),
                        Optional.ofNullable(row.getString("data_centre")), Optional.ofNullable(endpoint).map(URI::create)),
                instant(row, "access_expires_at"), instant(row, "last_refreshed_at"), row.getInteger("consecutive_failures"),
                Optional.ofNullable(category).map(value -> FailureCategory.valueOf(value.toUpperCase(java.util.Locale.ROOT))),
                Optional.ofNullable(row.getString("last_error_code")), instant(row, "retry_at"), row.getBoolean("has_refresh_token"),
                row.getString("created_by"), instant(row, "created_at").orElseThrow(), instant(row, "updated_at").orElseThrow(),
                instant(row, "revoked_at"));
    }

    private static Optional<Instant> instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return Optional.ofNullable(value).map(OffsetDateTime::toInstant);
    }

    static OffsetDateTime offset(Optional<Instant> instant) {
        return instant.map(value -> value.atOffset(ZoneOffset.UTC)).orElse(null);
    }

    private static String keyId(Optional<Sealed> sealed) {
        return sealed.map(Sealed::keyId).orElse(null);
    }

    /** A sealed value's ciphertext as a bind parameter, or null. */
    static io.vertx.core.buffer.Buffer bytes(Optional<Sealed> sealed) {
        return sealed.map(value -> io.vertx.core.buffer.Buffer.buffer(value.ciphertext())).orElse(null);
    }

    static String kind(ConnectionKind kind) {
        return kind == ConnectionKind.OAUTH ? "oauth" : "api_key";
    }

    static String status(ConnectionStatus status) {
        return status.name().toLowerCase(java.util.Locale.ROOT);
    }
}
