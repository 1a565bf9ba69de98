package com.crm.integrations.common.outbox;

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

    /** Wakes this replica's relay: call it once the transaction that appended committed. */
    public void committed() {
        outbox.committed();
    }
}
