package com.crm.integrations.sandbox.calendar.service;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;

import com.crm.integrations.sandbox.calendar.EventFields;
import com.crm.integrations.sandbox.calendar.Recurrence;
import com.crm.integrations.sandbox.calendar.Span;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads Google's Event JSON into an event's fields, as insert and update (every field, absent ones cleared) and patch
 * (only the fields present; {@code extendedProperties.private} merged key by key) do. Unknown fields are ignored.
 */
final class GoogleEventInput {

    private GoogleEventInput() {
    }

    /** @param into the current fields for a patch, else empty ones */
    static EventFields read(JsonNode body, EventFields.Builder into, boolean patch) {
        if (!body.isObject()) {
            throw GoogleErrors.parseError();
        }
        text(body, "summary", patch, into::summary);
        text(body, "description", patch, into::description);
        text(body, "location", patch, into::location);
        if (body.has("status")) {
            String status = body.get("status").asText();
            if (!"confirmed".equals(status) && !"tentative".equals(status)) {
                throw GoogleErrors.invalid("Invalid value for status: " + status);
            }
            into.tentative("tentative".equals(status));
        }
        if (body.has("recurrence") || !patch) {
            into.recurrence(recurrence(body.get("recurrence")));
        }
        readPrivate(body.path("extendedProperties").path("private"), into, patch);
        readTimes(body, into, patch);
        if (into.recurrence() != null && into.zone() == null) {
            throw GoogleErrors.required("Missing time zone definition for start time.");
        }
        return into.build();
    }

    private static void readTimes(JsonNode body, EventFields.Builder into, boolean patch) {
        JsonNode start = body.get("start");
        JsonNode end = body.get("end");
        if (!patch && (start == null || start.isNull())) {
            throw GoogleErrors.required("Missing start time.");
        }
        if (!patch && (end == null || end.isNull())) {
            throw GoogleErrors.required("Missing end time.");
        }
        if (start == null && end == null) {
            return;
        }
        Span current = into.span();
        ZoneId zone = start != null && start.hasNonNull("timeZone") ? zone(start.get("timeZone").asText(), "start") : into.zone();
        boolean allDay = start != null ? start.hasNonNull("date") : current.allDay();
        if (allDay != (end != null ? end.hasNonNull("date") : current.allDay())) {
            throw GoogleErrors.badRequest("Start and end times must either both be date or both be dateTime.");
        }
        Span span;
        if (allDay) {
            span = Span.allDay(start == null ? current.startDate() : date(start, "start"), end == null ? current.endDate() : date(end, "end"));
        } else {
            ZoneId endZone = end != null && end.hasNonNull("timeZone") ? zone(end.get("timeZone").asText(), "end") : zone;
            span = Span.timed(start == null ? current.start() : dateTime(start, zone, "start"),
                    end == null ? current.end() : dateTime(end, endZone, "end"));
        }
        if (span.empty()) {
            throw GoogleErrors.timeRangeEmpty(null);
        }
        into.span(span).zone(zone);
    }

    private static LocalDate date(JsonNode time, String which) {
        try {
            return LocalDate.parse(time.get("date").asText());
        } catch (DateTimeParseException e) {
            throw GoogleErrors.invalid("Invalid " + which + " time.");
        }
    }

    private static Instant dateTime(JsonNode time, ZoneId zone, String which) {
        if (!time.hasNonNull("dateTime")) {
            throw GoogleErrors.required("Missing " + which + " time.");
        }
        String value = time.get("dateTime").asText();
        if (zone == null && !CalendarTimes.hasOffset(value)) {
            throw GoogleErrors.required("Missing time zone definition for " + which + " time.");
        }
        return CalendarTimes.instant(value, zone).orElseThrow(() -> GoogleErrors.invalid("Invalid " + which + " time."));
    }

    private static ZoneId zone(String name, String which) {
        return CalendarTimes.zone(name).orElseThrow(() -> GoogleErrors.invalid("Invalid time zone definition for " + which + " time."));
    }

    private static Recurrence recurrence(JsonNode lines) {
        if (lines == null || lines.isNull() || lines.isArray() && lines.isEmpty()) {
            return null;
        }
        if (!lines.isArray() || lines.size() != 1 || !lines.get(0).asText().startsWith("RRULE:")) {
            throw GoogleErrors.invalid("Invalid recurrence rule: the sandbox takes one RRULE line, no EXDATE or RDATE.");
        }
        try {
            return Recurrence.parse(lines.get(0).asText());
        } catch (IllegalArgumentException unsupported) {
            throw GoogleErrors.invalid("Invalid recurrence rule: " + unsupported.getMessage());
        }
    }

    private static void readPrivate(JsonNode properties, EventFields.Builder into, boolean patch) {
        if (properties.isMissingNode()) {
            if (!patch) {
                into.privateProperties(Map.of());
            }
            return;
        }
        Map<String, String> merged = new HashMap<>(patch ? into.privateProperties() : Map.of());
        for (Iterator<Map.Entry<String, JsonNode>> fields = properties.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isNull()) {
                merged.remove(field.getKey());
            } else {
                merged.put(field.getKey(), field.getValue().asText());
            }
        }
        into.privateProperties(merged);
    }

    /** Present: its text ({@code null} when JSON null); absent: left as it is in a patch, cleared otherwise. */
    private static void text(JsonNode body, String field, boolean patch, Consumer<String> set) {
        if (body.has(field)) {
            set.accept(body.get(field).isNull() ? null : body.get(field).asText());
        } else if (!patch) {
            set.accept(null);
        }
    }
}
