package com.crm.integrations.common.consumer;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The idempotent consumer's step on Hibernate Reactive, apart from {@link IdempotentConsumer} so that
 * only services with Hibernate Reactive load it.
 */
final class SessionTransactions {

    static final String REMEMBER = "INSERT INTO processed_event (consumer, event_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING";

    private SessionTransactions() {
    }

    /**
     * Remembers the event and applies it in one Panache transaction; false when it was already processed.
     * Each call opens its own session (none is current on the consumer's context between attempts), so a
     * retried attempt never sees what a failed one left in its persistence context.
     */
    static <P> Uni<Boolean> applyOnce(String consumer, ConsumedEvent event, SessionEventHandler<P> handler, P payload) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(REMEMBER)
                .setParameter(1, consumer).setParameter(2, event.id())
                .executeUpdate()
                .chain(remembered -> remembered == 0
                        ? Uni.createFrom().item(false)
                        : handler.handle(session, event, payload).replaceWith(true))));
    }
}
