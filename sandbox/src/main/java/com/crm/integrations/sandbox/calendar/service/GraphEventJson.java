package com.crm.integrations.sandbox.calendar.service;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.crm.integrations.sandbox.calendar.CalendarAccount;
import com.crm.integrations.sandbox.calendar.EventFields;
import com.crm.integrations.sandbox.calendar.Item;
import com.crm.integrations.sandbox.calendar.OccurrenceChange;
import com.crm.integrations.sandbox.calendar.Span;
import com.crm.integrations.sandbox.calendar.StoredCalendar;

/** Graph's event resource (PROVIDERS.md §4.2), its removed form in delta (§4.3) and the calendar resource. */
final class GraphEventJson {

    private GraphEventJson() {
    }

    /** {@code {"@odata.type", "id", "@removed": {"reason": "deleted"}}}: deleted, cancelled, or out of the round's window. */
    static Map<String, Object> removed(Item item) {
        Map<String, Object> removed = new LinkedHashMap<>();
        removed.put("@odata.type", "#microsoft.graph.event");
        removed.put("id", item.id());
        removed.put("@removed", Map.of("reason", "deleted"));
        return removed;
    }

    /** @param zone the zone of {@code start}/{@code end}; {@code null}: the event's own */
    static Map<String, Object> event(Item item, CalendarAccount account, StoredCalendar calendar, GraphCall.Zone zone) {
        EventFields fields = item.event().fields();
        ZoneId own = item.zone(calendar.zone());
        GraphCall.Zone shown = zone != null ? zone : new GraphCall.Zone(own.getId(), own);
        String changeKey = CalendarIds.changeKey(account.salt(), item.seq());
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("@odata.etag", "W/\"" + changeKey + "\"");
        event.put("id", item.id());
        event.put("createdDateTime", CalendarTimes.GRAPH_STAMP.format(item.event().identity().created()));
        event.put("lastModifiedDateTime", CalendarTimes.GRAPH_STAMP.format(item.updated()));
        event.put("changeKey", changeKey);
        event.put("categories", List.of());
        if (item.occurrence() == null && item.event().identity().transactionId() != null) {
            event.put("transactionId", item.event().identity().transactionId());
        }
        event.put("originalStartTimeZone", own.getId());
        event.put("originalEndTimeZone", own.getId());
        event.put("iCalUId", item.occurrence() == null ? item.event().identity().iCalUid()
                : CalendarIds.occurrenceICalUid(item.event().identity().iCalUid(), item.occurrence().originalSpan()));
        event.put("reminderMinutesBeforeStart", 15);
        event.put("isReminderOn", true);
        event.put("subject", item.summary() == null ? "" : item.summary());
        String content = fields.description() == null ? "" : fields.description();
        event.put("bodyPreview", content.length() > 255 ? content.substring(0, 255) : content);
        event.put("importance", "normal");
        event.put("sensitivity", "normal");
        event.put("isAllDay", item.span().allDay());
        event.put("isCancelled", false);
        event.put("isOrganizer", true);
        event.put("seriesMasterId", item.occurrence() == null ? null : item.event().id());
        event.put("showAs", fields.tentative() ? "tentative" : fields.showAs());
        event.put("type", type(item));
        event.put("body", Map.of("contentType", fields.bodyType(), "content", content));
        event.put("start", time(item.span(), true, own, shown));
        event.put("end", time(item.span(), false, own, shown));
        if (item.occurrence() != null) {
            event.put("originalStart", CalendarTimes.GOOGLE_DATE_TIME.format(item.occurrence().originalSpan().startIn(own).atZone(ZoneOffset.UTC)));
        }
        event.put("location", Map.of("displayName", fields.location() == null ? "" : fields.location()));
        event.put("recurrence", item.occurrence() == null && fields.recurrence() != null
                ? GraphRecurrence.json(fields.recurrence(), fields.span(), own)
                : null);
        event.put("attendees", List.of());
        event.put("organizer", Map.of("emailAddress", Map.of("name", calendar.primary() ? displayName(account.account()) : calendar.name(),
                "address", account.account())));
        return event;
    }

    static Map<String, Object> calendar(StoredCalendar calendar, CalendarAccount account) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", calendar.id());
        view.put("name", calendar.name());
        view.put("color", "auto");
        view.put("hexColor", "");
        view.put("isDefaultCalendar", calendar.primary());
        view.put("changeKey", CalendarIds.changeKey(account.salt(), calendar.created().toEpochMilli()));
        view.put("canShare", true);
        view.put("canViewPrivateItems", true);
        view.put("canEdit", true);
        view.put("isRemovable", !calendar.primary());
        view.put("owner", Map.of("name", displayName(account.account()), "address", account.account()));
        return view;
    }

    private static String type(Item item) {
        if (item.occurrence() == null) {
            return item.event().recurring() ? "seriesMaster" : "singleInstance";
        }
        OccurrenceChange change = item.event().occurrenceChanges().get(item.occurrence().key());
        return change != null && !change.cancelled() ? "exception" : "occurrence";
    }

    /**
     * {@code dateTimeTimeZone}: local, without offset, seven fractional digits. An all-day span is midnight to midnight
     * whatever zone is asked for.
     */
    private static Map<String, Object> time(Span span, boolean start, ZoneId own, GraphCall.Zone shown) {
        LocalDateTime local = span.allDay()
                ? (start ? span.startDate() : span.endDate()).atStartOfDay()
                : LocalDateTime.ofInstant(start ? span.startIn(own) : span.endIn(own), shown.zone());
        Map<String, Object> time = new LinkedHashMap<>();
        time.put("dateTime", CalendarTimes.GRAPH_LOCAL.format(local));
        time.put("timeZone", shown.label());
        return time;
    }

    /** {@code ada.lovelace@example.com} → {@code ada.lovelace}: Graph shows the mailbox's display name; the sandbox has none. */
    private static String displayName(String account) {
        int at = account.indexOf('@');
        return at < 0 ? account : account.substring(0, at);
    }
}
