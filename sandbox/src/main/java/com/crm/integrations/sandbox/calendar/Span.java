package com.crm.integrations.sandbox.calendar;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * When an event or one occurrence takes place: two instants, or two dates for an all-day event (end date exclusive, as
 * both providers have it). An all-day span becomes instants only in a zone: midnight there.
 */
public record Span(Instant start, Instant end, LocalDate startDate, LocalDate endDate) {

    private static final DateTimeFormatter TIMED_KEY = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_KEY = DateTimeFormatter.BASIC_ISO_DATE;

    public Span {
        if ((start == null) == (startDate == null) || (start == null) != (end == null) || (startDate == null) != (endDate == null)) {
            throw new IllegalArgumentException("a span is two instants or two dates");
        }
    }

    public static Span timed(Instant start, Instant end) {
        return new Span(start.truncatedTo(ChronoUnit.SECONDS), end.truncatedTo(ChronoUnit.SECONDS), null, null);
    }

    public static Span allDay(LocalDate start, LocalDate end) {
        return new Span(null, null, start, end);
    }

    public boolean allDay() {
        return startDate != null;
    }

    /** Whether it ends before it starts: refused as an empty time range (all-day: it must last a day at least). */
    public boolean empty() {
        return allDay() ? !endDate.isAfter(startDate) : end.isBefore(start);
    }

    public Instant startIn(ZoneId zone) {
        return allDay() ? startDate.atStartOfDay(zone).toInstant() : start;
    }

    public Instant endIn(ZoneId zone) {
        return allDay() ? endDate.atStartOfDay(zone).toInstant() : end;
    }

    /** Google's events.list rule: it ends after {@code min} and starts before {@code max}; a {@code null} bound is open. */
    public boolean overlaps(Instant min, Instant max, ZoneId zone) {
        return (min == null || endIn(zone).isAfter(min)) && (max == null || startIn(zone).isBefore(max));
    }

    /** The wall-clock start in {@code zone} (midnight of the start date for an all-day span). */
    public LocalDateTime localStart(ZoneId zone) {
        return allDay() ? startDate.atStartOfDay() : LocalDateTime.ofInstant(start, zone);
    }

    /** The same length, starting at the wall-clock time {@code localStart} in {@code zone} (all-day: on that date). */
    public Span movedTo(LocalDateTime localStart, ZoneId zone) {
        if (allDay()) {
            LocalDate date = localStart.toLocalDate();
            return allDay(date, date.plusDays(ChronoUnit.DAYS.between(startDate, endDate)));
        }
        Instant moved = localStart.atZone(zone).toInstant();
        return timed(moved, moved.plus(Duration.between(start, end)));
    }

    /** How an occurrence starting here is named in instance ids: {@code yyyyMMdd'T'HHmmss'Z'} in UTC, or {@code yyyyMMdd}. */
    public String occurrenceKey() {
        return allDay() ? DATE_KEY.format(startDate) : TIMED_KEY.format(start);
    }
}
