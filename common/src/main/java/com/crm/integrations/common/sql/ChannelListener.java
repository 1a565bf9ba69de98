package com.crm.integrations.common.sql;

import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;

/**
 * A {@code LISTEN} on one PostgreSQL channel for as long as a service runs, on a connection of its own (built from
 * {@code integrations.postgres}, where the pool goes too), reconnecting a second after it drops. Each notification's
 * payload goes to {@code onNotification}; after every (re)connect {@code onListening} runs, since notifications sent
 * while the connection was down are lost: whoever waits on them looks again.
 */
public final class ChannelListener {

    private static final Logger LOG = Logger.getLogger(ChannelListener.class);
    private static final long RECONNECT_DELAY_MILLIS = 1_000;

    private final Vertx vertx;
    private final String channel;
    private final String waiters;
    private volatile PgSubscriber subscriber;

    private ChannelListener(Vertx vertx, String channel, String waiters) {
        this.vertx = vertx;
        this.channel = channel;
        this.waiters = waiters;
    }

    /**
     * Starts listening on {@code channel}.
     *
     * @param waiters who listens, for the log ({@code "Refresh waiters"}, …), and what they do meanwhile when they cannot
     */
    public static ChannelListener start(Vertx vertx, PostgresConfig postgres, String channel, String waiters,
            Consumer<String> onNotification, Runnable onListening) {
        ChannelListener listener = new ChannelListener(vertx, channel, waiters);
        PgSubscriber subscriber = PgSubscriber.subscriber(vertx, PostgresConnections.options(postgres));
        subscriber.reconnectPolicy(attempt -> RECONNECT_DELAY_MILLIS);
        subscriber.channel(channel).handler(onNotification).subscribeHandler(onListening);
        listener.subscriber = subscriber;
        listener.listen(subscriber);
        return listener;
    }

    private void listen(PgSubscriber listening) {
        listening.connect().subscribe().with(connected -> LOG.debugf("%s listening on %s", waiters, channel), failure -> {
            if (subscriber != null) {
                LOG.warnf("%s cannot listen on %s (%s); they look again on their own until they can", waiters, channel,
                        failure.getMessage());
                vertx.setTimer(RECONNECT_DELAY_MILLIS, id -> listen(listening));
            }
        });
    }

    /** Stops listening and closes the connection. */
    public void stop() {
        PgSubscriber listening = subscriber;
        subscriber = null;
        if (listening != null) {
            listening.close().subscribe().with(closed -> {
            }, failure -> {
            });
        }
    }
}
