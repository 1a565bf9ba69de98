package com.crm.integrations.sandbox.calendar;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The part of RFC 5545's RRULE the stand-ins expand: {@code FREQ=DAILY|WEEKLY}, {@code INTERVAL}, {@code COUNT},
 * {@code UNTIL} (a UTC date-time {@code 20250131T235959Z} or a date {@code 20250131}, inclusive) and, weekly,
 * {@code BYDAY=MO,WE}; {@code WKST=MO} is accepted. Occurrences keep their wall-clock time in the event's zone across
 * daylight-saving changes.
 *
 * @param rule as Google shows it in {@code recurrence}: {@code RRULE:FREQ=…}
 */
public record Recurrence(String rule, boolean weekly, int interval, Integer count, Instant untilInstant, LocalDate untilDate,
        Set<DayOfWeek> byDay) {

    private static final DateTimeFormatter UNTIL_INSTANT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Map<String, DayOfWeek> DAYS = Map.of("MO", DayOfWeek.MONDAY, "TU", DayOfWeek.TUESDAY, "WE",
            DayOfWeek.WEDNESDAY, "TH", DayOfWeek.THURSDAY, "FR", DayOfWeek.FRIDAY, "SA", DayOfWeek.SATURDAY, "SU", DayOfWeek.SUNDAY);

    /** How far a series without COUNT or UNTIL is expanded. */
    public record Limits(int maxOccurrences, long horizonDays) {
    }

    /** @throws IllegalArgumentException naming what is not supported or malformed */
    public static Recurrence parse(String text) {
        String body = text.strip();
        if (body.regionMatches(true, 0, "RRULE:", 0, 6)) {
            body = body.substring(6);
        }
        String freq = null;
        int interval = 1;
        Integer count = null;
        Instant untilInstant = null;
        LocalDate untilDate = null;
        Set<DayOfWeek> byDay = EnumSet.noneOf(DayOfWeek.class);
        for (String part : body.split(";")) {
            int equals = part.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("malformed RRULE part '" + part + "'");
            }
            String name = part.substring(0, equals).toUpperCase(Locale.ROOT);
            String value = part.substring(equals + 1).toUpperCase(Locale.ROOT);
            switch (name) {
                case "FREQ" -> freq = value;
                case "INTERVAL" -> interval = positive(name, value);
                case "COUNT" -> count = positive(name, value);
                case "UNTIL" -> {
                    if (value.length() == 8) {
                        untilDate = date(value);
                    } else {
                        untilInstant = instant(value);
                    }
                }
                case "BYDAY" -> byDay.addAll(days(value));
                case "WKST" -> {
                    if (!"MO".equals(value)) {
                        throw new IllegalArgumentException("only WKST=MO is supported");
                    }
                }
                default -> throw new IllegalArgumentException("RRULE part " + name + " is not supported");
            }
        }
        if (!"DAILY".equals(freq) && !"WEEKLY".equals(freq)) {
            throw new IllegalArgumentException("only FREQ=DAILY and FREQ=WEEKLY are supported");
        }
        if (count != null && (untilDate != null || untilInstant != null)) {
            throw new IllegalArgumentException("COUNT and UNTIL exclude each other");
        }
        if (!byDay.isEmpty() && "DAILY".equals(freq)) {
            throw new IllegalArgumentException("BYDAY is supported with FREQ=WEEKLY only");
        }
        return new Recurrence("RRULE:" + body, "WEEKLY".equals(freq), interval, count, untilInstant, untilDate, Set.copyOf(byDay));
    }

    /** The wall-clock starts of the occurrences of a series whose first one starts at {@code first} in {@code zone}. */
    public List<LocalDateTime> starts(LocalDateTime first, ZoneId zone, Limits limits) {
        LocalDateTime horizon = first.plusDays(limits.horizonDays());
        int max = count == null ? limits.maxOccurrences() : Math.min(count, limits.maxOccurrences());
        List<LocalDateTime> starts = new ArrayList<>();
        for (long period = 0; starts.size() < max; period += interval) {
            List<LocalDateTime> candidates = candidates(first, period);
            if (candidates.isEmpty() || candidates.get(0).isAfter(horizon)) {
                return starts;
            }
            for (LocalDateTime candidate : candidates) {
                if (candidate.isBefore(first)) {
                    continue;
                }
                if (candidate.isAfter(horizon) || after(candidate, zone) || starts.size() == max) {
                    return starts;
                }
                starts.add(candidate);
            }
        }
        return starts;
    }

    private List<LocalDateTime> candidates(LocalDateTime first, long period) {
        if (!weekly) {
            return List.of(first.plusDays(period));
        }
        if (byDay.isEmpty()) {
            return List.of(first.plusWeeks(period));
        }
        LocalDateTime monday = first.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).plusWeeks(period);
        return byDay.stream().sorted().map(day -> monday.plusDays(day.getValue() - 1L)).toList();
    }

    private boolean after(LocalDateTime candidate, ZoneId zone) {
        if (untilDate != null) {
            return candidate.toLocalDate().isAfter(untilDate);
        }
        return untilInstant != null && candidate.atZone(zone).toInstant().isAfter(untilInstant);
    }

    private static int positive(String name, String value) {
        try {
            int number = Integer.parseInt(value);
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // refused below
        }
        throw new IllegalArgumentException(name + " must be a whole number of 1 or more");
    }

    private static LocalDate date(String value) {
        try {
            return LocalDate.parse(value, DateTimeFormatter.BASIC_ISO_DATE);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("UNTIL must be yyyyMMdd or yyyyMMdd'T'HHmmss'Z'");
        }
    }

    private static Instant instant(String value) {
        try {
            return Instant.from(UNTIL_INSTANT.parse(value));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("UNTIL must be yyyyMMdd or yyyyMMdd'T'HHmmss'Z'");
        }
    }

    private static Set<DayOfWeek> days(String value) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String day : value.split(",")) {
            DayOfWeek parsed = DAYS.get(day);
            if (parsed == null) {
                throw new IllegalArgumentException("BYDAY takes MO,TU,WE,TH,FR,SA,SU without ordinals");
            }
            days.add(parsed);
        }
        return days;
    }
}
