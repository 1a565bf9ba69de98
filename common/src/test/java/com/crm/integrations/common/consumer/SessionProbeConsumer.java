package com.crm.integrations.common.consumer;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.hibernate.reactive.mutiny.Mutiny;

import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.outbox.SessionOutbox;
import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

/**
 * A test consumer of {@code test.session-probe-events} (channel {@code session-probe}) written as a
 * service on Hibernate Reactive writes one: it persists a {@link ProbeNote} through Panache and appends
 * an event to the outbox through the session. {@code "fail": "always"} fails every attempt after both
 * writes, {@code "fail": "once"} only the first. It remembers the session of every attempt.
 */
@ApplicationScoped
public class SessionProbeConsumer {

    public static final String CONSUMER = "common-test.session-probe";
    public static final String TYPE = "crm.test.session-probe.v1";

    record Noted(String eventId, int seq) {
    }

    private final IdempotentConsumer consumer;
    private final SessionOutbox outbox;
    private final EventHandlers handlers;
    private final Set<String> failedOnce = ConcurrentHashMap.newKeySet();
    private final Map<String, List<Mutiny.Session>> sessions = new ConcurrentHashMap<>();

    public SessionProbeConsumer(IdempotentConsumer consumer, SessionOutbox outbox) {
        this.consumer = consumer;
        this.outbox = outbox;
        this.handlers = EventHandlers.of(CONSUMER).onSession(TYPE, JsonNode.class, this::apply).build();
    }

    @Incoming("session-probe")
    public Uni<Void> consume(Message<byte[]> record) {
        return consumer.process(record, handlers);
    }

    /** The sessions the attempts at {@code eventId} ran in, in order. */
    List<Mutiny.Session> sessionsOf(String eventId) {
        return sessions.getOrDefault(eventId, List.of());
    }

    private Uni<Void> apply(Mutiny.Session session, ConsumedEvent event, JsonNode payload) {
        sessions.computeIfAbsent(event.id(), id -> new CopyOnWriteArrayList<>()).add(session);
        String fail = payload.path("fail").asText("");
        ProbeNote note = new ProbeNote();
        note.eventId = event.id();
        note.tenantId = event.tenant().value();
        note.seq = payload.path("seq").asInt();
        return note.persist()
                .call(session::flush)
                .chain(() -> outbox.append(session, EventType.CALENDAR_SYNCED, event.tenant(), new Noted(event.id(), note.seq)))
                .invoke(() -> {
                    if (fail.equals("always") || (fail.equals("once") && failedOnce.add(event.id()))) {
                        throw new IllegalStateException("session probe told to fail");
                    }
                })
                .replaceWithVoid();
    }
}
