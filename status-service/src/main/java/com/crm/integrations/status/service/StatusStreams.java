package com.crm.integrations.status.service;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.crm.integrations.common.problem.OperationForbiddenException;
import com.crm.integrations.common.security.Caller;
import com.crm.integrations.status.IntegrationCard;
import com.crm.integrations.status.config.StatusConfig;
import com.crm.integrations.status.repository.ChangeRows;
import com.crm.integrations.status.repository.ChangeRows.Change;
import com.crm.integrations.status.service.StatusService.Scope;
import com.crm.integrations.status.service.StatusService.View;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.mutiny.core.Vertx;

/**
 * Live views: each stream starts with a snapshot of the caller's view (or, resumed with the id of the last event it got,
 * the cards that changed since), then gets every card that changes as the projection changes it — on any replica, through
 * the {@link ChangeFeed} — a heartbeat while nothing does, and an {@code expired} event when the caller's token expires,
 * after which it ends.
 */
@ApplicationScoped
public class StatusStreams {

    private static final Logger LOG = Logger.getLogger(StatusStreams.class);
    private static final int RESUME_LIMIT = 1000;

    private final StatusService status;
    private final ChangeFeed feed;
    private final ChangeRows changes;
    private final ObjectMapper json;
    private final Vertx vertx;
    private final StatusConfig.Stream config;

    public StatusStreams(StatusService status, ChangeFeed feed, ChangeRows changes, ObjectMapper json, Vertx vertx,
            StatusConfig config) {
        this.status = status;
        this.feed = feed;
        this.changes = changes;
        this.json = json;
        this.vertx = vertx;
        this.config = config.stream();
    }

    /** One event of a stream: a named event with an id and JSON data, or a comment. */
    public record StreamEvent(String name, String id, String data, String comment) {

        static StreamEvent of(String name, long id, String data) {
            return new StreamEvent(name, Long.toString(id), data, null);
        }

        static StreamEvent heartbeat() {
            return new StreamEvent(null, null, null, "heartbeat");
        }
    }

    /**
     * The caller's live view.
     *
     * @param lastEventId the id of the last event the caller got, when it resumes
     * @param expiresAt   when the caller's token expires; the stream ends then
     * @throws OperationForbiddenException for {@link Scope#TENANT} asked by someone who is not a tenant admin
     */
    public Multi<StreamEvent> open(Caller caller, Scope scope, Optional<Long> lastEventId, Optional<Instant> expiresAt) {
        String tenant = caller.requireTenant().value();
        if (scope == Scope.TENANT && !caller.isTenantAdmin()) {
            throw new OperationForbiddenException("Only a tenant admin follows every user's integrations (scope=tenant).");
        }
        String user = scope == Scope.TENANT ? null : caller.subject();
        return Multi.createFrom().emitter(emitter -> {
            Stream stream = new Stream(tenant, scope, user, emitter);
            feed.subscribe(stream);
            long heartbeat = vertx.setPeriodic(config.heartbeat().toMillis(), id -> stream.emit(StreamEvent.heartbeat()));
            long expiry = expiresAt.map(at -> vertx.setTimer(Math.max(1, Duration.between(Instant.now(), at).toMillis()),
                    id -> stream.expire())).orElse(-1L);
            emitter.onTermination(() -> {
                feed.unsubscribe(stream);
                vertx.cancelTimer(heartbeat);
                if (expiry >= 0) {
                    vertx.cancelTimer(expiry);
                }
            });
            stream.start(lastEventId);
        });
    }

    /** One caller's stream. Refreshes never overlap: a change during one makes it refresh again after. */
    private final class Stream implements ChangeFeed.Subscriber {

        private final String tenant;
        private final Scope scope;
        private final String user;
        private final MultiEmitter<? super StreamEvent> emitter;
        private Map<String, String> shown = Map.of();
        private long shownSeq = -1;
        private long wanted = -1;
        private boolean refreshing;
        private boolean started;

