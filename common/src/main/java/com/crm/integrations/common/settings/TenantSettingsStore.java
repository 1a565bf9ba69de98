package com.crm.integrations.common.settings;

import java.time.Instant;
import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;

import com.crm.integrations.common.problem.PreconditionFailedException;
import com.crm.integrations.common.security.TenantId;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Each service's per-tenant settings document, in the {@code tenant_settings} table of the
 * service's own schema (each service's first migration creates it). Every statement is scoped by
 * the tenant; updates are optimistic, guarded by the row's version. A service that reports a save as an
 * event saves in its own transaction ({@link #save(SqlConnection, TenantId, Object, String, IfMatch)}) and
 * appends the event to the outbox in the same one.
 */
@ApplicationScoped
public class TenantSettingsStore {

    private static final String SELECT = "SELECT settings, version, updated_at FROM tenant_settings WHERE tenant_id = $1";
    private static final String INSERT_NEW = """
            INSERT INTO tenant_settings (tenant_id, settings, version, updated_by, updated_at)
            VALUES ($1, $2, 1, $3, now())
            ON CONFLICT (tenant_id) DO NOTHING
            RETURNING version, updated_at""";
    private static final String UPDATE_EXISTING = """
            UPDATE tenant_settings SET settings = $2, version = version + 1, updated_by = $3, updated_at = now()
            WHERE tenant_id = $1
            RETURNING version, updated_at""";
    private static final String UPDATE_VERSION = """
            UPDATE tenant_settings SET settings = $2, version = version + 1, updated_by = $3, updated_at = now()
            WHERE tenant_id = $1 AND version = $4
            RETURNING version, updated_at""";
    private static final String UPSERT = """
            INSERT INTO tenant_settings (tenant_id, settings, version, updated_by, updated_at)
            VALUES ($1, $2, 1, $3, now())
            ON CONFLICT (tenant_id) DO UPDATE
              SET settings = EXCLUDED.settings, version = tenant_settings.version + 1,
                  updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
            RETURNING version, updated_at""";

    private final Pool pool;
    private final ObjectMapper json;

    public TenantSettingsStore(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    /** The tenant's settings, or {@code defaults} at version 0 when it has saved none. */
    public <T> Uni<Versioned<T>> find(TenantId tenant, Class<T> type, T defaults) {
        return pool.preparedQuery(SELECT).execute(Tuple.of(tenant.value()))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return new Versioned<>(defaults, 0, null);
                    }
                    Row row = rows.iterator().next();
                    return new Versioned<>(read(row.getJsonObject("settings"), type), row.getLong("version"),
                            instant(row));
                });
    }

    /**
     * Replaces the tenant's settings, in a statement of its own.
     *
     * @throws PreconditionFailedException (412) when {@code ifMatch} is not met: it names a version other
     *                                     than the current one, {@code "0"} when settings were saved,
     *                                     {@code *} when none were, or a tag we never issue
     */
    public <T> Uni<Versioned<T>> save(TenantId tenant, T settings, String actor, IfMatch ifMatch) {
        return saveWith(pool, tenant, settings, actor, ifMatch);
    }

    /**
     * Replaces the tenant's settings within {@code tx}'s transaction, so that what the caller writes beside them (the
     * outbox event that reports the change) commits with them or not at all:
     *
     * <pre>
     * pool.withTransaction(tx -&gt; settings.save(tx, tenant, policy, actor, ifMatch)
     *         .call(saved -&gt; outbox.append(tx, EventType.FOO_CHANGED, tenant, payloadOf(saved))))
     * </pre>
     *
     * A refused save fails (and with it, in {@code withTransaction}, the caller's transaction) before anything is
     * written.
     *
     * @throws PreconditionFailedException (412) as {@link #save(TenantId, Object, String, IfMatch)}
     * @throws IllegalStateException       (as a failed {@code Uni}) when {@code tx} is not in a transaction: the
     *                                     settings would then commit whatever the caller's later writes do
     */
    public <T> Uni<Versioned<T>> save(SqlConnection tx, TenantId tenant, T settings, String actor, IfMatch ifMatch) {
        if (tx.transaction() == null) {
            return Uni.createFrom().failure(new IllegalStateException(
                    "Settings saved with the caller's connection must be saved in the caller's transaction"));
        }
        return saveWith(tx, tenant, settings, actor, ifMatch);
    }

    private <T> Uni<Versioned<T>> saveWith(SqlClient client, TenantId tenant, T settings, String actor, IfMatch ifMatch) {
        JsonObject document = write(settings);
        String id = tenant.value();
        Uni<RowSet<Row>> statement;
        if (ifMatch instanceof IfMatch.Absent) {
            statement = client.preparedQuery(UPSERT).execute(Tuple.of(id, document, actor));
        } else if (ifMatch instanceof IfMatch.AnySaved) {
            statement = client.preparedQuery(UPDATE_EXISTING).execute(Tuple.of(id, document, actor));
        } else if (ifMatch instanceof IfMatch.Version version && version.version() == 0) {
            statement = client.preparedQuery(INSERT_NEW).execute(Tuple.of(id, document, actor));
        } else if (ifMatch instanceof IfMatch.Version version) {
            statement = client.preparedQuery(UPDATE_VERSION).execute(Tuple.of(id, document, actor, version.version()));
        } else {
            return Uni.createFrom().failure(stale());
        }
        return statement.map(rows -> {
            if (rows.size() == 0) {
                throw stale();
            }
            Row row = rows.iterator().next();
            return new Versioned<>(settings, row.getLong("version"), instant(row));
        });
    }

    private static PreconditionFailedException stale() {
        return new PreconditionFailedException(
                "The settings changed since they were read (If-Match does not match the current ETag): read them again.");
    }

    private static Instant instant(Row row) {
        OffsetDateTime updatedAt = row.getOffsetDateTime("updated_at");
        return updatedAt == null ? null : updatedAt.toInstant();
    }

    private <T> T read(JsonObject document, Class<T> type) {
        try {
            return json.readValue(document.encode(), type);
        } catch (JsonProcessingException unreadable) {
            throw new IllegalStateException("Stored settings no longer match " + type.getSimpleName(), unreadable);
        }
    }

    private JsonObject write(Object settings) {
        try {
            return new JsonObject(json.writeValueAsString(settings));
        } catch (JsonProcessingException unwritable) {
            throw new IllegalStateException("Settings cannot be serialised", unwritable);
        }
    }
}
