package com.crm.integrations.calendar.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import com.crm.integrations.calendar.CalendarLink;
import com.crm.integrations.calendar.CalendarSyncSettings;
import com.crm.integrations.calendar.LinkStateReason;
import com.crm.integrations.calendar.SyncDirection;
import com.crm.integrations.calendar.SyncKind;
import com.crm.integrations.calendar.SyncReason;
import com.crm.integrations.calendar.SyncRun;
import com.crm.integrations.calendar.SyncRunState;
import com.crm.integrations.calendar.SyncWindow;
import com.crm.integrations.calendar.SyncedEvent;
import com.crm.integrations.calendar.client.ListingPage;
import com.crm.integrations.calendar.client.ListingRequest;
import com.crm.integrations.calendar.client.ProviderEvent;
import com.crm.integrations.calendar.client.SyncCursorExpiredException;
import com.crm.integrations.calendar.config.CalendarConfig;
import com.crm.integrations.calendar.repository.CalendarLinkRepository;
import com.crm.integrations.calendar.repository.LinkLeases;
import com.crm.integrations.calendar.repository.SyncRunRepository;
import com.crm.integrations.calendar.repository.SyncedEventRepository;
import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.payload.CalendarSyncFailedV2;
import com.crm.integrations.common.events.payload.CalendarSyncedV2;
import com.crm.integrations.common.events.payload.ConnectionStatus;
import com.crm.integrations.common.outbox.SessionOutbox;
import com.crm.integrations.common.retry.Backoff;
import com.crm.integrations.common.retry.FailureCategory;
import com.crm.integrations.common.security.TenantId;
import com.crm.integrations.common.settings.TenantSettingsStore;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * Syncs one leased link from its provider into the CRM: runs (or resumes) its sync run page by page,
 * each page applied and its cursor stored in one transaction, the next page fetched while the current
 * one is written. The cursor of the next run is stored only with the last page; a full listing
 * deletes what it lacked only once it completed, and halts instead when that would delete more of
 * the calendar than the mass-delete guard allows. A failure stops the run where it stood: the link
 * backs off, pauses, or is disabled, as the failure says, and the CRM is told.
 */
@ApplicationScoped
public class LinkSync {

    private static final Logger LOG = Logger.getLogger(LinkSync.class);
    static final String MASS_DELETE_CODE = "mass_delete_guard";

    /** What a run knows between its transactions: the link's call target and the run's plan. */
    record Context(CalendarLink target, UUID runId, SyncKind kind, SyncWindow window, String syncCursor, String pageCursor,
            boolean publish, CalendarSyncSettings settings) {

        ListingRequest request(String nextPage) {
            return new ListingRequest(target.calendarId, window, kind == SyncKind.FULL ? null : syncCursor, nextPage);
        }
    }

    private final CalendarLinkRepository links;
    private final SyncRunRepository runs;
    private final SyncedEventRepository events;
    private final LinkLeases leases;
    private final CalendarCalls calls;
    private final PageApplier applier;
    private final SessionOutbox outbox;
    private final TenantSettingsStore settings;
    private final CalendarConfig.Sync config;
    private final Clock clock;
    private final Vertx vertx;

    public LinkSync(CalendarLinkRepository links, SyncRunRepository runs, SyncedEventRepository events, LinkLeases leases,
            CalendarCalls calls, PageApplier applier, SessionOutbox outbox, TenantSettingsStore settings, CalendarConfig config,
            Clock clock, Vertx vertx) {
        this.links = links;
        this.runs = runs;
        this.events = events;
        this.leases = leases;
        this.calls = calls;
        this.applier = applier;
        this.outbox = outbox;
        this.settings = settings;
        this.config = config.sync();
        this.clock = clock;
        this.vertx = vertx;
    }

    /** Runs the link's sync as {@code owner}, whose lease on it is fresh; gives the lease back at the end. */
    public Uni<Void> run(UUID linkId, String owner) {
        return Panache.withSession(() -> links.findById(linkId))
                .chain(link -> link == null ? Uni.createFrom().nullItem() : settingsOf(link.tenantId)
                        .chain(tenantSettings -> begin(linkId, owner, tenantSettings)))
                .chain(context -> context == null ? Uni.createFrom().voidItem() : list(context, owner, true))
                .eventually(() -> leases.release(linkId, owner).onFailure().recoverWithNull());
    }

