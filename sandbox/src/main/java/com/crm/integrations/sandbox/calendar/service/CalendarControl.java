package com.crm.integrations.sandbox.calendar.service;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.sandbox.calendar.CalendarAccount;
import com.crm.integrations.sandbox.calendar.EventEdit;
import com.crm.integrations.sandbox.calendar.EventFields;
import com.crm.integrations.sandbox.calendar.EventSeed;
import com.crm.integrations.sandbox.calendar.Occurrence;
import com.crm.integrations.sandbox.calendar.OccurrenceEdit;
import com.crm.integrations.sandbox.calendar.Occurrences;
import com.crm.integrations.sandbox.calendar.Span;
import com.crm.integrations.sandbox.calendar.StoredCalendar;
import com.crm.integrations.sandbox.calendar.StoredEvent;
import com.crm.integrations.sandbox.calendar.config.CalendarConfig;
import com.crm.integrations.sandbox.error.InvalidRequestException;
import com.crm.integrations.sandbox.error.NotFoundException;
import com.crm.integrations.sandbox.provider.Provider;

/**
 * What a test does as the user in the provider's own calendar UI (the control API): calendars, events made, edited,
 * deleted, occurrences cancelled or moved, many events seeded at once, the stored truth listed, and the account's sync
 * state expired. Each change is a change of the account like an API client's, so it shows in the next sync.
 */
@Singleton
public class CalendarControl {

    private static final Logger LOG = Logger.getLogger(CalendarControl.class);

    private final CalendarStore store;
    private final EventChanges changes;
    private final Listings listings;
    private final CalendarTraffic traffic;
    private final ItemFaults itemFaults;
    private final int maxSeedCount;

    CalendarControl(CalendarStore store, EventChanges changes, Listings listings, CalendarTraffic traffic, ItemFaults itemFaults,
            CalendarConfig config) {
        this.store = store;
        this.itemFaults = itemFaults;
        this.changes = changes;
        this.listings = listings;
        this.traffic = traffic;
        this.maxSeedCount = config.maxSeedCount();
    }

    public Map<String, Object> addCalendar(Provider provider, String account, String name, String timeZone) {
        if (name == null || name.isBlank()) {
            throw new InvalidRequestException("name is required");
        }
        ZoneId zone = timeZone == null ? store.defaultZone() : ControlEventInput.zone(timeZone);
        return store.withAccount(provider, account, state -> ControlViews.calendar(changes.addCalendar(state, name, zone)));
    }

    public List<Map<String, Object>> calendars(Provider provider, String account) {
        return store.withAccount(provider, account, state -> state.calendars().stream().map(ControlViews::calendar).toList());
    }

    public Map<String, Object> create(Provider provider, String account, EventEdit edit) {
        return store.withAccount(provider, account, state -> {
            StoredCalendar calendar = calendar(state, edit.calendarId());
            EventFields fields = ControlEventInput.create(edit, calendar.zone(), provider);
            StoredEvent event = changes.create(state, calendar, null, null, edit.transactionId(), fields);
            return ControlViews.event(state, calendar, event, store.limits());
        });
    }

    /** @param calendarId where to look; {@code null}: every calendar of the account */
    public Map<String, Object> edit(Provider provider, String account, String calendarId, String eventId, EventEdit edit) {
        return store.withAccount(provider, account, state -> {
            StoredEvent event = liveEvent(state, calendarId, eventId);
            StoredCalendar calendar = state.calendar(event.calendarId()).orElseThrow();
            StoredEvent edited = changes.edit(state, calendar, event, ControlEventInput.edit(event.fields(), edit, calendar.zone(), provider));
            return ControlViews.event(state, calendar, edited, store.limits());
        });
    }

    public void delete(Provider provider, String account, String calendarId, String eventId) {
        store.withAccount(provider, account, state -> {
            StoredEvent event = liveEvent(state, calendarId, eventId);
            return changes.delete(state, state.calendar(event.calendarId()).orElseThrow(), event);
        });
    }

