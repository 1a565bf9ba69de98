package com.crm.integrations.common.outbox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.security.TenantId;
import com.crm.integrations.common.sql.PostgresConfig;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Writes an event into the outbox in the caller's transaction, so the event exists exactly when
 * the change it reports commits. The {@link OutboxRelay} publishes pending rows: it is woken by a
 * notification on {@link #channelOf(String) the schema's channel}, which PostgreSQL delivers on
 * commit and never on rollback, and, in this replica, by the transaction's completion.
 *
 * <p>
 * Every notifying transaction takes PostgreSQL's notification lock until its commit is flushed,
 * which serialises them (no group commit). So, where this replica runs a relay, the commit wakes
 * that relay in-process, and the notification, which other replicas' relays need, is sent only
 * when the local relay is idle and at most once per {@value #NOTIFY_SPACING_MILLIS} ms. Without a
 * local relay every commit notifies.
 *
 * <pre>
 * pool.withTransaction(tx -&gt; repository.save(tx, change)
 *         .chain(() -&gt; outbox.append(tx, EventType.TOKEN_REFRESHED, tenant, payload)))
 * </pre>
 *
 * <p>
 * A service on Hibernate Reactive appends through its session with {@link SessionOutbox}.
 */
@ApplicationScoped
public class Outbox {

    /** Prefix of the notification channels; the payload of a notification is the tenant whose rows are pending. */
    public static final String CHANNEL_PREFIX = "integrations_outbox_";

    private static final String INSERT = "INSERT INTO outbox (id, tenant_id, topic, type, payload) VALUES ($1, $2, $3, $4, $5)";
    private static final String NOTIFY = "SELECT pg_notify($1, $2)";
    /** Many rows in one statement, in the order given (the position follows the ordinality). */
    private static final String INSERT_ALL = "INSERT INTO outbox (id, tenant_id, topic, type, payload)"
            + " SELECT id, tenant_id, topic, type, payload"
            + " FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[]) WITH ORDINALITY"
            + " AS e(id, tenant_id, topic, type, payload, n) ORDER BY n";


    /**
     * Largest payload, serialised: far below Kafka's default 1 MB request limit, so the broker
     * never refuses a record for its size (a refused row would hold up its tenant's later events).
     */
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024;

    /** Least time between two notifications from one replica whose relay runs. */
    static final long NOTIFY_SPACING_MILLIS = 10;
    private static final long NOTIFY_SPACING_NANOS = NOTIFY_SPACING_MILLIS * 1_000_000;

    private final ObjectMapper json;
    private final String channel;
    private final OutboxRelayService relays;
    private final AtomicLong lastNotify = new AtomicLong(System.nanoTime() - NOTIFY_SPACING_NANOS);

    public Outbox(ObjectMapper json, PostgresConfig postgres, OutboxRelayService relays) {
        this.json = json;
        this.channel = channelOf(postgres.schema());
        this.relays = relays;
    }

    /**
     * The notification channel of a schema's outbox. Services share one database, and
     * notifications are database-wide: one channel per schema wakes only that service's relays.
     */
    String channel() {
        return channel;
    }

    public static String channelOf(String schema) {
        String channel = CHANNEL_PREFIX + schema;
        if (channel.length() > 63) {
            throw new IllegalArgumentException("A schema name of at most " + (63 - CHANNEL_PREFIX.length())
                    + " characters keeps its outbox channel within PostgreSQL's identifier limit");
        }
        return channel;
    }

    /**
     * Appends an event to the outbox within {@code tx}'s transaction.
     *
     * @return the event's id (its CloudEvent {@code id})
     * @throws IllegalStateException (as a failed {@code Uni}) when {@code tx} is not in a transaction:
     *                               the event could then outlive a rolled-back change
     */
    public Uni<UUID> append(SqlConnection tx, EventType type, TenantId tenant, Object payload) {
        if (tx.transaction() == null) {
            return Uni.createFrom().failure(new IllegalStateException(
                    "An outbox event must be written in the transaction of the change it reports"));
        }
        UUID id = UUID.randomUUID();
        OutboxRelay local = relays.localRelay();
        boolean notify = shouldNotify(local);
        return Uni.createFrom().item(() -> document(payload))
                .chain(document -> tx.preparedQuery(INSERT)
                        .execute(Tuple.of(id, tenant.value(), type.topic(), type.type(), document)))
                .call(() -> !notify
                        ? Uni.createFrom().voidItem()
                        : tx.preparedQuery(NOTIFY).execute(Tuple.of(channel, tenant.value())).replaceWithVoid())
                .invoke(() -> {
                    if (local != null) {
                        tx.transaction().completion().subscribe().with(committed -> local.wake(), rolledBack -> {
                        });
                    }
                })
                .replaceWith(id);
    }

    /** One event for {@link #appendAll}: its type, the tenant it belongs to (the Kafka key) and its payload. */
    public record Event(EventType type, TenantId tenant, Object payload) {
    }

    /**
     * Appends several events, of any types and tenants, in this order, within {@code tx}'s transaction,
     * with one statement: work that changes many rows at once (an inbox batch, an import page) costs one
     * round trip for its events, not one each.
     *
     * @return their ids, in the order of {@code events}
     * @throws IllegalStateException    (as a failed {@code Uni}) when {@code tx} is not in a transaction
     * @throws IllegalArgumentException (as a failed {@code Uni}) when a payload is not a JSON object or too large
     */
    public Uni<List<UUID>> appendAll(SqlConnection tx, List<Event> events) {
        if (tx.transaction() == null) {
            return Uni.createFrom().failure(new IllegalStateException(
                    "An outbox event must be written in the transaction of the change it reports"));
        }
        if (events.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        int size = events.size();
        UUID[] ids = new UUID[size];
        String[] tenants = new String[size];
        String[] topics = new String[size];
        String[] types = new String[size];
        JsonObject[] payloads = new JsonObject[size];
        List<UUID> order = new ArrayList<>(size);
        try {
            for (int i = 0; i < size; i++) {
                Event event = events.get(i);
                ids[i] = UUID.randomUUID();
                tenants[i] = event.tenant().value();
                topics[i] = event.type().topic();
                types[i] = event.type().type();
                payloads[i] = document(event.payload());
                order.add(ids[i]);
            }
        } catch (IllegalArgumentException unfit) {
            return Uni.createFrom().failure(unfit);
        }
        OutboxRelay local = relays.localRelay();
        boolean notify = shouldNotify(local);
        return tx.preparedQuery(INSERT_ALL).execute(Tuple.of(ids, tenants, topics, types).addValue(payloads))
                .call(() -> !notify
                        ? Uni.createFrom().voidItem()
                        : tx.preparedQuery(NOTIFY).execute(Tuple.of(channel, tenants[0])).replaceWithVoid())
                .invoke(() -> {
                    if (local != null) {
                        tx.transaction().completion().subscribe().with(committed -> local.wake(), rolledBack -> {
                        });
                    }
                })
                .replaceWith(List.copyOf(order));
    }

    /**
     * Wakes this replica's relay, if it runs one: {@link SessionOutbox} calls it when a transaction that
     * appended through a session has committed (a rolled-back one left nothing to publish, and waking costs one round).
     */
    public void committed() {
        OutboxRelay local = relays.localRelay();
        if (local != null) {
            local.wake();
        }
    }

    /**
     * Always without a local relay (another replica must be told); otherwise only when the local
     * relay is idle and no other writer of this replica notified in the last
     * {@value #NOTIFY_SPACING_MILLIS} ms: the local relay is woken by the commit itself, and other
     * replicas' relays need a notification now and then, not one per commit.
     */
    /** {@link #shouldNotify(OutboxRelay)} for this replica's relay, for {@link SessionOutbox}. */
    boolean shouldNotifyNow() {
        return shouldNotify(relays.localRelay());
    }

    private boolean shouldNotify(OutboxRelay local) {
        if (local == null) {
            return true;
        }
        if (local.isBusy()) {
            return false;
        }
        long now = System.nanoTime();
        long last = lastNotify.get();
        return now - last >= NOTIFY_SPACING_NANOS && lastNotify.compareAndSet(last, now);
    }

    JsonObject document(Object payload) {
        JsonNode tree = json.valueToTree(payload);
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("The payload of an event must serialise to a JSON object");
        }
        try {
            String text = json.writeValueAsString(tree);
            if (text.length() > MAX_PAYLOAD_BYTES / 4 && text.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
                throw new IllegalArgumentException("The payload of an event is at most " + MAX_PAYLOAD_BYTES
                        + " bytes of JSON: carry ids, not documents");
            }
            return new JsonObject(text);
        } catch (JsonProcessingException unwritable) {
            throw new IllegalArgumentException("The payload of an event must serialise to a JSON object", unwritable);
        }
    }
}