    private Uni<CalendarSyncSettings> settingsOf(String tenantId) {
        return settings.find(new TenantId(tenantId), CalendarSyncSettings.class, CalendarSyncSettings.DEFAULTS)
                .map(versioned -> versioned.value());
    }

    /** Finds the link's running run or starts one from its plan; null when the link no longer syncs here. */
    private Uni<Context> begin(UUID linkId, String owner, CalendarSyncSettings tenantSettings) {
        Instant now = clock.instant();
        return Conflicts.retried(() -> Panache.withTransaction(() -> Panache.getSession().chain(session -> renewed(session, linkId, owner)
                .chain(() -> links.findById(linkId))
                .chain(link -> {
                    if (link == null || !link.isActive()) {
                        return Uni.createFrom().<Context>nullItem();
                    }
                    return runs.running(linkId).chain(running -> {
                        if (running != null) {
                            return Uni.createFrom().item(context(link, running, tenantSettings));
                        }
                        SyncPlan plan = SyncPlan.of(link, tenantSettings, now, config.rebaselineAfter(), false);
                        SyncRun run = SyncRun.start(link, plan.kind(), plan.reason(), plan.window(), null, now);
                        return runs.persist(run).map(persisted -> context(link, persisted, tenantSettings));
                    });
                }))));
    }

    private static Context context(CalendarLink link, SyncRun run, CalendarSyncSettings tenantSettings) {
        return new Context(link, run.id, run.kind, new SyncWindow(run.windowFrom, run.windowUntil), link.syncCursor,
                run.pageCursor, tenantSettings.direction() != SyncDirection.EXPORT_ONLY, tenantSettings);
    }

    /** Lists from the run's page cursor to the end; an expired cursor turns the run into a full listing once. */
    private Uni<Void> list(Context context, String owner, boolean mayResync) {
        return fetch(context, context.pageCursor())
                .chain(page -> pages(context, owner, page))
                .onFailure().recoverWithUni(failure -> {
                    if (failure instanceof RunSupersededException) {
                        LOG.infof("Link %s: the run was superseded (another calendar or account); the next one starts over",
                                context.target().id);
                        return Uni.createFrom().voidItem();
                    }
                    if (failure instanceof LeaseLostException) {
                        LOG.infof("Link %s: the lease lapsed and another replica took the link over", context.target().id);
                        return Uni.createFrom().voidItem();
                    }
                    if (failure instanceof SyncCursorExpiredException expired && mayResync) {
                        LOG.infof("Link %s: %s; a full listing follows", context.target().id, expired.getMessage());
                        return resync(context, owner).chain(full -> list(full, owner, false));
                    }
                    return failed(context, owner, failure);
                });
    }

    /** Applies {@code page}, fetching the next one meanwhile, until the last page is applied. */
    private Uni<Void> pages(Context context, String owner, ListingPage page) {
        if (page.isLast()) {
            return apply(context, owner, page);
        }
        // The next page is fetched while this one is written, on a context of its own (Hibernate keeps this
        // page's session on this one). This page's transaction completes whatever the fetch meets: a failed
        // fetch is the run's failure once the page is stored, so a resumed run goes on from the page after it.
        Uni<ListingPage> next = OwnContext.run(vertx, () -> fetch(context, page.nextPage())).memoize().indefinitely();
        next.subscribe().with(fetched -> {
        }, failedLater -> {
        });
        return apply(context, owner, page).chain(() -> next).chain(fetched -> pages(context, owner, fetched));
    }

    private Uni<ListingPage> fetch(Context context, String nextPage) {
        return calls.call(context.target(), call -> call.api().list(call.token(), context.request(nextPage)))
                .chain(page -> maybeMoved(context, page));
    }

