package com.crm.integrations.common.consumer;

import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * {@link ProbeConsumer}'s twin on a channel that takes whole polls ({@code batch-probe}, {@code batch=true}): the same
 * effect and steering, through {@link IdempotentConsumer#processBatch}. It keeps the size of every poll it was handed.
 */
@ApplicationScoped
public class BatchProbeConsumer {

    public static final String CONSUMER = "common-test.batch-probe";
    public static final String TOPIC = "test.batch-probe-events";

    private final IdempotentConsumer consumer;
    private final EventHandlers handlers;
    private final Set<String> failedOnce = ConcurrentHashMap.newKeySet();
    private final Queue<Integer> pollSizes = new ConcurrentLinkedQueue<>();

    public BatchProbeConsumer(IdempotentConsumer consumer) {
        this.consumer = consumer;
        this.handlers = EventHandlers.of(CONSUMER).on(ProbeConsumer.TYPE, JsonNode.class, this::apply).build();
    }

    @Incoming("batch-probe")
    public Uni<Void> consume(Message<List<byte[]>> poll) {
        pollSizes.add(poll.getPayload().size());
        return consumer.processBatch(poll, handlers);
    }

    /** The sizes of the polls handed over so far. */
    List<Integer> pollSizes() {
        return List.copyOf(pollSizes);
    }

    private Uni<Void> apply(SqlConnection tx, ConsumedEvent event, JsonNode payload) {
        return ProbeConsumer.effect(tx, event, payload, failedOnce);
    }
}
