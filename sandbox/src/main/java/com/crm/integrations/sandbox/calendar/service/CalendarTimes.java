package com.crm.integrations.sandbox.calendar.service;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/** Time stamps as each provider writes them, and the time zone names they take. */
public final class CalendarTimes {

    /** Google's {@code created}/{@code updated}: milliseconds, UTC. */
    public static final DateTimeFormatter GOOGLE_STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    /** Google's {@code dateTime}: with the zone's offset ({@code Z} for UTC). */
    public static final DateTimeFormatter GOOGLE_DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
    /** Graph's {@code createdDateTime}/{@code lastModifiedDateTime}: seven fractional digits, UTC. */
    public static final DateTimeFormatter GRAPH_STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(ZoneOffset.UTC);
    /** Graph's {@code dateTimeTimeZone.dateTime}: local, seven fractional digits, no offset. */
    public static final DateTimeFormatter GRAPH_LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS");

    /** Windows zone names Graph takes besides IANA ones; a small common subset. */
    private static final Map<String, String> WINDOWS_ZONES = Map.ofEntries(Map.entry("UTC", "UTC"),
            Map.entry("W. Europe Standard Time", "Europe/Berlin"), Map.entry("Romance Standard Time", "Europe/Paris"),
            Map.entry("Central Europe Standard Time", "Europe/Budapest"), Map.entry("GMT Standard Time", "Europe/London"),
            Map.entry("Eastern Standard Time", "America/New_York"), Map.entry("Central Standard Time", "America/Chicago"),
            Map.entry("Mountain Standard Time", "America/Denver"), Map.entry("Pacific Standard Time", "America/Los_Angeles"),
            Map.entry("Tokyo Standard Time", "Asia/Tokyo"), Map.entry("India Standard Time", "Asia/Kolkata"),
            Map.entry("AUS Eastern Standard Time", "Australia/Sydney"));

    private CalendarTimes() {
    }

    /** An IANA zone, or (Graph) one of the common Windows names; empty when neither. */
    public static Optional<ZoneId> zone(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZoneId.of(WINDOWS_ZONES.getOrDefault(name, name)));
        } catch (DateTimeException unknown) {
            return Optional.empty();
        }
    }

    /** RFC 3339 with its mandatory offset; empty when malformed or without one. */
    public static Optional<Instant> instant(String value) {
        try {
            return Optional.of(OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException | NullPointerException malformed) {
            return Optional.empty();
        }
    }

    /**
     * A date-time with an offset, or a local one read in {@code zone}; empty when malformed, or local without a zone.
     */
    public static Optional<Instant> instant(String value, ZoneId zone) {
        Optional<Instant> withOffset = instant(value);
        if (withOffset.isPresent() || zone == null) {
            return withOffset;
        }
        try {
            return Optional.of(LocalDateTime.parse(value).atZone(zone).toInstant());
        } catch (DateTimeParseException | NullPointerException malformed) {
            return Optional.empty();
        }
    }

    /** Whether {@code value} is a date-time that carries an offset. */
    public static boolean hasOffset(String value) {
        return instant(value).isPresent();
    }
}