    /**
     * Graph reports with {@code @removed} both deletions and events that only left the window. Of the
     * stored ones, each is looked up: still there, it is an update (it moved); gone, a deletion.
     */
    private Uni<ListingPage> maybeMoved(Context context, ListingPage page) {
        List<String> uncertain = page.changes().stream()
                .filter(change -> change instanceof ListingPage.Removal removal && removal.mayStillExist())
                .map(ListingPage.Change::providerEventId).toList();
        if (uncertain.isEmpty() || context.kind() == SyncKind.FULL) {
            return Uni.createFrom().item(page);
        }
        return Panache.withSession(() -> events.byProviderIds(context.target().id, uncertain))
                .chain(stored -> {
                    List<String> known = stored.stream().map(event -> event.providerEventId).toList();
                    List<Uni<ListingPage.Change>> resolved = new ArrayList<>();
                    for (ListingPage.Change change : page.changes()) {
                        if (change instanceof ListingPage.Removal removal && removal.mayStillExist()
                                && known.contains(removal.providerEventId())) {
                            resolved.add(calls.call(context.target(), call -> call.api().event(call.token(),
                                    context.target().calendarId, removal.providerEventId()))
                                    .map(found -> found.<ListingPage.Change>map(ListingPage.Upsert::new)
                                            .orElse(new ListingPage.Removal(removal.providerEventId(), null, null, false))));
                        } else {
                            resolved.add(Uni.createFrom().item(change));
                        }
                    }
                    return Uni.join().all(resolved).andFailFast()
                            .map(changes -> new ListingPage(changes, page.nextPage(), page.syncCursor()));
                });
    }

    /** One page's transaction: the changes, the run's progress and, after the last page, the run's end. */
    private Uni<Void> apply(Context context, String owner, ListingPage page) {
        UUID linkId = context.target().id;
        Instant now = clock.instant();
        return Conflicts.retried(() -> Panache.withTransaction(() -> Panache.getSession().chain(session -> renewed(session, linkId, owner)
                .chain(() -> links.findById(linkId))
                .chain(link -> runs.findById(context.runId()).chain(run -> current(link, run, context) ? applier
                        .apply(session, link, run, page.changes(), context.publish(), now)
                        .chain(counts -> {
                            run.created += counts.created();
                            run.updated += counts.updated();
                            run.deleted += counts.deleted();
                            run.pages++;
                            run.pageCursor = page.nextPage();
                            return page.isLast() && run.kind != SyncKind.FULL ? succeed(session, link, run, page, now)
                                    : Uni.createFrom().voidItem();
                        }) : Uni.createFrom().failure(new RunSupersededException(linkId)))))))
                .invoke(outbox::committed)
                .chain(() -> page.isLast() && context.kind() == SyncKind.FULL ? finishFull(context, owner, page)
                        : Uni.createFrom().voidItem());
    }

    /**
     * Ends a complete full listing: what it lacked, it deletes. But an event can be missing from the listing
     * only because it moved out of the window (no incremental listing saw it move): each one is looked up at
     * the provider first, and one that still exists is an update, never a deletion.
     */
    private Uni<Void> finishFull(Context context, String owner, ListingPage page) {
        UUID linkId = context.target().id;
        return Panache.withSession(() -> links.findById(linkId).chain(link -> runs.findById(context.runId())
                .chain(run -> applier.sweep(link, run))))
                .chain(sweep -> stillThere(context, sweep.stale()))
                .chain(found -> Conflicts.retried(() -> Panache.withTransaction(() -> Panache.getSession()
                        .chain(session -> renewed(session, linkId, owner)
                                .chain(() -> links.findById(linkId))
                                .chain(link -> runs.findById(context.runId()).chain(run -> current(link, run, context)
                                        ? finish(session, context, link, run, page, found, clock.instant())
                                        : Uni.createFrom().failure(new RunSupersededException(linkId))))))))
                .invoke(outbox::committed);
    }

