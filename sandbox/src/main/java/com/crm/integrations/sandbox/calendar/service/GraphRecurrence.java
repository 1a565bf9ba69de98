package com.crm.integrations.sandbox.calendar.service;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.crm.integrations.sandbox.calendar.Recurrence;
import com.crm.integrations.sandbox.calendar.Span;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Graph's {@code patternedRecurrence} for the rules the stand-ins expand: {@code daily} and {@code weekly} patterns
 * (with {@code interval}, {@code daysOfWeek}), ranges {@code noEnd}, {@code endDate} (inclusive) and {@code numbered}.
 */
final class GraphRecurrence {

    private GraphRecurrence() {
    }

    /** The rule as a series master shows it. */
    static Map<String, Object> json(Recurrence rule, Span first, ZoneId zone) {
        Map<String, Object> pattern = new LinkedHashMap<>();
        pattern.put("type", rule.weekly() ? "weekly" : "daily");
        pattern.put("interval", rule.interval());
        pattern.put("month", 0);
        pattern.put("dayOfMonth", 0);
        pattern.put("daysOfWeek", rule.byDay().stream().sorted().map(day -> day.name().toLowerCase(Locale.ROOT)).toList());
        pattern.put("firstDayOfWeek", "monday");
        pattern.put("index", "first");
        Map<String, Object> range = new LinkedHashMap<>();
        LocalDate startDate = first.localStart(zone).toLocalDate();
        range.put("type", rule.count() != null ? "numbered" : rule.untilDate() != null || rule.untilInstant() != null ? "endDate" : "noEnd");
        range.put("startDate", startDate.toString());
        LocalDate end = rule.untilDate() != null ? rule.untilDate() : rule.untilInstant() == null ? null : rule.untilInstant().atZone(zone).toLocalDate();
        range.put("endDate", end == null ? "0001-01-01" : end.toString());
        range.put("recurrenceTimeZone", zone.getId());
        range.put("numberOfOccurrences", rule.count() == null ? 0 : rule.count());
        Map<String, Object> recurrence = new LinkedHashMap<>();
        recurrence.put("pattern", pattern);
        recurrence.put("range", range);
        return recurrence;
    }

    /** @throws IllegalArgumentException naming what is not supported or malformed */
    static Recurrence read(JsonNode recurrence) {
        JsonNode pattern = recurrence.path("pattern");
        JsonNode range = recurrence.path("range");
        String type = pattern.path("type").asText();
        if (!"daily".equals(type) && !"weekly".equals(type)) {
            throw new IllegalArgumentException("the sandbox expands daily and weekly patterns only");
        }
        List<String> parts = new ArrayList<>();
        parts.add("FREQ=" + type.toUpperCase(Locale.ROOT));
        parts.add("INTERVAL=" + Math.max(1, pattern.path("interval").asInt(1)));
        if ("weekly".equals(type) && pattern.path("daysOfWeek").size() > 0) {
            List<String> days = new ArrayList<>();
            for (JsonNode day : pattern.path("daysOfWeek")) {
                days.add(DayOfWeek.valueOf(day.asText().toUpperCase(Locale.ROOT)).name().substring(0, 2));
            }
            parts.add("BYDAY=" + String.join(",", days));
        }
        switch (range.path("type").asText("noEnd")) {
            case "numbered" -> parts.add("COUNT=" + range.path("numberOfOccurrences").asInt());
            case "endDate" -> {
                try {
                    parts.add("UNTIL=" + LocalDate.parse(range.path("endDate").asText()).toString().replace("-", ""));
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("range.endDate must be a date");
                }
            }
            case "noEnd" -> {
                // nothing to add
            }
            default -> throw new IllegalArgumentException("range.type must be noEnd, endDate or numbered");
        }
        return Recurrence.parse(String.join(";", parts));
    }
}
