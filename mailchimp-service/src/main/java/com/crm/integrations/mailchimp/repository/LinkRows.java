package com.crm.integrations.mailchimp.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.crm.integrations.common.events.payload.AudienceLinkState;
import com.crm.integrations.common.events.payload.DeliveryCounts;
import com.crm.integrations.common.events.payload.MemberCounts;
import com.crm.integrations.common.events.payload.WireNamed;
import com.crm.integrations.common.sql.SqlValues;
import com.crm.integrations.mailchimp.AudienceLink;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Audience links. */
@ApplicationScoped
public class LinkRows {

    /** A link's figures: members by status, its webhook's deliveries and the last one's time. */
    public record Figures(MemberCounts members, DeliveryCounts deliveries, Instant lastDeliveryAt) {
    }

    private static final String COLUMNS = "id, tenant_id, audience_id, audience_name, connection_id, state, paused_reason, hook_id,"
            + " webhook_id, import_state, import_offset, import_total, import_error, linked_by, linked_at, updated_at";
    private static final String INSERT = "INSERT INTO audience_link (id, tenant_id, audience_id, connection_id, account_key, state,"
            + " hook_id, import_state, linked_by, linked_at, updated_at, reconciled_since)"
            + " VALUES ($1, $2, $3, $4, $8, 'linking', $5, 'pending', $6, $7, $7, $7)";
    private static final String FIND = "SELECT " + COLUMNS + " FROM audience_link WHERE tenant_id = $1 AND audience_id = $2";
    private static final String FIND_LOCKED = FIND + " FOR UPDATE";
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM audience_link WHERE id = $1";
    private static final String BY_ID_LOCKED = BY_ID + " FOR UPDATE";
    private static final String LIST = "SELECT " + COLUMNS + " FROM audience_link WHERE tenant_id = $1 ORDER BY audience_id";
    private static final String BY_CONNECTION = "SELECT " + COLUMNS + " FROM audience_link WHERE connection_id = $1 FOR UPDATE";
    private static final String REGISTERED = "UPDATE audience_link SET webhook_id = $2, audience_name = $3, updated_at = $4"
            + " WHERE id = $1";
    private static final String DELETE = "DELETE FROM audience_link WHERE id = $1";
    private static final String STATE = "UPDATE audience_link SET state = $2, paused_reason = $3, updated_at = $4 WHERE id = $1";
    private static final String CONNECTION = "UPDATE audience_link SET connection_id = $2, account_key = $4, updated_at = $3 WHERE id = $1";
    private static final String MEMBER_COUNTS = "SELECT status, count(*) AS n FROM audience_member WHERE link_id = $1 GROUP BY status";
    private static final String DELIVERY_COUNTS = "SELECT count(*) AS received,"
            + " count(*) FILTER (WHERE status = 'rejected') AS rejected, count(*) FILTER (WHERE status = 'parked') AS parked,"
            + " count(*) FILTER (WHERE status = 'stale') AS stale, max(received_at) AS last_delivery"
            + " FROM webhook_delivery WHERE link_id = $1";

    /** The oldest link whose import is due, leased to {@code owner} until the lease ends. Paused links wait. */
    private static final String CLAIM_IMPORT = "UPDATE audience_link SET import_state = 'running', lease_owner = $1,"
            + " lease_until = $3 WHERE id = (SELECT id FROM audience_link WHERE import_state IN ('pending', 'running')"
            + " AND state <> 'paused' AND webhook_id IS NOT NULL AND (lease_until IS NULL OR lease_until < $2)"
            + " AND (next_attempt_at IS NULL OR next_attempt_at <= $2) ORDER BY linked_at LIMIT 1 FOR UPDATE SKIP LOCKED)"
            + " RETURNING " + COLUMNS;
    private static final String IMPORT_PAGE = "UPDATE audience_link SET import_offset = $3, import_total = $4, lease_until = $5,"
            + " updated_at = $6 WHERE id = $1 AND lease_owner = $2";
    private static final String IMPORT_DONE = "UPDATE audience_link SET import_state = 'done', import_error = NULL, lease_owner = NULL,"
            + " lease_until = NULL, next_attempt_at = NULL, state = CASE WHEN state = 'linking' THEN 'active' ELSE state END,"
            + " updated_at = $3 WHERE id = $1 AND lease_owner = $2";
    private static final String IMPORT_RETRY = "UPDATE audience_link SET lease_owner = NULL, lease_until = NULL, next_attempt_at = $3,"
            + " import_error = $4, updated_at = $5 WHERE id = $1 AND lease_owner = $2";
    private static final String IMPORT_WAIT = "UPDATE audience_link SET import_state = 'pending', lease_owner = NULL,"
            + " lease_until = NULL, import_error = $3, updated_at = $4 WHERE id = $1 AND lease_owner = $2";

