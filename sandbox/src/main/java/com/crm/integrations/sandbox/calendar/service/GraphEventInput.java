package com.crm.integrations.sandbox.calendar.service;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Set;

import com.crm.integrations.sandbox.calendar.EventFields;
import com.crm.integrations.sandbox.calendar.Span;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads Graph's event JSON into an event's fields, as create (start and end required) and PATCH (only the properties
 * present) do: {@code subject}, {@code body}, {@code start}/{@code end} ({@code dateTimeTimeZone}), {@code isAllDay}
 * (midnight to midnight), {@code location.displayName}, {@code showAs}, {@code recurrence} (daily and weekly),
 * {@code singleValueExtendedProperties} ({@link GraphExtendedProperties}). Other properties are ignored.
 */
final class GraphEventInput {

    private static final Set<String> SHOW_AS = Set.of("free", "tentative", "busy", "oof", "workingElsewhere", "unknown");

    private GraphEventInput() {
    }

    static EventFields read(JsonNode body, EventFields.Builder into, boolean patch, String clientRequestId) {
        if (body.has("subject")) {
            into.summary(body.get("subject").isNull() ? null : body.get("subject").asText());
        }
        if (body.has("body")) {
            into.description(body.path("body").path("content").asText(null));
            into.bodyType("html".equalsIgnoreCase(body.path("body").path("contentType").asText()) ? "html" : "text");
        }
        if (body.has("location")) {
            into.location(body.path("location").path("displayName").asText(null));
        }
        if (body.has("showAs")) {
            String showAs = body.get("showAs").asText();
            if (!SHOW_AS.contains(showAs)) {
                throw GraphErrors.badRequest("Invalid value for showAs: " + showAs, clientRequestId);
            }
            into.showAs(showAs);
        }
        if (body.has("recurrence")) {
            try {
                into.recurrence(body.get("recurrence").isNull() ? null : GraphRecurrence.read(body.get("recurrence")));
            } catch (IllegalArgumentException unsupported) {
                throw GraphErrors.badRequest("recurrence: " + unsupported.getMessage(), clientRequestId);
            }
        }
        GraphExtendedProperties.read(body, into, clientRequestId);
        readTimes(body, into, patch, clientRequestId);
        return into.build();
    }

    private static void readTimes(JsonNode body, EventFields.Builder into, boolean patch, String clientRequestId) {
        if (!patch && (!body.hasNonNull("start") || !body.hasNonNull("end"))) {
            throw GraphErrors.badRequest("An event needs start and end.", clientRequestId);
        }
        if (!body.has("start") && !body.has("end") && !body.has("isAllDay")) {
            return;
        }
        Span current = into.span();
        boolean allDay = body.has("isAllDay") ? body.get("isAllDay").asBoolean() : current != null && current.allDay();
        ZoneId zone = body.has("start") ? zone(body.get("start"), clientRequestId) : into.zone();
        ZoneId endZone = body.has("end") ? zone(body.get("end"), clientRequestId) : zone;
        LocalDateTime start = body.has("start") ? local(body.get("start"), clientRequestId) : local(current, true, zone);
        LocalDateTime end = body.has("end") ? local(body.get("end"), clientRequestId) : local(current, false, endZone);
        Span span;
        if (allDay) {
            if (!start.toLocalTime().equals(LocalTime.MIDNIGHT) || !end.toLocalTime().equals(LocalTime.MIDNIGHT)) {
                throw GraphErrors.badRequest("An all-day event starts and ends at midnight.", clientRequestId);
            }
            span = Span.allDay(start.toLocalDate(), end.toLocalDate());
        } else {
            Instant startAt = start.atZone(zone).toInstant();
            span = Span.timed(startAt, end.atZone(endZone).toInstant());
        }
        if (span.empty()) {
            throw GraphErrors.badRequest("The event's end is before its start.", clientRequestId);
        }
        into.span(span).zone(zone);
    }

    private static ZoneId zone(JsonNode time, String clientRequestId) {
        String name = time.path("timeZone").asText("UTC");
        return CalendarTimes.zone(name).orElseThrow(
                () -> GraphErrors.refusal(400, "TimeZoneNotSupportedException", "A valid TimeZone value must be specified.", clientRequestId));
    }

    private static LocalDateTime local(JsonNode time, String clientRequestId) {
        try {
            return LocalDateTime.parse(time.path("dateTime").asText());
        } catch (DateTimeParseException malformed) {
            throw GraphErrors.badRequest("Invalid dateTime: " + time.path("dateTime").asText(), clientRequestId);
        }
    }

    private static LocalDateTime local(Span span, boolean start, ZoneId zone) {
        if (span.allDay()) {
            return (start ? span.startDate() : span.endDate()).atStartOfDay();
        }
        return LocalDateTime.ofInstant(start ? span.start() : span.end(), zone);
    }
}
