package com.crm.integrations.sandbox.calendar.service;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.crm.integrations.sandbox.calendar.CalendarAccount;
import com.crm.integrations.sandbox.calendar.EventFields;
import com.crm.integrations.sandbox.calendar.Occurrence;
import com.crm.integrations.sandbox.calendar.OccurrenceChange;
import com.crm.integrations.sandbox.calendar.Occurrences;
import com.crm.integrations.sandbox.calendar.Recurrence;
import com.crm.integrations.sandbox.calendar.Span;
import com.crm.integrations.sandbox.calendar.StoredCalendar;
import com.crm.integrations.sandbox.calendar.StoredEvent;
import com.crm.integrations.sandbox.provider.Provider;

/** The control API's view of what is stored, the same for both providers: the stand-in's truth, not a provider's JSON. */
final class ControlViews {

    private ControlViews() {
    }

    static Map<String, Object> calendar(StoredCalendar calendar) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", calendar.id());
        view.put("name", calendar.name());
        view.put("timeZone", calendar.zone().getId());
        view.put("primary", calendar.primary());
        return view;
    }

    /**
     * {@code version}: the event's etag (Google) or change key (Graph) now; {@code status}: confirmed, tentative or
     * deleted; {@code occurrences}: the series' cancelled and changed occurrences.
     */
    static Map<String, Object> event(CalendarAccount account, StoredCalendar calendar, StoredEvent event, Recurrence.Limits limits) {
        EventFields fields = event.fields();
        ZoneId zone = fields.zoneOr(calendar.zone());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", event.id());
        view.put("calendarId", calendar.id());
        view.put("title", fields.summary());
        view.put("description", fields.description());
        view.put("location", fields.location());
        view.put("allDay", fields.span().allDay());
        view.put("start", time(fields.span(), true, zone));
        view.put("end", time(fields.span(), false, zone));
        view.put("zone", zone.getId());
        view.put("rrule", fields.recurrence() == null ? null : fields.recurrence().rule());
        view.put("status", event.deleted() ? "deleted" : fields.tentative() ? "tentative" : "confirmed");
        view.put("created", CalendarTimes.GOOGLE_STAMP.format(event.identity().created()));
        view.put("updated", CalendarTimes.GOOGLE_STAMP.format(event.fieldsUpdated()));
        view.put("version", account.provider() == Provider.GOOGLE
                ? CalendarIds.googleEtag(event.fieldsSeq(), event.fieldsUpdated())
                : CalendarIds.changeKey(account.salt(), event.fieldsSeq()));
        view.put("privateProperties", fields.privateProperties());
        view.put("transactionId", event.identity().transactionId());
        view.put("iCalUid", event.identity().iCalUid());
        List<Map<String, Object>> occurrences = new ArrayList<>();
        if (!event.occurrenceChanges().isEmpty()) {
            for (Occurrence occurrence : Occurrences.of(event, calendar.zone(), limits)) {
                OccurrenceChange change = event.occurrenceChanges().get(occurrence.key());
                if (change != null) {
                    occurrences.add(occurrence(occurrence, change, zone));
                }
            }
        }
        view.put("occurrences", occurrences);
        return view;
    }

    private static Map<String, Object> occurrence(Occurrence occurrence, OccurrenceChange change, ZoneId zone) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", occurrence.id());
        view.put("originalStart", time(occurrence.originalSpan(), true, zone));
        view.put("status", change.cancelled() ? "cancelled" : "changed");
        view.put("title", occurrence.summary());
        view.put("start", time(occurrence.span(), true, zone));
        view.put("end", time(occurrence.span(), false, zone));
        return view;
    }

    /** A date, or a date-time with the zone's offset. */
    static String time(Span span, boolean start, ZoneId zone) {
        if (span.allDay()) {
            return (start ? span.startDate() : span.endDate()).toString();
        }
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format((start ? span.start() : span.end()).atZone(zone));
    }
}
