package com.crm.integrations.sandbox.calendar.service;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import com.crm.integrations.sandbox.calendar.EventEdit;
import com.crm.integrations.sandbox.calendar.EventFields;
import com.crm.integrations.sandbox.calendar.Recurrence;
import com.crm.integrations.sandbox.calendar.Span;
import com.crm.integrations.sandbox.error.InvalidRequestException;
import com.crm.integrations.sandbox.provider.Provider;

/** Reads the control API's event bodies ({@link EventEdit}) into fields, as a user's edit in the provider's own UI. */
final class ControlEventInput {

    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern KEY = Pattern.compile("\\d{8}(T\\d{6}Z)?");
    private static final Duration DEFAULT_LENGTH = Duration.ofHours(1);

    private ControlEventInput() {
    }

    static EventFields create(EventEdit edit, ZoneId calendarZone, Provider provider) {
        if (edit.start() == null) {
            throw new InvalidRequestException("start is required");
        }
        ZoneId zone = edit.zone() == null ? calendarZone : zone(edit.zone());
        EventFields.Builder fields = EventFields.builder().zone(zone).span(span(edit, zone, null))
                .privateProperties(properties(edit.privateProperties(), provider));
        text(edit, fields);
        if (edit.rrule() != null && !edit.rrule().isEmpty()) {
            fields.recurrence(rule(edit.rrule()));
        }
        return fields.build();
    }

    static EventFields edit(EventFields current, EventEdit edit, ZoneId calendarZone, Provider provider) {
        if (edit.transactionId() != null || edit.calendarId() != null) {
            throw new InvalidRequestException("transactionId and calendarId are set on creation only");
        }
        ZoneId before = current.zoneOr(calendarZone);
        ZoneId zone = edit.zone() == null ? before : zone(edit.zone());
        EventFields.Builder fields = current.toBuilder().zone(edit.zone() == null ? current.zone() : zone);
        text(edit, fields);
        Span span = current.span();
        if (edit.start() != null || edit.end() != null || edit.allDay() != null) {
            span = span(edit, zone, span);
        } else if (!span.allDay() && !zone.equals(before)) {
            span = span.movedTo(span.localStart(before), zone); // a new zone keeps the wall-clock time
        }
        fields.span(span);
        if (edit.rrule() != null) {
            fields.recurrence(edit.rrule().isEmpty() ? null : rule(edit.rrule()));
        }
        if (edit.privateProperties() != null) {
            fields.privateProperties(properties(edit.privateProperties(), provider));
        }
        return fields.build();
    }

    /**
     * Google's private extended properties as given; at Microsoft the event's single-value extended properties, keyed
     * by their id ({@code String {guid} Name crmId}, made canonical).
     */
    private static Map<String, String> properties(Map<String, String> given, Provider provider) {
        if (given == null || provider != Provider.MICROSOFT) {
            return given;
        }
        Map<String, String> byId = new HashMap<>();
        given.forEach((id, value) -> byId.put(GraphExtendedProperties.canonicalId(id).orElseThrow(() -> new InvalidRequestException(
                "privateProperties of a Microsoft event are its singleValueExtendedProperties: '" + id
                        + "' is not an id such as 'String {66f5a359-4659-4638-ad5c-2c5ba7a2b6c4} Name crmId'")), value));
        return byId;
    }

    /** A new span from {@code start}/{@code end}/{@code allDay}; what is absent comes from {@code current} (its length kept). */
    static Span span(EventEdit edit, ZoneId zone, Span current) {
        return span(edit.start(), edit.end(), edit.allDay(), zone, current);
    }

    static Span span(String start, String end, Boolean allDayFlag, ZoneId zone, Span current) {
        boolean allDay = allDayFlag != null ? allDayFlag : start != null ? DATE.matcher(start).matches() : current.allDay();
        Span span;
        if (allDay) {
            LocalDate startDate = start != null ? date(start) : current.allDay() ? current.startDate() : current.localStart(zone).toLocalDate();
            long days = current != null && current.allDay() ? Math.max(1, current.endDate().toEpochDay() - current.startDate().toEpochDay()) : 1;
            span = Span.allDay(startDate, end != null ? date(end) : startDate.plusDays(days));
        } else {
            if (start == null && current.allDay()) {
                throw new InvalidRequestException("start is required to give an all-day event a time");
            }
            Instant startAt = start != null ? instant(start, zone) : current.start();
            Duration length = current != null && !current.allDay() ? Duration.between(current.start(), current.end()) : DEFAULT_LENGTH;
            span = Span.timed(startAt, end != null ? instant(end, zone) : startAt.plus(length));
        }
        if (span.empty()) {
            throw new InvalidRequestException("end must not come before start (an all-day event lasts a day at least)");
        }
        return span;
    }

    /**
     * An occurrence's original start as the control API names it: its key ({@code 20250115T080000Z},
     * {@code 20250115}), a date (all-day series), or a date-time with an offset or local in the series' zone.
     */
    static String occurrenceKey(String originalStart, ZoneId zone) {
        if (KEY.matcher(originalStart).matches()) {
            return originalStart;
        }
        if (DATE.matcher(originalStart).matches()) {
            return Span.allDay(date(originalStart), date(originalStart).plusDays(1)).occurrenceKey();
        }
        Instant at = instant(originalStart, zone);
        return Span.timed(at, at).occurrenceKey();
    }

    static ZoneId zone(String name) {
        return CalendarTimes.zone(name).orElseThrow(() -> new InvalidRequestException("zone must be an IANA time zone such as Europe/Berlin"));
    }

    static Instant instant(String value, ZoneId zone) {
        return CalendarTimes.instant(value, zone).orElseThrow(
                () -> new InvalidRequestException("'" + value + "' must be a date-time such as 2025-01-15T09:00:00 or 2025-01-15T09:00:00Z"));
    }

    private static void text(EventEdit edit, EventFields.Builder fields) {
        if (edit.title() != null) {
            fields.summary(edit.title());
        }
        if (edit.description() != null) {
            fields.description(edit.description());
        }
        if (edit.location() != null) {
            fields.location(edit.location());
        }
    }

    private static Recurrence rule(String rrule) {
        try {
            return Recurrence.parse(rrule);
        } catch (IllegalArgumentException unsupported) {
            throw new InvalidRequestException("rrule: " + unsupported.getMessage());
        }
    }

    private static LocalDate date(String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("'" + value + "' must be a date such as 2025-01-15");
        }
    }
}
