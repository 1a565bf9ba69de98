package com.crm.integrations.mailchimp.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.crm.integrations.common.sql.SqlValues;
import com.crm.integrations.mailchimp.webhook.Hook;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Hooks and their secret hashes. */
@ApplicationScoped
public class HookRows {

    private static final String FIND = "SELECT l.id, l.tenant_id, l.audience_id, s.secret_hash, s.expires_at"
            + " FROM audience_link l LEFT JOIN webhook_secret s ON s.hook_id = l.hook_id WHERE l.hook_id = $1";
    private static final String ADD_SECRET = "INSERT INTO webhook_secret (hook_id, secret_hash, created_at) VALUES ($1, $2, $3)";
    /** The current secret becomes the previous one, valid until $2; older previous ones die now. */
    private static final String RETIRE = "UPDATE webhook_secret SET expires_at = CASE WHEN expires_at IS NULL THEN $2"
            + " ELSE LEAST(expires_at, $3) END WHERE hook_id = $1 AND (expires_at IS NULL OR expires_at > $3)";
    private static final String UNDO_NEW = "DELETE FROM webhook_secret WHERE hook_id = $1 AND secret_hash = $2";
    private static final String UNDO_RETIRE = "UPDATE webhook_secret SET expires_at = NULL WHERE hook_id = $1 AND secret_hash ="
            + " (SELECT secret_hash FROM webhook_secret WHERE hook_id = $1 AND expires_at IS NOT NULL ORDER BY created_at DESC LIMIT 1)"
            + " AND NOT EXISTS (SELECT 1 FROM webhook_secret WHERE hook_id = $1 AND expires_at IS NULL)";
    private static final String PRUNE = "DELETE FROM webhook_secret WHERE expires_at IS NOT NULL AND expires_at <= $1";

    private final Pool pool;

    public HookRows(Pool pool) {
        this.pool = pool;
    }

    public Uni<Optional<Hook>> find(String hookId) {
        return pool.preparedQuery(FIND).execute(Tuple.of(hookId)).map(rows -> hookOf(hookId, rows));
    }

    /** Adds a hook's first secret, or a rotated one (after {@link #retire}), on {@code client}'s transaction. */
    public Uni<Void> addSecret(SqlClient client, String hookId, byte[] hash, Instant now) {
        return client.preparedQuery(ADD_SECRET).execute(Tuple.of(hookId, SqlValues.bytes(hash), SqlValues.timestamp(now)))
                .replaceWithVoid();
    }

    /** Makes the current secret expire at {@code until} (a rotation's overlap); any older one expires now. */
    public Uni<Void> retire(SqlClient client, String hookId, Instant until, Instant now) {
        return client.preparedQuery(RETIRE).execute(Tuple.of(hookId, SqlValues.timestamp(until), SqlValues.timestamp(now))).replaceWithVoid();
    }

    /**
     * Undoes a rotation Mailchimp refused: the new secret goes, the one it replaced is current again (an older one that
     * the rotation ended stays ended).
     */
    public Uni<Void> undoRotation(String hookId, byte[] newHash) {
        return pool.withTransaction(tx -> tx.preparedQuery(UNDO_NEW).execute(Tuple.of(hookId, SqlValues.bytes(newHash)))
                .chain(() -> tx.preparedQuery(UNDO_RETIRE).execute(Tuple.of(hookId)))).replaceWithVoid();
    }

    /** Deletes secrets whose overlap ended. */
    public Uni<Integer> pruneExpired(Instant now) {
        return pool.preparedQuery(PRUNE).execute(Tuple.of(SqlValues.timestamp(now))).map(RowSet::rowCount);
    }

    private static Optional<Hook> hookOf(String hookId, RowSet<Row> rows) {
        Hook hook = null;
        List<Hook.Secret> secrets = new ArrayList<>();
        for (Row row : rows) {
            if (hook == null) {
                hook = new Hook(hookId, row.getUUID("id"), row.getString("tenant_id"), row.getString("audience_id"), secrets);
            }
            if (row.getBuffer("secret_hash") != null) {
                secrets.add(new Hook.Secret(row.getBuffer("secret_hash").getBytes(), SqlValues.instant(row, "expires_at").orElse(null)));
            }
        }
        return Optional.ofNullable(hook).map(found -> new Hook(found.hookId(), found.linkId(), found.tenantId(),
                found.audienceId(), List.copyOf(secrets)));
    }
}
