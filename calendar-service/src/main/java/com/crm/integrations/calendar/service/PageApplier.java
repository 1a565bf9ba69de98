package com.crm.integrations.calendar.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import com.crm.integrations.calendar.CalendarLink;
import com.crm.integrations.calendar.CrmEvent;
import com.crm.integrations.calendar.SyncKind;
import com.crm.integrations.calendar.SyncRun;
import com.crm.integrations.calendar.SyncWindow;
import com.crm.integrations.calendar.SyncedEvent;
import com.crm.integrations.calendar.client.ListingPage;
import com.crm.integrations.calendar.client.ProviderEvent;
import com.crm.integrations.calendar.repository.CalendarCommandRepository;
import com.crm.integrations.calendar.repository.CrmEventRepository;
import com.crm.integrations.calendar.repository.SyncedEventRepository;
import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.payload.CalendarEventChange;
import com.crm.integrations.common.events.payload.CalendarEventChangedV2;
import com.crm.integrations.common.outbox.SessionOutbox;
import com.crm.integrations.common.security.TenantId;

import io.smallrye.mutiny.Uni;

/**
 * Applies one page of a listing to a link's stored events, in the page's transaction, and publishes
 * each change through the outbox. Applying a page twice changes nothing the second time (Graph replays
 * items; a run resumed after a crash may list a page again): an event whose etag is unchanged is not
 * a change.
 * <ul>
 * <li>A new event inside the run's window is stored and published as created; outside it, ignored
 * (Google's incremental listings report changes outside the window of the full listing).</li>
 * <li>A stored event that changed is updated and published, even if it moved out of the window.</li>
 * <li>A removal deletes the stored event and is published; one we never stored (an occurrence
 * cancelled before the first sync) stays hidden. Occurrences are found by id or by series and original
 * start, never by series alone.</li>
 * <li>In a full listing every event returned is marked seen by the run, for the deletion of what the
 * complete listing lacked ({@link #sweep}).</li>
 * </ul>
 */
@ApplicationScoped
public class PageApplier {

    /** What a page or a sweep changed. */
    public record Counts(int created, int updated, int deleted) {
    }

    /** The stale events a complete full listing found, and whether the mass-delete guard lets them go. */
    public record Sweep(List<SyncedEvent> stale, List<SyncedEvent> leftWindow, long storedInWindow) {
    }

    private final SyncedEventRepository events;
    private final CrmEventRepository crmEvents;
    private final CalendarCommandRepository commands;
    private final SessionOutbox outbox;

    public PageApplier(SyncedEventRepository events, CrmEventRepository crmEvents, CalendarCommandRepository commands,
            SessionOutbox outbox) {
        this.events = events;
        this.crmEvents = crmEvents;
        this.commands = commands;
        this.outbox = outbox;
    }

    /**
     * Applies {@code changes} to {@code link}'s events for {@code run}.
     *
     * @param publish whether provider changes reach the CRM (not for a link that only exports)
     */
    public Uni<Counts> apply(Mutiny.Session session, CalendarLink link, SyncRun run, List<ListingPage.Change> changes,
            boolean publish, Instant now) {
        if (changes.isEmpty()) {
            return Uni.createFrom().item(new Counts(0, 0, 0));
        }
        List<String> ids = changes.stream().map(ListingPage.Change::providerEventId).distinct().toList();
        List<String> series = changes.stream().map(PageApplier::seriesOf).filter(Objects::nonNull).distinct().toList();
        List<String> keys = changes.stream()
                .map(change -> change instanceof ListingPage.Upsert upsert ? upsert.event().transactionId() : null)
                .filter(Objects::nonNull).distinct().toList();
        // The CRM's activities first (locked shared: a command settling one waits for this page, or this page for it),
        // then which have a command open, then the stored events: all as of after any such settling.
        return ours(session, link, ids, keys)
                .chain(ours -> events.byProviderIds(link.id, ids)
                        .chain(byId -> events.occurrencesOf(link.id, series).map(occurrences -> new Stored(byId, occurrences, ours))))
                .chain(stored -> {
                    SyncWindow window = new SyncWindow(run.windowFrom, run.windowUntil);
                    Writes writes = new Writes();
                    for (ListingPage.Change change : changes) {
                        applyOne(link, run, window, stored, change, writes, now);
                    }
                    // One call each, whatever the page's size: a chain of a call per event grows the stack with the page.
                    return session.persistAll(writes.persisted.toArray())
                            .chain(() -> session.removeAll(writes.removed.toArray()))
                            .chain(() -> publish
                                    ? outbox.appendAll(session, EventType.CALENDAR_EVENT_CHANGED_V2, new TenantId(link.tenantId),
                                            writes.published)
                                    : Uni.createFrom().item(List.<UUID>of()))
                            .map(appended -> new Counts(writes.created, writes.updated, writes.deleted));
                });
    }