    /** Links whose members or deliveries changed since their last activity event, and not within the interval. */
    private static final String ACTIVE_SINCE = "SELECT " + COLUMNS + " FROM audience_link WHERE activity_at IS NOT NULL"
            + " AND (published_at IS NULL OR (published_at < activity_at AND published_at <= $1)) ORDER BY activity_at LIMIT $2"
            + " FOR UPDATE SKIP LOCKED";
    private static final String PUBLISHED = "UPDATE audience_link SET published_at = $2 WHERE id = $1";

    private final Pool pool;

    public LinkRows(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> insert(SqlClient client, UUID id, String tenantId, String audienceId, String connectionId, String accountKey,
            String hookId, String linkedBy, Instant now) {
        return client.preparedQuery(INSERT)
                .execute(Tuple.tuple().addValue(id).addValue(tenantId).addValue(audienceId).addValue(connectionId).addValue(hookId)
                        .addValue(linkedBy).addValue(SqlValues.timestamp(now)).addValue(accountKey))
                .replaceWithVoid();
    }

    public Uni<Optional<AudienceLink>> find(String tenantId, String audienceId) {
        return pool.preparedQuery(FIND).execute(Tuple.of(tenantId, audienceId)).map(rows -> SqlValues.first(rows, LinkRows::linkOf));
    }

    /** The link, locked for {@code client}'s transaction. */
    public Uni<Optional<AudienceLink>> findLocked(SqlClient client, String tenantId, String audienceId) {
        return client.preparedQuery(FIND_LOCKED).execute(Tuple.of(tenantId, audienceId))
                .map(rows -> SqlValues.first(rows, LinkRows::linkOf));
    }

    public Uni<Optional<AudienceLink>> byId(UUID id) {
        return pool.preparedQuery(BY_ID).execute(Tuple.of(id)).map(rows -> SqlValues.first(rows, LinkRows::linkOf));
    }

    public Uni<Optional<AudienceLink>> byIdLocked(SqlClient client, UUID id) {
        return client.preparedQuery(BY_ID_LOCKED).execute(Tuple.of(id)).map(rows -> SqlValues.first(rows, LinkRows::linkOf));
    }

    public Uni<List<AudienceLink>> list(String tenantId) {
        return pool.preparedQuery(LIST).execute(Tuple.of(tenantId)).map(rows -> {
            List<AudienceLink> links = new ArrayList<>();
            rows.forEach(row -> links.add(linkOf(row)));
            return links;
        });
    }

    /** The links through a connection, locked for {@code client}'s transaction. */
    public Uni<List<AudienceLink>> byConnectionLocked(SqlClient client, String connectionId) {
        return client.preparedQuery(BY_CONNECTION).execute(Tuple.of(connectionId)).map(rows -> {
            List<AudienceLink> links = new ArrayList<>();
            rows.forEach(row -> links.add(linkOf(row)));
            return links;
        });
    }

    public Uni<Void> registered(SqlClient client, UUID id, String webhookId, String audienceName, Instant now) {
        return client.preparedQuery(REGISTERED).execute(Tuple.of(id, webhookId, audienceName, SqlValues.timestamp(now)))
                .replaceWithVoid();
    }

    public Uni<Void> delete(SqlClient client, UUID id) {
        return client.preparedQuery(DELETE).execute(Tuple.of(id)).replaceWithVoid();
    }

    public Uni<Void> state(SqlClient client, UUID id, AudienceLinkState state, String pausedReason, Instant now) {
        return client.preparedQuery(STATE).execute(Tuple.of(id, state.wireName(), pausedReason, SqlValues.timestamp(now)))
                .replaceWithVoid();
    }

    public Uni<Void> connection(SqlClient client, UUID id, String connectionId, String accountKey, Instant now) {
        return client.preparedQuery(CONNECTION).execute(Tuple.of(id, connectionId, SqlValues.timestamp(now), accountKey)).replaceWithVoid();
    }

    /** Leases the oldest due import to {@code owner}; empty when there is none. */
    public Uni<Optional<AudienceLink>> claimImport(UUID owner, Instant now, Instant until) {
        return pool.preparedQuery(CLAIM_IMPORT).execute(Tuple.of(owner, SqlValues.timestamp(now), SqlValues.timestamp(until)))
                .map(rows -> SqlValues.first(rows, LinkRows::linkOf));
    }

    /** Records an imported page under the lease; false when the lease was lost. */
    public Uni<Boolean> importedPage(SqlClient client, UUID id, UUID owner, int offset, int total, Instant leaseUntil, Instant now) {
        return client.preparedQuery(IMPORT_PAGE).execute(Tuple.tuple().addValue(id).addValue(owner).addValue(offset).addValue(total)
                .addValue(SqlValues.timestamp(leaseUntil)).addValue(SqlValues.timestamp(now))).map(rows -> rows.rowCount() == 1);
    }

    /** The import finished: a linking link becomes active. False when the lease was lost. */
    public Uni<Boolean> importDone(SqlClient client, UUID id, UUID owner, Instant now) {
        return client.preparedQuery(IMPORT_DONE).execute(Tuple.of(id, owner, SqlValues.timestamp(now))).map(rows -> rows.rowCount() == 1);
    }

    /** A page failed for now: the import goes on from where it is at {@code retryAt}, by whichever replica. */
    public Uni<Void> importRetry(UUID id, UUID owner, Instant retryAt, String error, Instant now) {
        return pool.preparedQuery(IMPORT_RETRY).execute(Tuple.of(id, owner, SqlValues.timestamp(retryAt), error,
                SqlValues.timestamp(now))).replaceWithVoid();
    }

    /** The import waits for the link to resume (it was paused), from where it is. */
    public Uni<Void> importWaits(SqlClient client, UUID id, UUID owner, String error, Instant now) {
        return client.preparedQuery(IMPORT_WAIT).execute(Tuple.of(id, owner, error, SqlValues.timestamp(now))).replaceWithVoid();
    }

    /** Links with activity to publish, locked for {@code client}'s transaction (another replica skips them). */
    public Uni<List<AudienceLink>> withActivity(SqlClient client, Instant publishedBefore, int limit) {
        return client.preparedQuery(ACTIVE_SINCE).execute(Tuple.of(SqlValues.timestamp(publishedBefore), limit)).map(rows -> {
            List<AudienceLink> links = new ArrayList<>();
            rows.forEach(row -> links.add(linkOf(row)));
            return links;
        });
    }

    public Uni<Void> published(SqlClient client, UUID id, Instant now) {
        return client.preparedQuery(PUBLISHED).execute(Tuple.of(id, SqlValues.timestamp(now))).replaceWithVoid();
    }

    /** The link's figures, read on {@code client} (in a transaction that is about to publish them, or on the pool). */
    public Uni<Figures> figures(SqlClient client, UUID id) {
        return client.preparedQuery(MEMBER_COUNTS).execute(Tuple.of(id)).chain(memberRows -> {
            long[] counts = new long[6];
            for (Row row : memberRows) {
                switch (row.getString("status")) {
                    case "subscribed" -> counts[0] = row.getLong("n");
                    case "unsubscribed" -> counts[1] = row.getLong("n");
                    case "cleaned" -> counts[2] = row.getLong("n");
                    case "pending" -> counts[3] = row.getLong("n");
                    case "transactional" -> counts[4] = row.getLong("n");
                    case "archived" -> counts[5] = row.getLong("n");
                    default -> {
                        // a status Mailchimp added: counted nowhere rather than misfiled
                    }
                }
            }
            MemberCounts members = new MemberCounts(counts[0], counts[1], counts[2], counts[3], counts[4], counts[5]);
            return client.preparedQuery(DELIVERY_COUNTS).execute(Tuple.of(id)).map(rows -> {
                Row row = rows.iterator().next();
                return new Figures(members, new DeliveryCounts(row.getLong("received"), row.getLong("rejected"),
                        row.getLong("parked"), row.getLong("stale")), SqlValues.instant(row, "last_delivery").orElse(null));
            });
        });
    }

    public Uni<Figures> figures(UUID id) {
        return figures(pool, id);
    }

    static AudienceLink linkOf(Row row) {
        Integer total = row.getInteger("import_total");
        return new AudienceLink(row.getUUID("id"), row.getString("tenant_id"), row.getString("audience_id"),
                row.getString("audience_name"), row.getString("connection_id"),
                WireNamed.fromWireName(AudienceLinkState.class, row.getString("state")), row.getString("paused_reason"),
                row.getString("hook_id"), row.getString("webhook_id"),
                AudienceLink.ImportState.valueOf(row.getString("import_state").toUpperCase(Locale.ROOT)),
                row.getInteger("import_offset"), total, row.getString("import_error"), row.getString("linked_by"),
                SqlValues.requiredInstant(row, "linked_at"), SqlValues.requiredInstant(row, "updated_at"));
    }
}
