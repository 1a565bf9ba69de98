package com.crm.integrations.mailchimp.repository;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.crm.integrations.common.events.payload.MailchimpCommandKind;
import com.crm.integrations.common.events.payload.WireNamed;
import com.crm.integrations.common.sql.SqlValues;
import com.crm.integrations.mailchimp.command.MailchimpCommand;
import com.crm.integrations.mailchimp.command.MailchimpCommand.CommandState;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The CRM's commands ({@code mailchimp_command}) and the chunks of the subscribe commands
 * ({@code mailchimp_command_chunk}), on the reactive SQL client.
 *
 * <p>
 * A command is due when its next attempt is, its account is not held back after a 429 ({@code mailchimp_account}),
 * and no earlier command with its order key is open (one member's commands, one campaign's, run one at a time in
 * arrival order). The worker leases what it claims ({@code FOR UPDATE SKIP LOCKED}: one replica per command); a lease
 * that lapses (its replica died) makes the command due again.
 */
@ApplicationScoped
public class CommandRows {

    private static final String COLUMNS = "id, tenant_id, command_id, kind, action, origin, source, payload, audience_id, link_id,"
            + " state, attempts, next_attempt_at, give_up_at, progress, result, last_error, received_at, updated_at, finished_at";
    private static final String INSERT = "INSERT INTO mailchimp_command (id, tenant_id, command_id, kind, action, origin, source,"
            + " payload, audience_id, link_id, order_key, state, next_attempt_at, give_up_at, result, received_at, updated_at,"
            + " finished_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $13, $13,"
            + " CASE WHEN $12 IN ('completed', 'failed') THEN $13::timestamptz END)"
            + " ON CONFLICT (tenant_id, command_id) DO NOTHING RETURNING id";
    private static final String BY_COMMAND_ID = "SELECT " + COLUMNS + " FROM mailchimp_command WHERE tenant_id = $1 AND command_id = $2";
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM mailchimp_command WHERE id = $1";
    private static final String CLAIM = """
            UPDATE mailchimp_command
               SET state = 'running', lease_owner = $1, lease_until = $4 + $2 * interval '1 millisecond',
                   attempts = attempts + 1, updated_at = $4
             WHERE id IN (SELECT c.id FROM mailchimp_command c
                           WHERE ((c.state = 'pending' AND c.next_attempt_at <= $4)
                                  OR (c.state = 'running' AND c.lease_until < $4))
                             AND NOT EXISTS (SELECT 1 FROM mailchimp_command o
                                              WHERE o.tenant_id = c.tenant_id AND o.order_key = c.order_key
                                                AND o.seq < c.seq AND o.state IN ('pending', 'running'))
                             AND NOT EXISTS (SELECT 1 FROM audience_link l JOIN mailchimp_account a ON a.account_key = l.account_key
                                              WHERE l.id = c.link_id AND a.throttled_until > $4)
                           ORDER BY c.seq
                           LIMIT $3
                           FOR UPDATE OF c SKIP LOCKED)
            RETURNING id""";
    private static final String HOLDS = "SELECT " + COLUMNS + " FROM mailchimp_command WHERE id = $1 AND lease_owner = $2"
            + " AND state = 'running' FOR UPDATE";
    private static final String RETRY = "UPDATE mailchimp_command SET state = 'pending', lease_owner = NULL, lease_until = NULL,"
            + " next_attempt_at = $3, last_error = $4, attempts = attempts - $5, updated_at = $6 WHERE id = $1 AND lease_owner = $2";
    private static final String PROGRESS = "UPDATE mailchimp_command SET progress = progress || $3, updated_at = $4"
            + " WHERE id = $1 AND lease_owner = $2";
    private static final String RENEW = "UPDATE mailchimp_command SET lease_until = $3 WHERE id = $1 AND lease_owner = $2";
    private static final String FINISH = "UPDATE mailchimp_command SET state = $2, result = $3, lease_owner = NULL, lease_until = NULL,"
            + " last_error = NULL, updated_at = $4, finished_at = $4 WHERE id = $1";
    private static final String CHUNK = "INSERT INTO mailchimp_command_chunk (command_id, chunk, created, updated, errors, written_at)"
            + " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (command_id, chunk) DO NOTHING";
    private static final String CHUNKS = "SELECT chunk, created, updated, errors FROM mailchimp_command_chunk WHERE command_id = $1"
            + " ORDER BY chunk";
    private static final String PRUNE = "DELETE FROM mailchimp_command WHERE id IN (SELECT id FROM mailchimp_command"
            + " WHERE finished_at < $1 LIMIT 1000)";

    private final Pool pool;

    public CommandRows(Pool pool) {
        this.pool = pool;
    }

    /** A command to store: pending, or already finished (refused before any call) with its answer. */
    public record NewCommand(UUID id, String tenantId, String commandId, MailchimpCommandKind kind, String action, String origin,
            String source, JsonObject payload, String audienceId, UUID linkId, String orderKey, CommandState state,
            Instant receivedAt, Instant giveUpAt, JsonObject result) {
    }

