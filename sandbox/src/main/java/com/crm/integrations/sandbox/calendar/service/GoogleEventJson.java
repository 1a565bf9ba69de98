package com.crm.integrations.sandbox.calendar.service;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.crm.integrations.sandbox.calendar.EventFields;
import com.crm.integrations.sandbox.calendar.Item;
import com.crm.integrations.sandbox.calendar.Span;
import com.crm.integrations.sandbox.calendar.StoredCalendar;

/** Google's Event resource (PROVIDERS.md §2.3) and the envelopes around it, field for field. */
final class GoogleEventJson {

    private static final List<Map<String, Object>> DEFAULT_REMINDERS = List.of(reminder());

    private GoogleEventJson() {
    }

    /**
     * A removed item in a listing carries only what a deleted event is guaranteed to (id, status, etag, updated; an
     * occurrence its series and original start); {@code full} shows it whole, as {@code events.get} does.
     */
    static Map<String, Object> event(Item item, StoredCalendar calendar, String account, boolean full) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("kind", "calendar#event");
        event.put("etag", CalendarIds.googleEtag(item));
        event.put("id", item.id());
        EventFields fields = item.event().fields();
        event.put("status", item.removed() ? "cancelled" : fields.tentative() ? "tentative" : "confirmed");
        ZoneId zone = item.zone(calendar.zone());
        if (item.removed() && !full) {
            event.put("updated", CalendarTimes.GOOGLE_STAMP.format(item.updated()));
            occurrenceOf(event, item, zone);
            return event;
        }
        event.put("htmlLink", "https://www.google.com/calendar/event?eid="
                + Base64.getUrlEncoder().withoutPadding().encodeToString((item.id() + " " + calendar.id()).getBytes(StandardCharsets.UTF_8)));
        event.put("created", CalendarTimes.GOOGLE_STAMP.format(item.event().identity().created()));
        event.put("updated", CalendarTimes.GOOGLE_STAMP.format(item.updated()));
        putIfSet(event, "summary", item.summary());
        putIfSet(event, "description", fields.description());
        putIfSet(event, "location", fields.location());
        event.put("creator", Map.of("email", account, "self", true));
        Map<String, Object> organizer = new LinkedHashMap<>();
        organizer.put("email", calendar.id());
        if (!calendar.primary()) {
            organizer.put("displayName", calendar.name());
        }
        organizer.put("self", true);
        event.put("organizer", organizer);
        boolean withZone = fields.zone() != null;
        event.put("start", time(item.span(), true, zone, withZone));
        event.put("end", time(item.span(), false, zone, withZone));
        if (item.occurrence() == null && fields.recurrence() != null) {
            event.put("recurrence", List.of(fields.recurrence().rule()));
        }
        occurrenceOf(event, item, zone);
        event.put("iCalUID", item.event().identity().iCalUid());
        event.put("sequence", item.event().sequence());
        if (!fields.privateProperties().isEmpty()) {
            event.put("extendedProperties", Map.of("private", fields.privateProperties()));
        }
        event.put("reminders", Map.of("useDefault", true));
        event.put("eventType", "default");
        return event;
    }

    /** The {@code calendar#events} envelope; exactly one of the two tokens is set. */
    static Map<String, Object> events(StoredCalendar calendar, List<Map<String, Object>> items, String nextPageToken, String nextSyncToken) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", "calendar#events");
        body.put("etag", "\"" + calendar.updated().toEpochMilli() + "000\"");
        body.put("summary", calendar.name());
        body.put("updated", CalendarTimes.GOOGLE_STAMP.format(calendar.updated()));
        body.put("timeZone", calendar.zone().getId());
        body.put("accessRole", "owner");
        body.put("defaultReminders", DEFAULT_REMINDERS);
        putIfSet(body, "nextPageToken", nextPageToken);
        putIfSet(body, "nextSyncToken", nextSyncToken);
        body.put("items", items);
        return body;
    }

    /** The {@code calendar#calendarList}, primary calendar first. */
    static Map<String, Object> calendarList(Collection<StoredCalendar> calendars) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", "calendar#calendarList");
        body.put("etag", "\"" + calendars.iterator().next().created().toEpochMilli() + "000\"");
        body.put("items", calendars.stream().map(GoogleEventJson::calendarListEntry).toList());
        return body;
    }

    /** One {@code calendar#calendarListEntry}: {@code primary} only on the primary calendar, as Google sends it. */
    static Map<String, Object> calendarListEntry(StoredCalendar calendar) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("kind", "calendar#calendarListEntry");
        entry.put("etag", "\"" + calendar.created().toEpochMilli() + "000\"");
        entry.put("id", calendar.id());
        entry.put("summary", calendar.name());
        entry.put("timeZone", calendar.zone().getId());
        entry.put("accessRole", "owner");
        entry.put("defaultReminders", DEFAULT_REMINDERS);
        if (calendar.primary()) {
            entry.put("primary", true);
        }
        return entry;
    }

    private static void occurrenceOf(Map<String, Object> event, Item item, ZoneId zone) {
        if (item.occurrence() != null) {
            event.put("recurringEventId", item.event().id());
            event.put("originalStartTime", time(item.occurrence().originalSpan(), true, zone, true));
        }
    }

    /** {@code {"date"}} for an all-day span, else {@code {"dateTime", "timeZone"?}} with the zone's offset at that instant. */
    static Map<String, Object> time(Span span, boolean start, ZoneId zone, boolean withZone) {
        Map<String, Object> time = new LinkedHashMap<>();
        if (span.allDay()) {
            time.put("date", (start ? span.startDate() : span.endDate()).toString());
            return time;
        }
        time.put("dateTime", CalendarTimes.GOOGLE_DATE_TIME.format((start ? span.start() : span.end()).atZone(zone)));
        if (withZone) {
            time.put("timeZone", zone.getId());
        }
        return time;
    }

    private static Map<String, Object> reminder() {
        Map<String, Object> reminder = new LinkedHashMap<>();
        reminder.put("method", "popup");
        reminder.put("minutes", 10);
        return reminder;
    }

    private static void putIfSet(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