    /** Cancels one occurrence ({@code edit} {@code null}) or gives it its own title or time. */
    public Map<String, Object> changeOccurrence(Provider provider, String account, String calendarId, String seriesId, String originalStart,
            OccurrenceEdit edit) {
        return store.withAccount(provider, account, state -> {
            StoredEvent series = liveEvent(state, calendarId, seriesId);
            StoredCalendar calendar = state.calendar(series.calendarId()).orElseThrow();
            ZoneId zone = series.fields().zoneOr(calendar.zone());
            String key = ControlEventInput.occurrenceKey(originalStart, zone);
            Occurrence occurrence = Occurrences.of(series, calendar.zone(), store.limits()).stream().filter(o -> o.key().equals(key))
                    .findFirst().orElseThrow(() -> new NotFoundException("the series has no occurrence at " + originalStart));
            Span span = edit == null || edit.start() == null && edit.end() == null ? null
                    : ControlEventInput.span(edit.start(), edit.end(), null, zone, occurrence.span());
            StoredEvent changed = changes.changeOccurrence(state, calendar, occurrence, edit == null, edit == null ? null : edit.title(), span);
            return ControlViews.event(state, calendar, changed, store.limits());
        });
    }

    /** Every event as stored, deleted ones included, in creation order. */
    public List<Map<String, Object>> events(Provider provider, String account, String calendarId) {
        return store.withAccount(provider, account, state -> calendars(state, calendarId)
                .flatMap(calendar -> calendar.events().stream().map(event -> ControlViews.event(state, calendar, event, store.limits())))
                .toList());
    }

    /** Many single events at once, for paging tests and benchmarks; their ids in order. */
    public List<String> seed(Provider provider, String account, EventSeed seed) {
        int count = seed.count() == null ? 0 : seed.count();
        if (count < 1 || count > maxSeedCount) {
            throw new InvalidRequestException("count must be between 1 and " + maxSeedCount);
        }
        if (seed.start() == null) {
            throw new InvalidRequestException("start is required");
        }
        Duration spacing = Duration.ofMinutes(positive(seed.spacingMinutes(), 60, "spacingMinutes"));
        Duration length = Duration.ofMinutes(positive(seed.durationMinutes(), 30, "durationMinutes"));
        String prefix = seed.titlePrefix() == null ? "Event" : seed.titlePrefix();
        List<String> ids = store.withAccount(provider, account, state -> {
            StoredCalendar calendar = calendar(state, seed.calendarId());
            ZoneId zone = seed.zone() == null ? calendar.zone() : ControlEventInput.zone(seed.zone());
            Instant start = ControlEventInput.instant(seed.start(), zone);
            List<String> created = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                Instant at = start.plus(spacing.multipliedBy(i));
                EventFields fields = EventFields.builder().summary(prefix + " " + (i + 1)).zone(zone).span(Span.timed(at, at.plus(length))).build();
                created.add(changes.create(state, calendar, null, null, null, fields).id());
            }
            return created;
        });
        LOG.infof("Seeded %d calendar events: provider=%s account=%s", count, provider.prefix(), account);
        return ids;
    }

    /** Every sync token, delta token and page of an incremental listing issued so far is refused from now on. */
    public void expireSyncState(Provider provider, String account) {
        store.withAccount(provider, account, state -> {
            state.expireSyncState();
            return null;
        });
        LOG.infof("Calendar sync state expired: provider=%s account=%s", provider.prefix(), account);
    }

    /** The account starts again: no calendars but a new primary, no listings, rules or counts; its tokens are refused. */
    public void resetAccount(Provider provider, String account) {
        store.forget(provider, account);
        listings.forget(provider, account);
        traffic.forget(provider, account);
        itemFaults.clear(provider, account);
    }

    private static long positive(Integer value, int fallback, String name) {
        if (value == null) {
            return fallback;
        }
        if (value < 1 || value > 525_600) {
            throw new InvalidRequestException(name + " must be between 1 and 525600");
        }
        return value;
    }

    private static StoredCalendar calendar(CalendarAccount account, String calendarId) {
        if (calendarId == null || "primary".equals(calendarId)) {
            return account.primary();
        }
        return account.calendar(calendarId).orElseThrow(() -> new NotFoundException("no calendar " + calendarId + " in this account"));
    }

    private static Stream<StoredCalendar> calendars(CalendarAccount account, String calendarId) {
        return calendarId == null ? account.calendars().stream() : Stream.of(calendar(account, calendarId));
    }

    private static StoredEvent liveEvent(CalendarAccount account, String calendarId, String eventId) {
        List<StoredEvent> found = calendars(account, calendarId).flatMap(calendar -> calendar.event(eventId).stream())
                .filter(event -> !event.deleted()).toList();
        if (found.isEmpty()) {
            throw new NotFoundException("no live event " + eventId + " in this account");
        }
        if (found.size() > 1) {
            throw new InvalidRequestException("event " + eventId + " is in several calendars: name one with calendarId");
        }
        return found.get(0);
    }
}