    /** The stored events a complete full listing of {@code run} did not return, in and out of its window. */
    public Uni<Sweep> sweep(CalendarLink link, SyncRun run) {
        SyncWindow window = new SyncWindow(run.windowFrom, run.windowUntil);
        return events.notSeenBy(link.id, run.id).chain(unseen -> events.countInWindow(link.id, window.from(), window.until())
                .map(inWindow -> {
                    List<SyncedEvent> stale = new ArrayList<>();
                    List<SyncedEvent> left = new ArrayList<>();
                    for (SyncedEvent event : unseen) {
                        (window.holds(event.startsAt, event.endsAt) ? stale : left).add(event);
                    }
                    return new Sweep(stale, left, inWindow);
                }));
    }

    /**
     * Deletes what the complete listing lacked and publishes it; removes silently what only left the
     * window (the provider still has it: the CRM must not be told it was deleted). A CRM activity's event with a
     * command open is kept, marked removed, for the command to settle.
     */
    public Uni<Counts> removeStale(Mutiny.Session session, CalendarLink link, Sweep sweep, boolean publish, Instant now) {
        List<String> staleIds = sweep.stale().stream().map(event -> event.providerEventId).toList();
        return ours(session, link, staleIds, List.of()).chain(ours -> {
            List<SyncedEvent> deleted = new ArrayList<>();
            for (SyncedEvent event : sweep.stale()) {
                if (ours.heldBack(event.crmEventId != null ? event.crmEventId : ours.byId().get(event.providerEventId))) {
                    event.removedAtProvider = true;
                } else {
                    deleted.add(event);
                }
            }
            List<CalendarEventChangedV2> published = deleted.stream()
                    .map(event -> SyncEvents.changed(link, event, CalendarEventChange.DELETED, now)).toList();
            List<SyncedEvent> removed = new ArrayList<>(deleted);
            removed.addAll(sweep.leftWindow());
            return session.removeAll(removed.toArray())
                    .chain(() -> publish
                            ? outbox.appendAll(session, EventType.CALENDAR_EVENT_CHANGED_V2, new TenantId(link.tenantId), published)
                            : Uni.createFrom().item(List.<UUID>of()))
                    .map(appended -> new Counts(0, 0, deleted.size()));
        });
    }

