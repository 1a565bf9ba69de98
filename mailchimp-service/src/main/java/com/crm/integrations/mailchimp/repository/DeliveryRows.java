package com.crm.integrations.mailchimp.repository;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.crm.integrations.common.sql.SqlValues;
import com.crm.integrations.mailchimp.webhook.ReceivedPost;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Stored deliveries as the deliveries API lists and replays them. */
@ApplicationScoped
public class DeliveryRows {

    /** A stored delivery. {@code rawBody}: the body as posted, read as UTF-8 (bytes that are not become U+FFFD). */
    public record StoredDelivery(long id, String audienceId, String type, Instant firedAt, Instant receivedAt, String status,
            String reason, int attempts, Instant processedAt, Map<String, Object> fields, String rawBody, byte[] raw) {
    }

    private static final String COLUMNS = "id, audience_id, type, fired_at, received_at, status, reason, attempts, processed_at, fields,"
            + " raw_body";
    private static final String LIST = "SELECT " + COLUMNS + " FROM webhook_delivery WHERE tenant_id = $1"
            + " AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR audience_id = $3) AND id > $4 ORDER BY id LIMIT $5";
    private static final String FIND = "SELECT " + COLUMNS + " FROM webhook_delivery WHERE id = $1 AND tenant_id = $2";
    private static final String LINKED = "SELECT 1 FROM audience_link WHERE id = (SELECT link_id FROM webhook_delivery WHERE id = $1)";
    private static final String REPLAY_PARKED = "UPDATE webhook_delivery SET status = 'pending', attempts = 0, reason = NULL,"
            + " processed_at = NULL, due_at = $2 WHERE id = $1 AND status = 'parked'";
    private static final String REPLAY_REJECTED = "UPDATE webhook_delivery SET status = 'pending', attempts = 0, reason = NULL,"
            + " processed_at = NULL, due_at = $2, type = $3, fired_at = $4, fields = $5, subscriber_hash = $6"
            + " WHERE id = $1 AND status = 'rejected'";

    private final Pool pool;

    public DeliveryRows(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<StoredDelivery>> list(String tenantId, String status, String audienceId, long after, int limit) {
        return pool.preparedQuery(LIST).execute(Tuple.tuple().addValue(tenantId).addValue(status).addValue(audienceId)
                .addValue(after).addValue(limit)).map(rows -> {
                    List<StoredDelivery> found = new ArrayList<>();
                    rows.forEach(row -> found.add(deliveryOf(row)));
                    return found;
                });
    }

    public Uni<Optional<StoredDelivery>> find(String tenantId, long id) {
        return pool.preparedQuery(FIND).execute(Tuple.of(id, tenantId)).map(rows -> SqlValues.first(rows, DeliveryRows::deliveryOf));
    }

    /** Whether the delivery's audience is still linked. */
    public Uni<Boolean> linked(long id) {
        return pool.preparedQuery(LINKED).execute(Tuple.of(id)).map(rows -> rows.size() > 0);
    }

    /** A parked delivery goes back to pending with its attempts reset; false when it was not parked (any more). */
    public Uni<Boolean> replayParked(long id, Instant now) {
        return pool.preparedQuery(REPLAY_PARKED).execute(Tuple.of(id, SqlValues.timestamp(now))).map(rows -> rows.rowCount() == 1);
    }

    /** A rejected delivery that now reads as applicable goes back to pending, as read now; false when it was not rejected. */
    public Uni<Boolean> replayRejected(long id, ReceivedPost reread, Instant now) {
        return pool.preparedQuery(REPLAY_REJECTED).execute(Tuple.tuple().addValue(id).addValue(SqlValues.timestamp(now))
                .addValue(reread.type()).addValue(SqlValues.timestamp(reread.firedAt())).addValue(new JsonObject(reread.fields()))
                .addValue(reread.subscriberHash())).map(rows -> rows.rowCount() == 1);
    }

    private static StoredDelivery deliveryOf(Row row) {
        byte[] raw = row.getBuffer("raw_body").getBytes();
        return new StoredDelivery(row.getLong("id"), row.getString("audience_id"), row.getString("type"),
                SqlValues.instant(row, "fired_at").orElse(null), SqlValues.requiredInstant(row, "received_at"), row.getString("status"),
                row.getString("reason"), row.getInteger("attempts"), SqlValues.instant(row, "processed_at").orElse(null),
                JsonValues.map(row.getJsonObject("fields")), new String(raw, StandardCharsets.UTF_8), raw);
    }
}
