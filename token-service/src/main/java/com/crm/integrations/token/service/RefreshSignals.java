package com.crm.integrations.token.service;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import com.crm.integrations.common.sql.ChannelListener;
import com.crm.integrations.common.sql.PostgresConfig;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Wakes callers waiting for a refresh another caller or replica is doing. Every transaction that ends
 * a refresh (new tokens, a recorded failure, a released lease) notifies the schema's channel with the
 * connection id; PostgreSQL delivers it on commit to every replica's listener, which wakes the local
 * waiters of that connection. A notification lost while the listener reconnects costs a waiter at
 * most one {@code slice}: it looks again then.
 */
@Singleton
public class RefreshSignals {

    private static final String NOTIFY = "SELECT pg_notify($1, $2)";

    private final Vertx vertx;
    private final PostgresConfig postgres;
    private final String channel;
    private final Map<UUID, Set<UniEmitter<? super Void>>> waiters = new ConcurrentHashMap<>();
    private volatile ChannelListener listener;

    public RefreshSignals(Vertx vertx, PostgresConfig postgres) {
        this.vertx = vertx;
        this.postgres = postgres;
        this.channel = "token_refresh_" + postgres.schema();
    }

    void start(@Observes StartupEvent started) {
        // After a reconnect, notifications sent meanwhile are gone: every waiter looks again.
        listener = ChannelListener.start(vertx, postgres, channel, "Refresh waiters", this::wake, this::wakeAll);
    }

    void stop(@Observes ShutdownEvent stopping) {
        ChannelListener listening = listener;
        listener = null;
        if (listening != null) {
            listening.stop();
        }
        wakeAll();
    }

    /** Notifies, on commit of {@code tx}, that the refresh of {@code connectionId} ended one way or another. */
    public Uni<Void> ended(SqlClient tx, UUID connectionId) {
        return tx.preparedQuery(NOTIFY).execute(Tuple.of(channel, connectionId.toString())).replaceWithVoid();
    }

    /**
     * Completes when a refresh of {@code connectionId} ends, or after {@code slice} at the latest. The
     * waiter is registered first and {@code stillRefreshing} asked next, so a refresh that ended just
     * before is seen (false: complete at once) and one that ends meanwhile is not missed.
     */
    public Uni<Void> await(UUID connectionId, Duration slice, Supplier<Uni<Boolean>> stillRefreshing) {
        return Uni.createFrom().<Void>emitter(emitter -> {
            Set<UniEmitter<? super Void>> set = waiters.computeIfAbsent(connectionId, id -> ConcurrentHashMap.newKeySet());
            set.add(emitter);
            emitter.onTermination(() -> waiters.computeIfPresent(connectionId, (id, current) -> {
                current.remove(emitter);
                return current.isEmpty() ? null : current;
            }));
            stillRefreshing.get().subscribe().with(refreshing -> {
                if (!refreshing) {
                    emitter.complete(null);
                }
            }, failure -> emitter.complete(null));
        }).ifNoItem().after(slice).recoverWithItem((Void) null);
    }

    private void wake(String payload) {
        UUID id;
        try {
            id = UUID.fromString(payload);
        } catch (IllegalArgumentException e) {
            return;
        }
        Set<UniEmitter<? super Void>> set = waiters.remove(id);
        if (set != null) {
            set.forEach(emitter -> emitter.complete(null));
        }
    }

    private void wakeAll() {
        waiters.keySet().forEach(id -> wake(id.toString()));
    }
}
