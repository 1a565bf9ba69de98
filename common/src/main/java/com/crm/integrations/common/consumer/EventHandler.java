package com.crm.integrations.common.consumer;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Applies one event. It runs in the transaction that also records the event as processed: write
 * every effect through {@code tx} (events it causes too, with {@code Outbox.append(tx, …)}), and
 * the effect and the memory of the event commit or roll back together.
 *
 * @param <P> the payload type
 */
@FunctionalInterface
public interface EventHandler<P> {

    Uni<Void> handle(SqlConnection tx, ConsumedEvent event, P payload);
}
