package com.crm.integrations.common.outbox;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.security.TenantId;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Writes an event into the outbox in the caller's transaction, so the event exists exactly when
 * the change it reports commits. The relay publishes pending rows (a later issue): it is woken by
 * the {@value #CHANNEL} notification, which PostgreSQL delivers on commit and never on rollback.
 *
 * <pre>
 * pool.withTransaction(tx -&gt; repository.save(tx, change)
 *         .chain(() -&gt; outbox.append(tx, EventType.TOKEN_REFRESHED, tenant, payload)))
 * </pre>
 */
@ApplicationScoped
public class Outbox {

    /** The notification channel; its payload is the tenant whose rows are pending. */
    public static final String CHANNEL = "integrations_outbox";

    private static final String INSERT = "INSERT INTO outbox (id, tenant_id, topic, type, payload) VALUES ($1, $2, $3, $4, $5)";
    private static final String NOTIFY = "SELECT pg_notify($1, $2)";

    private final ObjectMapper json;

    public Outbox(ObjectMapper json) {
        this.json = json;
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
        return Uni.createFrom().item(() -> document(payload))
                .chain(document -> tx.preparedQuery(INSERT)
                        .execute(Tuple.of(id, tenant.value(), type.topic(), type.type(), document)))
                .chain(() -> tx.preparedQuery(NOTIFY).execute(Tuple.of(CHANNEL, tenant.value())))
                .replaceWith(id);
    }

    private JsonObject document(Object payload) {
        JsonNode tree = json.valueToTree(payload);
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("The payload of an event must serialise to a JSON object");
        }
        try {
            return new JsonObject(json.writeValueAsString(tree));
        } catch (JsonProcessingException unwritable) {
            throw new IllegalArgumentException("The payload of an event must serialise to a JSON object", unwritable);
        }
    }
}