    /** The stale events the provider still has, as it has them now (looked up four at a time). */
    private Uni<Map<String, ProviderEvent>> stillThere(Context context, List<SyncedEvent> stale) {
        if (stale.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Multi.createFrom().iterable(stale.stream().map(event -> event.providerEventId).toList())
                .onItem().transformToUni(id -> calls.call(context.target(), call -> call.api().event(call.token(),
                        context.target().calendarId, id)))
                .merge(4)
                .collect().in(HashMap<String, ProviderEvent>::new, (map, found) -> found.ifPresent(event -> map.put(event.providerEventId(), event)));
    }

    private Uni<Void> finish(Mutiny.Session session, Context context, CalendarLink link, SyncRun run, ListingPage page,
            Map<String, ProviderEvent> stillThere, Instant now) {
        return applier.sweep(link, run).chain(sweep -> {
            List<ListingPage.Change> moved = new ArrayList<>();
            List<SyncedEvent> gone = new ArrayList<>();
            for (SyncedEvent event : sweep.stale()) {
                ProviderEvent current = stillThere.get(event.providerEventId);
                if (current != null) {
                    moved.add(new ListingPage.Upsert(current));
                } else {
                    gone.add(event);
                }
            }
            // The guard weighs deletions against what was stored before this run, not what it just added.
            long storedBefore = Math.max(0, sweep.storedInWindow() - run.created);
            boolean tooMany = gone.size() > config.massDeleteShare() * storedBefore && storedBefore >= config.massDeleteMinimum();
            if (tooMany && !run.allowMassDelete) {
                return halt(session, link, run, gone.size(), storedBefore, now);
            }
            return applier.apply(session, link, run, moved, context.publish(), now)
                    .chain(counts -> {
                        run.updated += counts.updated();
                        return applier.removeStale(session, link, new PageApplier.Sweep(gone, sweep.leftWindow(), storedBefore),
                                context.publish(), now);
                    })
                    .chain(counts -> {
                        run.deleted += counts.deleted();
                        return succeed(session, link, run, page, now);
                    });
        });
    }

    private Uni<Void> succeed(Mutiny.Session session, CalendarLink link, SyncRun run, ListingPage page, Instant now) {
        link.syncCursor = page.syncCursor();
        if (run.kind == SyncKind.FULL) {
            link.baselineFrom = run.windowFrom;
            link.baselineUntil = run.windowUntil;
            link.baselinedAt = now;
        }
        link.lastSuccessAt = now;
        link.consecutiveFailures = 0;
        link.lastFailureAt = null;
        link.lastFailureCategory = null;
        link.lastFailureCode = null;
        link.lastFailureReason = null;
        link.retryAt = null;
        link.nextSyncAt = nextTurn(now);
        link.updatedAt = now;
        run.state = SyncRunState.SUCCEEDED;
        run.finishedAt = now;
        run.failureCategory = null;
        run.failureCode = null;
        run.failureReason = null;
        return events.totals(link.id, now).chain(totals -> {
            link.totalEvents = (int) totals[0];
            link.upcomingEvents = (int) totals[1];
            CalendarSyncedV2 synced = new CalendarSyncedV2(link.connectionId, link.id.toString(), link.provider, link.ownerUserId,
                    link.calendarId, run.kind == SyncKind.FULL, run.created, run.updated, run.deleted, link.totalEvents,
                    link.upcomingEvents, now);
            return outbox.append(session, EventType.CALENDAR_SYNCED_V2, new TenantId(link.tenantId), synced).replaceWithVoid();
        });
    }

    private Uni<Void> halt(Mutiny.Session session, CalendarLink link, SyncRun run, long stale, long stored, Instant now) {
        String reason = "The complete listing lacked " + stale + " of the " + stored
                + " events stored in the window, more than the mass-delete guard allows; nothing was deleted."
                + " Check the calendar, then sync with allowMassDelete.";
        LOG.warnf("Link %s (tenant %s): run %s halted before deleting %d of %d events", link.id, link.tenantId, run.id, stale,
                stored);
        run.state = SyncRunState.HALTED;
        run.finishedAt = now;
        run.pageCursor = null;
        run.failureCategory = FailureCategory.PERMANENT;
        run.failureCode = MASS_DELETE_CODE;
        run.failureReason = reason;
        SyncFailure failure = new SyncFailure(FailureCategory.PERMANENT, MASS_DELETE_CODE, Optional.empty(), reason,
                SyncFailure.Effect.FAIL_RUN);
        return recordFailure(session, link, failure, now).invoke(() -> {
            // Halting again after every backoff helps no one: the link keeps its schedule until someone allows it.
            link.retryAt = null;
            link.nextSyncAt = nextTurn(now);
        });
    }

    /** The stored cursor is gone: the run becomes a full listing over today's window, from its first page. */
    private Uni<Context> resync(Context context, String owner) {
        UUID linkId = context.target().id;
        Instant now = clock.instant();
        SyncWindow today = SyncWindow.around(now, context.settings());
        return Conflicts.retried(() -> Panache.withTransaction(() -> Panache.getSession().chain(session -> renewed(session, linkId, owner)
                .chain(() -> links.findById(linkId))
                .chain(link -> runs.findById(context.runId()).map(run -> {
                    link.syncCursor = null;
                    link.updatedAt = now;
                    run.kind = SyncKind.FULL;
                    run.reason = SyncReason.RESYNC;
                    run.windowFrom = today.from();
                    run.windowUntil = today.until();
                    run.pageCursor = null;
                    return new Context(link, run.id, SyncKind.FULL, today, null, null, context.publish(), context.settings());
                })))));
    }

    /** Records a failure on the link and its run, and tells the CRM. */
    private Uni<Void> failed(Context context, String owner, Throwable cause) {
        SyncFailure failure = SyncFailure.of(cause);
        UUID linkId = context.target().id;
        if (failure.providerCode() != null && failure.providerCode().equals("internal_error")) {
            LOG.errorf(cause, "Link %s: the sync failed unexpectedly", linkId);
        } else {
            LOG.infof("Link %s (tenant %s): sync failed, %s (%s)", linkId, context.target().tenantId, failure.category().wireName(),
                    failure.providerCode());
        }
        Instant now = clock.instant();
        return Conflicts.retried(() -> Panache.withTransaction(() -> Panache.getSession().chain(session -> renewed(session, linkId, owner)
                .chain(() -> links.findById(linkId))
                .chain(link -> runs.findById(context.runId()).chain(run -> {
                    if (failure.effect() != SyncFailure.Effect.RETRY_LATER) {
                        run.state = SyncRunState.FAILED;
                        run.finishedAt = now;
                    }
                    run.failureCategory = failure.category();
                    run.failureCode = failure.providerCode();
                    run.failureReason = failure.reason();
                    return recordFailure(session, link, failure, now);
                })))))
                .invoke(outbox::committed)
                .onFailure(LeaseLostException.class).recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<Void> recordFailure(Mutiny.Session session, CalendarLink link, SyncFailure failure, Instant now) {
        link.consecutiveFailures++;
        link.lastFailureAt = now;
        link.lastFailureCategory = failure.category();
        link.lastFailureCode = failure.providerCode();
        link.lastFailureReason = failure.reason();
        link.updatedAt = now;
        switch (failure.effect()) {
            case PAUSE_NEEDS_REAUTH -> link.connectionIs(ConnectionStatus.NEEDS_REAUTH, now);
            case END_LINK -> link.connectionIs(ConnectionStatus.REVOKED, now);
            case DISABLE_CALENDAR_GONE -> link.disable(LinkStateReason.CALENDAR_GONE, now);
            case RETRY_LATER, FAIL_RUN -> link.retryAt = retryAt(link.consecutiveFailures, failure, now);
        }
        if (failure.category() == FailureCategory.RATE_LIMIT && link.retryAt != null) {
            link.throttle(link.retryAt); // the link's commands wait as long
        }
        Instant retryAt = link.isActive() ? link.retryAt : null;
        CalendarSyncFailedV2 event = new CalendarSyncFailedV2(link.connectionId, link.id.toString(), link.provider,
                link.ownerUserId, link.calendarId, failure.category(), failure.providerCode(),
                CalendarSyncFailedV2.requiredActionFor(failure.category(), failure.calendarGone()), failure.reason(), retryAt,
                link.consecutiveFailures, now);
        return outbox.append(session, EventType.CALENDAR_SYNC_FAILED_V2, new TenantId(link.tenantId), event).replaceWithVoid();
    }

    /** Not before the provider's Retry-After, nor before the backoff of this many consecutive failures. */
    private Instant retryAt(int failures, SyncFailure failure, Instant now) {
        Duration backoff = Backoff.fullJitter(failures, config.backoffMin(), config.backoffMax(),
                bound -> ThreadLocalRandom.current().nextLong(bound));
        Duration wait = failure.retryAfter().filter(asked -> asked.compareTo(backoff) > 0).orElse(backoff);
        return now.plus(wait);
    }

    /** Now plus the interval, spread by ±10 % so that links made together do not stay in step. */
    private Instant nextTurn(Instant now) {
        long interval = config.interval().toMillis();
        long spread = interval / 10;
        return now.plusMillis(interval - spread + ThreadLocalRandom.current().nextLong(2 * spread + 1));
    }

    /** Whether the run still lists what the link syncs (not superseded by another calendar or account). */
    private static boolean current(CalendarLink link, SyncRun run, Context context) {
        return run.state == SyncRunState.RUNNING && link.calendarId.equals(context.target().calendarId)
                && Objects.equals(link.accountFingerprint, context.target().accountFingerprint);
    }

    private Uni<Void> renewed(Mutiny.Session session, UUID linkId, String owner) {
        return leases.renew(session, linkId, owner, config.lease()).map(held -> {
            if (!held) {
                throw new LeaseLostException(linkId);
            }
            return null;
        });
    }
}
