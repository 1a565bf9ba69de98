package com.crm.integrations.common.consumer;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A test consumer of {@code test.probe-events} (channel {@code probe}, configured in the test
 * resources), written as a service writes one: its effect is a row in {@code probe_effect}, in
 * the transaction the idempotent consumer opens. The payload steers it: {@code "fail": "always"}
 * fails every attempt, {@code "fail": "once"} only the first one.
 */
@ApplicationScoped
public class ProbeConsumer {

    public static final String CONSUMER = "common-test.probe";
    public static final String TYPE = "crm.test.probe.v1";
    public static final String TABLE = "CREATE TABLE IF NOT EXISTS probe_effect (event_id text NOT NULL, tenant_id text NOT NULL, seq int NOT NULL)";

    private final IdempotentConsumer consumer;
    private final EventHandlers handlers;
    private final Set<String> failedOnce = ConcurrentHashMap.newKeySet();

    public ProbeConsumer(IdempotentConsumer consumer) {
        this.consumer = consumer;
        this.handlers = EventHandlers.of(CONSUMER).on(TYPE, JsonNode.class, this::apply).build();
    }

    @Incoming("probe")
    public Uni<Void> consume(Message<byte[]> record) {
        return consumer.process(record, handlers);
    }

    private Uni<Void> apply(SqlConnection tx, ConsumedEvent event, JsonNode payload) {
        return effect(tx, event, payload, failedOnce);
    }

    /** The probes' effect: a {@code probe_effect} row, then the failure the payload asks for. */
    static Uni<Void> effect(SqlConnection tx, ConsumedEvent event, JsonNode payload, Set<String> failedOnce) {
        String fail = payload.path("fail").asText("");
        return tx.preparedQuery("INSERT INTO probe_effect (event_id, tenant_id, seq) VALUES ($1, $2, $3)")
                .execute(Tuple.of(event.id(), event.tenant().value(), payload.path("seq").asInt()))
                .invoke(() -> {
                    if (fail.equals("always") || (fail.equals("once") && failedOnce.add(event.id()))) {
                        throw new IllegalStateException("probe told to fail");
                    }
                })
                .replaceWithVoid();
    }
}
