package com.crm.integrations.sandbox.calendar;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How a listing sees a calendar: {@link #SERIES} shows single events, series masters and each series' exceptions
 * (Google without {@code singleEvents}); {@link #INSTANCES} shows single events and every occurrence (Google's
 * {@code singleEvents=true}, Graph's calendarView). Removed items (deleted events, cancelled occurrences) are included,
 * marked; listings decide whether to show them.
 */
public enum CalendarView {
    SERIES, INSTANCES;

    /** The items of one event version. */
    public List<Item> items(StoredEvent event, ZoneId calendarZone, Recurrence.Limits limits) {
        if (!event.recurring()) {
            return List.of(new Item(event, null, event.deleted()));
        }
        List<Item> items = new ArrayList<>();
        if (this == SERIES) {
            items.add(new Item(event, null, event.deleted()));
            if (event.occurrenceChanges().isEmpty()) {
                return items;
            }
        }
        for (Occurrence occurrence : Occurrences.of(event, calendarZone, limits)) {
            if (this == INSTANCES || event.occurrenceChanges().containsKey(occurrence.key())) {
                items.add(new Item(event, occurrence, occurrence.cancelled()));
            }
        }
        return items;
    }

    /** Every item of the calendar as it is now, removed ones included. */
    public List<Item> all(StoredCalendar calendar, Recurrence.Limits limits) {
        List<Item> items = new ArrayList<>();
        for (StoredEvent event : calendar.events()) {
            items.addAll(items(event, calendar.zone(), limits));
        }
        return items;
    }

    /**
     * What changed after change {@code since}: the current form of every item touched later (removed when deleted or
     * cancelled), and, removed, every item of the earlier version that no longer exists (a series shortened or moved).
     * In the order of the changes.
     */
    public List<Item> changedSince(StoredCalendar calendar, long since, Recurrence.Limits limits) {
        List<Item> changed = new ArrayList<>();
        for (StoredEvent event : calendar.changedSince(since)) {
            Set<String> current = new HashSet<>();
            for (Item item : items(event, calendar.zone(), limits)) {
                current.add(item.id());
                if (item.seq() > since) {
                    changed.add(item);
                }
            }
            StoredEvent before = event.versionAt(since);
            if (before != null && !before.deleted()) {
                for (Item item : items(before, calendar.zone(), limits)) {
                    if (!current.contains(item.id())) {
                        changed.add(item.asRemoved());
                    }
                }
            }
        }
        return changed;
    }

    /**
     * Whether the item takes place between {@code min} (exclusive, against its end) and {@code max} (exclusive, against
     * its start): a series master when one of its occurrences does.
     */
    public static boolean within(Item item, Instant min, Instant max, ZoneId calendarZone, Recurrence.Limits limits) {
        ZoneId zone = item.zone(calendarZone);
        if (item.occurrence() != null || !item.event().recurring()) {
            return item.span().overlaps(min, max, zone);
        }
        return Occurrences.of(item.event(), calendarZone, limits).stream().anyMatch(o -> o.originalSpan().overlaps(min, max, zone));
    }

    /** An item by its id: the event itself, or one of its occurrences ({@code <seriesId>_<key>}). */
    public static Optional<Item> find(StoredCalendar calendar, String id, Recurrence.Limits limits) {
        Optional<StoredEvent> event = calendar.event(id);
        if (event.isPresent()) {
            return Optional.of(new Item(event.get(), null, event.get().deleted()));
        }
        int underscore = id.lastIndexOf('_');
        if (underscore < 1) {
            return Optional.empty();
        }
        String key = id.substring(underscore + 1);
        return calendar.event(id.substring(0, underscore))
                .filter(StoredEvent::recurring)
                .flatMap(series -> Occurrences.of(series, calendar.zone(), limits).stream().filter(o -> o.key().equals(key)).findFirst())
                .map(occurrence -> new Item(occurrence.series(), occurrence, occurrence.cancelled()));
    }
}
