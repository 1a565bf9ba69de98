package com.crm.integrations.token.repository;

import static com.crm.integrations.common.sql.SqlValues.instant;
import static com.crm.integrations.common.sql.SqlValues.requiredInstant;
import static com.crm.integrations.common.sql.SqlValues.timestamp;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import com.crm.integrations.common.events.payload.ConnectionKind;
import com.crm.integrations.common.events.payload.ConnectionStatus;
import com.crm.integrations.common.events.payload.WireNamed;
import com.crm.integrations.common.retry.FailureCategory;
import com.crm.integrations.token.Connection;
import com.crm.integrations.token.ProviderAccount;
import com.crm.integrations.token.crypto.Sealed;

import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** How a {@code connection} row maps to a {@link Connection} and its sealed tokens, and back: {@link ConnectionRepository}'s alone. */
final class ConnectionRows {

    static final String COLUMNS = """
            id, tenant_id, owner_type, owner_id, provider, kind, status, scopes, account_id, account_login, data_centre,
            api_endpoint, access_expires_at, last_refreshed_at, consecutive_failures, last_error_category, last_error_code,
            retry_at, refresh_token IS NOT NULL AS has_refresh_token, created_by, created_at, updated_at, revoked_at""";
    static final String SEALED = "access_key_id, access_token, refresh_key_id, refresh_token";

    private ConnectionRows() {
    }

    static String ownerType(Optional<String> ownerUserId) {
        return ownerUserId.isPresent() ? "user" : "tenant";
    }

    static String ownerId(String tenantId, Optional<String> ownerUserId) {
        return ownerUserId.orElse(tenantId);
    }

    static StoredConnection stored(Row row) {
        return new StoredConnection(connection(row), tokens(row));
    }

    static SealedTokens tokens(Row row) {
        return new SealedTokens(sealed(row, "access_key_id", "access_token"), sealed(row, "refresh_key_id", "refresh_token"));
    }

    /** A sealed value from its key-id and ciphertext columns; empty when either is null. */
    private static Optional<Sealed> sealed(Row row, String keyColumn, String valueColumn) {
        String keyId = row.getString(keyColumn);
        io.vertx.mutiny.core.buffer.Buffer value = row.getBuffer(valueColumn);
        return keyId == null || value == null ? Optional.empty() : Optional.of(new Sealed(keyId, value.getBytes()));
    }

    static Connection connection(Row row) {
        String[] scopes = row.getArrayOfStrings("scopes");
        Optional<String> owner = "user".equals(row.getString("owner_type")) ? Optional.of(row.getString("owner_id")) : Optional.empty();
        return Connection.builder(row.getUUID("id"), row.getString("tenant_id"), row.getString("provider"),
                        WireNamed.fromWireName(ConnectionKind.class, row.getString("kind")))
                .ownerUserId(owner)
                .status(WireNamed.fromWireName(ConnectionStatus.class, row.getString("status")))
                .scopes(scopes == null ? List.of() : Arrays.asList(scopes))
                .account(account(row))
                .accessExpiresAt(instant(row, "access_expires_at"))
                .lastRefreshedAt(instant(row, "last_refreshed_at"))
                .failures(row.getInteger("consecutive_failures"), Optional.ofNullable(row.getString("last_error_category"))
                        .map(category -> WireNamed.fromWireName(FailureCategory.class, category)),
                        Optional.ofNullable(row.getString("last_error_code")), instant(row, "retry_at"))
                .hasRefreshToken(row.getBoolean("has_refresh_token"))
                .created(row.getString("created_by"), requiredInstant(row, "created_at"))
                .updatedAt(requiredInstant(row, "updated_at"))
                .revokedAt(instant(row, "revoked_at"))
                .build();
    }

    private static ProviderAccount account(Row row) {
        return new ProviderAccount(Optional.ofNullable(row.getString("account_id")), Optional.ofNullable(row.getString("account_login")),
                Optional.ofNullable(row.getString("data_centre")), Optional.ofNullable(row.getString("api_endpoint")).map(URI::create));
    }

    /** The parameters of {@link ConnectionRepository#insert}'s statement, in its column order. */
    static Tuple insertValues(Connection c, SealedTokens tokens) {
        Tuple values = Tuple.tuple(List.of(c.id(), c.tenantId(), ownerType(c.ownerUserId()), ownerId(c.tenantId(), c.ownerUserId()),
                c.provider(), c.kind().wireName(), c.status().wireName(), c.scopes().toArray(String[]::new)));
        return values.addValue(c.account().id().orElse(null)).addValue(c.account().login().orElse(null))
                .addValue(c.account().dataCentre().orElse(null)).addValue(c.account().apiEndpoint().map(URI::toString).orElse(null))
                .addValue(keyId(tokens.access())).addValue(ciphertext(tokens.access()))
                .addValue(keyId(tokens.refresh())).addValue(ciphertext(tokens.refresh()))
                .addValue(timestamp(c.accessExpiresAt())).addValue(timestamp(c.lastRefreshedAt())).addValue(c.createdBy())
                .addValue(timestamp(c.createdAt()));
    }

    static String keyId(Optional<Sealed> sealed) {
        return sealed.map(Sealed::keyId).orElse(null);
    }

    /** A sealed value's ciphertext as a bind parameter, or null. */
    static Buffer ciphertext(Optional<Sealed> sealed) {
        return sealed.map(value -> Buffer.buffer(value.ciphertext())).orElse(null);
    }
}