    /**
     * The CRM's activities among these events (by the provider's id, or by the key we created them under: Google's
     * event id, Graph's {@code transactionId}), locked shared, and which of them have a command open: a change to
     * one of those is stored but held back, for the command to settle (it may be our own write coming back, or a
     * user's edit the command's conditional write will meet).
     */
    private Uni<Ours> ours(Mutiny.Session session, CalendarLink link, List<String> ids, List<String> keys) {
        return crmEvents.lockForSync(session, link.id, ids, keys).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(Ours.NONE);
            }
            Map<String, String> byId = new HashMap<>();
            Map<String, String> byKey = new HashMap<>();
            for (CrmEvent crmEvent : found) {
                if (crmEvent.providerEventId != null) {
                    byId.put(crmEvent.providerEventId, crmEvent.crmEventId);
                }
                byKey.put(crmEvent.providerKey, crmEvent.crmEventId);
            }
            return commands.openAmong(session, link.tenantId, found.stream().map(crmEvent -> crmEvent.crmEventId).toList())
                    .map(open -> new Ours(byId, byKey, open));
        });
    }

    /** The CRM's activities a page meets: by the provider's id and by our key, and those with a command open. */
    private record Ours(Map<String, String> byId, Map<String, String> byKey, Set<String> open) {

        static final Ours NONE = new Ours(Map.of(), Map.of(), Set.of());

        /** The CRM activity of an incoming event: the one stored with it, else the one it was created for. */
        String of(SyncedEvent stored, ProviderEvent incoming) {
            if (stored != null && stored.crmEventId != null) {
                return stored.crmEventId;
            }
            String found = byId.get(incoming.providerEventId());
            if (found == null) {
                found = byKey.get(incoming.providerEventId());
            }
            if (found == null && incoming.transactionId() != null) {
                found = byKey.get(incoming.transactionId());
            }
            return found != null ? found : incoming.crmEventId();
        }

        boolean heldBack(String crmEventId) {
            return crmEventId != null && open.contains(crmEventId);
        }
    }

    /** What a page does to the store and tells the CRM, decided in memory before it is written. */
    private static final class Writes {
        final List<SyncedEvent> persisted = new ArrayList<>();
        final List<SyncedEvent> removed = new ArrayList<>();
        final Map<String, SyncedEvent> removedById = new HashMap<>();
        final List<CalendarEventChangedV2> published = new ArrayList<>();
        int created;
        int updated;
        int deleted;

        void remove(SyncedEvent event) {
            if (!persisted.remove(event)) { // one the page itself created is simply never written
                removed.add(event);
                removedById.put(event.providerEventId, event);
            }
        }

        /** The event the page removed under this id, taken back (it is listed again after its removal). */
        SyncedEvent takeBack(String providerEventId) {
            SyncedEvent event = removedById.remove(providerEventId);
            if (event != null) {
                removed.remove(event);
            }
            return event;
        }
    }

    private record Stored(Map<String, SyncedEvent> byId, Map<String, SyncedEvent> byOccurrence, Ours ours) {

        Stored(List<SyncedEvent> byId, List<SyncedEvent> occurrences, Ours ours) {
            this(new HashMap<>(), new HashMap<>(), ours);
            byId.forEach(this::add);
            occurrences.forEach(this::add);
        }

        void add(SyncedEvent event) {
            byId.put(event.providerEventId, event);
            if (event.seriesId != null) {
                byOccurrence.put(occurrenceKey(event.seriesId, event.originalStart), event);
            }
        }

        void remove(SyncedEvent event) {
            byId.remove(event.providerEventId);
            if (event.seriesId != null) {
                byOccurrence.remove(occurrenceKey(event.seriesId, event.originalStart));
            }
        }

        SyncedEvent find(String providerEventId, String seriesId, Instant originalStart) {
            SyncedEvent found = byId.get(providerEventId);
            if (found == null && seriesId != null && originalStart != null) {
                found = byOccurrence.get(occurrenceKey(seriesId, originalStart));
            }
            return found;
        }
    }

    private static void applyOne(CalendarLink link, SyncRun run, SyncWindow window, Stored stored, ListingPage.Change change,
            Writes writes, Instant now) {
        if (change instanceof ListingPage.Removal removal) {
            SyncedEvent event = stored.find(removal.providerEventId(), removal.seriesId(), removal.originalStart());
            if (event == null) {
                return;
            }
            if (stored.ours().heldBack(event.crmEventId != null ? event.crmEventId : stored.ours().byId().get(event.providerEventId))) {
                event.removedAtProvider = true; // the open command settles it (our own delete, or the user's)
                return;
            }
            stored.remove(event);
            writes.remove(event);
            writes.deleted++;
            writes.published.add(SyncEvents.changed(link, event, CalendarEventChange.DELETED, now));
            return;
        }
        ProviderEvent incoming = ((ListingPage.Upsert) change).event();
        SyncedEvent event = stored.find(incoming.providerEventId(), incoming.seriesId(), incoming.originalStart());
        String crmEventId = stored.ours().of(event, incoming);
        boolean heldBack = stored.ours().heldBack(crmEventId);
        boolean full = run.kind == SyncKind.FULL;
        if (event == null) {
            if (!window.holds(incoming.startsAt(), incoming.endsAt())) {
                return;
            }
            event = writes.takeBack(incoming.providerEventId());
            if (event == null) {
                event = new SyncedEvent();
                event.id = UUID.randomUUID();
                event.linkId = link.id;
                event.tenantId = link.tenantId;
                event.createdAt = now;
                writes.persisted.add(event);
            }
            copy(incoming, event, now);
            event.crmEventId = crmEventId;
            event.seenRun = full ? run.id : null;
            stored.add(event);
            if (!heldBack) {
                event.crmEtag = event.etag;
                writes.created++;
                writes.published.add(SyncEvents.changed(link, event, CalendarEventChange.CREATED, changedAt(incoming, now)));
            }
            return;
        }
        if (full) {
            event.seenRun = run.id;
        }
        if (Objects.equals(event.etag, incoming.etag()) && event.providerEventId.equals(incoming.providerEventId())
                && !event.removedAtProvider) {
            if (!heldBack && !event.crmKnowsIt()) {
                // Held back for a command that settled without telling it (it met another open command then): told now.
                event.crmEtag = event.etag;
                writes.updated++;
                writes.published.add(SyncEvents.changed(link, event, CalendarEventChange.UPDATED, changedAt(incoming, now)));
            }
            return;
        }
        stored.remove(event);
        copy(incoming, event, now);
        event.removedAtProvider = false;
        if (crmEventId != null) {
            event.crmEventId = crmEventId;
        }
        stored.add(event);
        if (!heldBack) {
            event.crmEtag = event.etag;
            writes.updated++;
            writes.published.add(SyncEvents.changed(link, event, CalendarEventChange.UPDATED, changedAt(incoming, now)));
        }
    }

    static void copy(ProviderEvent from, SyncedEvent to, Instant now) {
        to.providerEventId = from.providerEventId();
        to.icalUid = from.icalUid();
        to.etag = from.etag();
        to.title = from.title();
        to.status = from.status();
        to.allDay = from.allDay();
        to.startsAt = from.startsAt();
        to.endsAt = from.endsAt();
        to.startDate = from.startDate();
        to.endDate = from.endDate();
        to.timeZone = from.timeZone();
        to.seriesId = from.seriesId();
        to.originalStart = from.originalStart();
        if (from.crmEventId() != null) {
            to.crmEventId = from.crmEventId();
        }
        to.providerUpdatedAt = from.updatedAt();
        to.updatedAt = now;
    }

    private static Instant changedAt(ProviderEvent event, Instant now) {
        return event.updatedAt() != null ? event.updatedAt() : now;
    }

    private static String seriesOf(ListingPage.Change change) {
        if (change instanceof ListingPage.Removal removal) {
            return removal.seriesId();
        }
        return ((ListingPage.Upsert) change).event().seriesId();
    }

    static String occurrenceKey(String seriesId, Instant originalStart) {
        return seriesId + '\n' + originalStart;
    }
}
