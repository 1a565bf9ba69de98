package com.crm.integrations.sandbox.calendar.service;

import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.crm.integrations.sandbox.calendar.CalendarView;
import com.crm.integrations.sandbox.calendar.Item;
import com.crm.integrations.sandbox.calendar.Recurrence;
import com.crm.integrations.sandbox.calendar.config.CalendarConfig;

/**
 * The parameters of {@code events.list} (PROVIDERS.md §2.1), checked as Google checks them: with {@code syncToken} none of
 * the filters may be sent; {@code orderBy=startTime} needs {@code singleEvents}; {@code timeMax} must follow
 * {@code timeMin}; {@code maxResults} is cut to the largest page.
 */
record GoogleListQuery(Instant timeMin, Instant timeMax, boolean singleEvents, boolean showDeleted, int maxResults, String pageToken,
        String syncToken, String orderBy, String q, String iCalUid, Instant updatedMin, Map<String, String> privateProperties) {

    private static final List<String> NOT_WITH_SYNC_TOKEN = List.of("iCalUID", "orderBy", "privateExtendedProperty", "q",
            "sharedExtendedProperty", "timeMin", "timeMax", "updatedMin");

    static GoogleListQuery parse(Map<String, List<String>> query, CalendarConfig.Google config) {
        String syncToken = first(query, "syncToken");
        if (syncToken != null) {
            for (String parameter : NOT_WITH_SYNC_TOKEN) {
                if (query.containsKey(parameter)) {
                    throw GoogleErrors.invalidParameter(parameter, "The " + parameter + " parameter cannot be used with syncToken.");
                }
            }
        }
        Instant timeMin = instant(query, "timeMin");
        Instant timeMax = instant(query, "timeMax");
        if (timeMin != null && timeMax != null && !timeMax.isAfter(timeMin)) {
            throw GoogleErrors.timeRangeEmpty("timeMax");
        }
        boolean singleEvents = bool(query, "singleEvents");
        String orderBy = first(query, "orderBy");
        if (orderBy != null && !"startTime".equals(orderBy) && !"updated".equals(orderBy)) {
            throw GoogleErrors.invalidParameter("orderBy", "Invalid value for orderBy: " + orderBy);
        }
        if ("startTime".equals(orderBy) && !singleEvents) {
            throw GoogleErrors.badRequest("The requested ordering is not available for the particular query.");
        }
        Map<String, String> privateProperties = new HashMap<>();
        for (String pair : query.getOrDefault("privateExtendedProperty", List.of())) {
            int equals = pair.indexOf('=');
            if (equals < 1) {
                throw GoogleErrors.invalidParameter("privateExtendedProperty", "Invalid value for privateExtendedProperty: " + pair);
            }
            privateProperties.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        return new GoogleListQuery(timeMin, timeMax, singleEvents, bool(query, "showDeleted"), maxResults(query, config),
                first(query, "pageToken"), syncToken, orderBy, first(query, "q"), first(query, "iCalUID"), instant(query, "updatedMin"),
                privateProperties);
    }

    CalendarView view() {
        return singleEvents ? CalendarView.INSTANCES : CalendarView.SERIES;
    }

    /** Whether a full listing shows the item. */
    boolean shows(Item item, ZoneId calendarZone, Recurrence.Limits limits) {
        if (item.removed() && !showDeleted) {
            return false;
        }
        if (iCalUid != null && !iCalUid.equals(item.event().identity().iCalUid())) {
            return false;
        }
        if (updatedMin != null && item.updated().isBefore(updatedMin)) {
            return false;
        }
        Map<String, String> properties = item.event().fields().privateProperties();
        if (!privateProperties.entrySet().stream().allMatch(p -> p.getValue().equals(properties.get(p.getKey())))) {
            return false;
        }
        return (q == null || matches(item)) && CalendarView.within(item, timeMin, timeMax, calendarZone, limits);
    }

    private boolean matches(Item item) {
        String needle = q.toLowerCase(Locale.ROOT);
        return contains(item.summary(), needle) || contains(item.event().fields().description(), needle)
                || contains(item.event().fields().location(), needle);
    }

    private static boolean contains(String text, String needle) {
        return text != null && text.toLowerCase(Locale.ROOT).contains(needle);
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static Instant instant(Map<String, List<String>> query, String name) {
        String value = first(query, name);
        if (value == null) {
            return null;
        }
        return CalendarTimes.instant(value)
                .orElseThrow(() -> GoogleErrors.invalidParameter(name, "Invalid value for " + name + ": RFC 3339 with an offset is required."));
    }

    private static boolean bool(Map<String, List<String>> query, String name) {
        String value = first(query, name);
        if (value == null || "false".equals(value)) {
            return false;
        }
        if ("true".equals(value)) {
            return true;
        }
        throw GoogleErrors.invalidParameter(name, "Invalid value for " + name + ": " + value);
    }

    private static int maxResults(Map<String, List<String>> query, CalendarConfig.Google config) {
        String value = first(query, "maxResults");
        if (value == null) {
            return config.defaultPageSize();
        }
        try {
            int size = Integer.parseInt(value);
            if (size >= 1) {
                return Math.min(size, config.maxPageSize());
            }
        } catch (NumberFormatException notANumber) {
            // refused below
        }
        throw GoogleErrors.invalidParameter("maxResults", "Invalid value for maxResults: " + value);
    }
}