    /** Stores the command; false when the tenant has one of that id already (a repeat: carried out once). */
    public Uni<Boolean> insert(SqlClient client, NewCommand command) {
        return client.preparedQuery(INSERT).execute(Tuple.tuple(Arrays.asList(command.id(), command.tenantId(), command.commandId(),
                command.kind().wireName(), command.action(), command.origin(), command.source(), command.payload(),
                command.audienceId(), command.linkId(), command.orderKey(), command.state().wireName(),
                SqlValues.timestamp(command.receivedAt()), SqlValues.timestamp(command.giveUpAt()), command.result())))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Optional<MailchimpCommand>> find(SqlClient client, String tenantId, String commandId) {
        return client.preparedQuery(BY_COMMAND_ID).execute(Tuple.of(tenantId, commandId)).map(rows -> SqlValues.first(rows, CommandRows::commandOf));
    }

    public Uni<Optional<MailchimpCommand>> byId(UUID id) {
        return pool.preparedQuery(BY_ID).execute(Tuple.of(id)).map(rows -> SqlValues.first(rows, CommandRows::commandOf));
    }

    /** Leases up to {@code limit} due commands to {@code owner}, oldest first. */
    public Uni<List<UUID>> claimDue(String owner, Duration lease, int limit, Instant now) {
        return pool.preparedQuery(CLAIM).execute(Tuple.of(owner, lease.toMillis(), limit, SqlValues.timestamp(now)))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getUUID(0)));
                    return ids;
                });
    }

    /** The command, locked for the transaction, while {@code owner} holds it; empty when its lease lapsed and another took it. */
    public Uni<Optional<MailchimpCommand>> held(SqlClient tx, UUID id, String owner) {
        return tx.preparedQuery(HOLDS).execute(Tuple.of(id, owner)).map(rows -> SqlValues.first(rows, CommandRows::commandOf));
    }

    /** The command as {@code owner} leased it (read without a lock, for the run). */
    public Uni<Optional<MailchimpCommand>> leased(UUID id, String owner) {
        return pool.preparedQuery(HOLDS.replace(" FOR UPDATE", "")).execute(Tuple.of(id, owner))
                .map(rows -> SqlValues.first(rows, CommandRows::commandOf));
    }

    /**
     * Back to pending until {@code at}; {@code uncounted}: the attempt does not count (it waited for a connection, or
     * polls a batch), so the backoff does not grow.
     */
    public Uni<Void> retry(UUID id, String owner, Instant at, String error, boolean uncounted, Instant now) {
        return pool.preparedQuery(RETRY).execute(Tuple.tuple(Arrays.asList(id, owner, SqlValues.timestamp(at), error,
                uncounted ? 1 : 0, SqlValues.timestamp(now)))).replaceWithVoid();
    }

    /** Records steps done ({@code fields} merged into {@code progress}), while {@code owner} holds the command. */
    public Uni<Boolean> progress(SqlClient client, UUID id, String owner, JsonObject fields, Instant now) {
        return client.preparedQuery(PROGRESS).execute(Tuple.of(id, owner, fields, SqlValues.timestamp(now)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Extends {@code owner}'s lease to {@code until} (a long subscribe command, chunk by chunk). */
    public Uni<Void> renew(SqlClient tx, UUID id, String owner, Instant until) {
        return tx.preparedQuery(RENEW).execute(Tuple.of(id, owner, SqlValues.timestamp(until))).replaceWithVoid();
    }

    /** Ends the command with its answer; the caller holds its row ({@link #held}). */
    public Uni<Void> finish(SqlClient tx, UUID id, CommandState state, JsonObject result, Instant now) {
        return tx.preparedQuery(FINISH).execute(Tuple.of(id, state.wireName(), result, SqlValues.timestamp(now))).replaceWithVoid();
    }

    /** A chunk's outcome; false when it was stored already (written before). */
    public Uni<Boolean> chunk(SqlClient tx, UUID id, int chunk, int created, int updated, JsonArray errors, Instant now) {
        return tx.preparedQuery(CHUNK).execute(Tuple.of(id, chunk, created, updated, errors, SqlValues.timestamp(now)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** A subscribe command's chunks written so far, in order. */
    public record Chunk(int chunk, int created, int updated, JsonArray errors) {
    }

    public Uni<List<Chunk>> chunks(SqlClient client, UUID id) {
        return client.preparedQuery(CHUNKS).execute(Tuple.of(id)).map(rows -> {
            List<Chunk> chunks = new ArrayList<>();
            rows.forEach(row -> chunks.add(new Chunk(row.getInteger("chunk"), row.getInteger("created"), row.getInteger("updated"),
                    (JsonArray) row.getValue("errors"))));
            return chunks;
        });
    }

    /** Removes up to 1,000 commands finished before {@code before}; how many. */
    public Uni<Integer> pruneFinishedBefore(Instant before) {
        return pool.preparedQuery(PRUNE).execute(Tuple.of(SqlValues.timestamp(before))).map(rows -> rows.rowCount());
    }

    static MailchimpCommand commandOf(Row row) {
        return new MailchimpCommand(row.getUUID("id"), row.getString("tenant_id"), row.getString("command_id"),
                WireNamed.fromWireName(MailchimpCommandKind.class, row.getString("kind")), row.getString("action"),
                row.getString("origin"), row.getString("source"), row.getJsonObject("payload"), row.getString("audience_id"),
                row.getUUID("link_id"), CommandState.valueOf(row.getString("state").toUpperCase(Locale.ROOT)), row.getInteger("attempts"),
                SqlValues.requiredInstant(row, "next_attempt_at"), SqlValues.requiredInstant(row, "give_up_at"),
                row.getJsonObject("progress"), row.getJsonObject("result"), row.getString("last_error"),
                SqlValues.requiredInstant(row, "received_at"), SqlValues.requiredInstant(row, "updated_at"),
                SqlValues.instant(row, "finished_at").orElse(null));
    }
}