        Stream(String tenant, Scope scope, String user, MultiEmitter<? super StreamEvent> emitter) {
            this.tenant = tenant;
            this.scope = scope;
            this.user = user;
            this.emitter = emitter;
        }

        @Override
        public boolean concerns(Change change) {
            return change.everyTenant() || tenant.equals(change.tenantId()) && (user == null || change.ownerUserId() == null
                    || user.equals(change.ownerUserId()) || change.integration() == null);
        }

        @Override
        public synchronized void changed(long seq) {
            wanted = Math.max(wanted, seq);
            if (started && !refreshing && wanted > shownSeq) {
                refreshing = true;
                refresh();
            }
        }

        void start(Optional<Long> lastEventId) {
            Uni<Void> first = lastEventId.map(this::resume).orElseGet(() -> status.view(tenant, scope, user)
                    .invoke(view -> show(view, true)).replaceWithVoid());
            first.subscribe().with(done -> {
                synchronized (this) {
                    started = true;
                }
                changed(-1);
            }, this::fail);
        }

        /** Resumes after event {@code last}: the cards that changed since, or a snapshot when that cannot be told. */
        private Uni<Void> resume(long last) {
            return changes.prunedUpTo().chain(prunedUpTo -> changes.afterForTenant(last, tenant, RESUME_LIMIT)
                    .chain(missed -> status.view(tenant, scope, user).invoke(view -> {
                        List<Change> concerning = missed.stream().filter(this::concerns).toList();
                        boolean complete = last >= prunedUpTo && last <= view.seq() && missed.size() < RESUME_LIMIT;
                        if (!complete || concerning.stream().anyMatch(Change::wholeTenant)) {
                            show(view, true);
                            return;
                        }
                        Set<String> integrations = concerning.stream().map(Change::integration).collect(Collectors.toSet());
                        synchronized (this) {
                            shown = cards(view);
                            shownSeq = view.seq();
                            view.status().integrations().stream().filter(card -> integrations.contains(card.id()))
                                    .forEach(card -> emit(StreamEvent.of("integration", view.seq(), write(card))));
                        }
                    }))).replaceWithVoid();
        }

        private void refresh() {
            status.view(tenant, scope, user).subscribe().with(view -> {
                show(view, false);
                synchronized (this) {
                    refreshing = false;
                    if (wanted > shownSeq) {
                        refreshing = true;
                        refresh();
                    }
                }
            }, this::fail);
        }

        /** Shows a view: the cards that differ from those shown, or a snapshot when forced or the set of cards changed. */
        private synchronized void show(View view, boolean snapshot) {
            if (view.seq() < shownSeq) {
                return;
            }
            Map<String, String> cards = cards(view);
            if (snapshot || !cards.keySet().equals(shown.keySet())) {
                emit(StreamEvent.of("snapshot", view.seq(), view.body()));
            } else {
                view.status().integrations().forEach(card -> {
                    String now = cards.get(key(card));
                    if (!now.equals(shown.get(key(card)))) {
                        emit(StreamEvent.of("integration", view.seq(), now));
                    }
                });
            }
            shown = cards;
            shownSeq = view.seq();
        }

        synchronized void emit(StreamEvent event) {
            if (!emitter.isCancelled()) {
                emitter.emit(event);
            }
        }

        synchronized void expire() {
            emit(new StreamEvent("expired", null, "{\"reason\":\"The access token expired: reconnect with a new one\"}", null));
            emitter.complete();
        }

        private void fail(Throwable failure) {
            LOG.warnf("A status stream of tenant %s ends: %s", tenant, failure.getMessage());
            synchronized (this) {
                emitter.fail(failure);
            }
        }

        private Map<String, String> cards(View view) {
            Map<String, String> cards = new LinkedHashMap<>();
            view.status().integrations().forEach(card -> cards.put(key(card), write(card)));
            return cards;
        }
    }

    private static String key(IntegrationCard card) {
        return card.id() + "|" + (card.owner() == null ? "" : card.owner().type() + ":" + card.owner().userId());
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("Cannot write a status event", impossible);
        }
    }
}
