package com.crm.integrations.common.consumer;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

/**
 * Applies one event in a Hibernate Reactive transaction: the one whose {@code session} also records
 * the event as processed. Panache entities and repositories called from the handler join it (it is
 * the current Panache session); events it causes go through {@code Outbox.append(session, …)}. The
 * effect, its events and the memory of the event commit or roll back together, and an attempt that
 * failed is retried in a fresh session.
 *
 * @param <P> the payload type
 */
@FunctionalInterface
public interface SessionEventHandler<P> {

    Uni<Void> handle(Mutiny.Session session, ConsumedEvent event, P payload);
}
