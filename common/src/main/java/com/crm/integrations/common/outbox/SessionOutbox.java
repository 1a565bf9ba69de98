package com.crm.integrations.common.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.security.TenantId;

import io.smallrye.mutiny.Uni;

/**
 * The {@link Outbox} for services on Hibernate Reactive: it appends through the session of the
 * transaction that writes the change (one connection, one transaction). A session offers no
 * completion callback, so the caller wakes the local relay once the transaction's {@code Uni}
 * completed:
 *
 * <pre>
 * Panache.withTransaction(() -&gt; link.persist()
 *         .call(() -&gt; Panache.getSession().chain(session -&gt; outbox.append(session, type, tenant, payload))))
 *         .invoke(outbox::committed)
 * </pre>
 *
 * <p>
 * Hibernate Reactive is an optional dependency of {@code common}, and this class the only one of the
 * outbox that names it: services without it never load it.
 */
@ApplicationScoped
public class SessionOutbox {

    /**
     * The outbox's two statements as native queries of a Hibernate session (its parameters are {@code ?n}).
     * The payload goes in as {@code text} and is parsed by the cast: a parameter the server types as
     * {@code jsonb} itself ({@code CAST(?5 AS jsonb)}) gets a Java string encoded as a JSON string.
     */
    private static final String SESSION_INSERT = "INSERT INTO outbox (id, tenant_id, topic, type, payload)"
            + " VALUES (?1, ?2, ?3, ?4, CAST(CAST(?5 AS text) AS jsonb))";
    /** {@code pg_notify} returns void, which Hibernate cannot map: select a constant from it. */
    private static final String SESSION_NOTIFY = "SELECT 1 FROM pg_notify(?1, ?2)";

    /** Events per INSERT of {@link #appendAll}: 2 parameters each, far below PostgreSQL's 65,535. */
    static final int ROWS_PER_STATEMENT = 500;

    private final Outbox outbox;

    public SessionOutbox(Outbox outbox) {
        this.outbox = outbox;
    }

    /**
     * Appends an event to the outbox within the transaction of a Hibernate Reactive {@code session},
     * on the connection that also writes the change. The payload is bound as {@code text} and cast to
     * {@code jsonb} in the statement (bound as {@code jsonb}, a string would be stored as a JSON string).
     * Call {@link #committed()} once the transaction's {@code Uni} completed.
     *
     * @return the event's id (its CloudEvent {@code id})
     * @throws IllegalStateException (as a failed {@code Uni}) when the session has no transaction
     */
    public Uni<UUID> append(Mutiny.Session session, EventType type, TenantId tenant, Object payload) {
        if (session.currentTransaction() == null) {
            return Uni.createFrom().failure(new IllegalStateException(
                    "An outbox event must be written in the transaction of the change it reports"));
        }
        UUID id = UUID.randomUUID();
        boolean notify = outbox.shouldNotifyNow();
        return Uni.createFrom().item(() -> outbox.document(payload).encode())
                .chain(document -> session.createNativeQuery(SESSION_INSERT)
                        .setParameter(1, id).setParameter(2, tenant.value()).setParameter(3, type.topic())
                        .setParameter(4, type.type()).setParameter(5, document)
                        .executeUpdate())
                .call(() -> !notify
                        ? Uni.createFrom().voidItem()
                        : session.createNativeQuery(SESSION_NOTIFY).setParameter(1, outbox.channel())
                                .setParameter(2, tenant.value()).getSingleResult().replaceWithVoid())
                .replaceWith(id);
    }

    /**
     * Appends several events of one type and tenant, in this order, with one statement per
     * {@value #ROWS_PER_STATEMENT} events: a sync page's changes cost a round trip or two, not one each.
     *
     * @return their ids, in the order of {@code payloads}
     */
    public Uni<List<UUID>> appendAll(Mutiny.Session session, EventType type, TenantId tenant, List<?> payloads) {
        if (session.currentTransaction() == null) {
            return Uni.createFrom().failure(new IllegalStateException(
                    "An outbox event must be written in the transaction of the change it reports"));
        }
        if (payloads.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<UUID> ids = new ArrayList<>(payloads.size());
        List<String> documents = new ArrayList<>(payloads.size());
        try {
            for (Object payload : payloads) {
                ids.add(UUID.randomUUID());
                documents.add(outbox.document(payload).encode());
            }
        } catch (IllegalArgumentException unfit) {
            return Uni.createFrom().failure(unfit);
        }
        boolean notify = outbox.shouldNotifyNow();
        Uni<Void> inserted = Uni.createFrom().voidItem();
        for (int from = 0; from < ids.size(); from += ROWS_PER_STATEMENT) {
            int start = from;
            int end = Math.min(ids.size(), from + ROWS_PER_STATEMENT);
            inserted = inserted.chain(() -> insertRows(session, type, tenant, ids.subList(start, end), documents.subList(start, end)));
        }
        return inserted
                .call(() -> !notify
                        ? Uni.createFrom().voidItem()
                        : session.createNativeQuery(SESSION_NOTIFY).setParameter(1, outbox.channel())
                                .setParameter(2, tenant.value()).getSingleResult().replaceWithVoid())
                .replaceWith(List.copyOf(ids));
    }

    private static Uni<Void> insertRows(Mutiny.Session session, EventType type, TenantId tenant, List<UUID> ids,
            List<String> documents) {
        StringBuilder sql = new StringBuilder("INSERT INTO outbox (id, tenant_id, topic, type, payload) VALUES ");
        for (int i = 0; i < ids.size(); i++) {
            int id = 4 + 2 * i;
            sql.append(i == 0 ? "" : ", ").append("(?").append(id).append(", ?1, ?2, ?3, CAST(CAST(?").append(id + 1)
                    .append(" AS text) AS jsonb))");
        }
        Mutiny.Query<Object> insert = session.createNativeQuery(sql.toString());
        insert.setParameter(1, tenant.value()).setParameter(2, type.topic()).setParameter(3, type.type());
        for (int i = 0; i < ids.size(); i++) {
            insert.setParameter(4 + 2 * i, ids.get(i)).setParameter(5 + 2 * i, documents.get(i));
        }
        return insert.executeUpdate().replaceWithVoid();
    }

    /** Wakes this replica's relay: call it once the transaction that appended committed. */
    public void committed() {
        outbox.committed();
    }
}
