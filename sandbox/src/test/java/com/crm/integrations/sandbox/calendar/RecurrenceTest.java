package com.crm.integrations.sandbox.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

class RecurrenceTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Recurrence.Limits LIMITS = new Recurrence.Limits(730, 730);
    private static final LocalDateTime WEDNESDAY = LocalDateTime.of(2025, 3, 5, 9, 0);

    @Test
    void repeatsDailyEveryIntervalDaysCountTimes() {
        // When
        List<LocalDateTime> starts = Recurrence.parse("RRULE:FREQ=DAILY;INTERVAL=2;COUNT=3").starts(WEDNESDAY, BERLIN, LIMITS);

        // Then
        assertEquals(List.of(WEDNESDAY, WEDNESDAY.plusDays(2), WEDNESDAY.plusDays(4)), starts);
    }

    @Test
    void repeatsWeeklyOnTheGivenDaysFromTheFirstStart() {
        // When
        List<LocalDateTime> starts = Recurrence.parse("FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=4").starts(WEDNESDAY, BERLIN, LIMITS);

        // Then
        assertEquals(List.of(WEDNESDAY, WEDNESDAY.plusDays(2), WEDNESDAY.plusDays(5), WEDNESDAY.plusDays(7)), starts);
    }

    @Test
    void repeatsEveryOtherWeekOnTheStartsDay() {
        // When
        List<LocalDateTime> starts = Recurrence.parse("FREQ=WEEKLY;INTERVAL=2;COUNT=2").starts(WEDNESDAY, BERLIN, LIMITS);

        // Then
        assertEquals(List.of(WEDNESDAY, WEDNESDAY.plusWeeks(2)), starts);
    }

    @Test
    void stopsAtAnInclusiveUntilDateOrInstant() {
        // When
        List<LocalDateTime> byDate = Recurrence.parse("FREQ=DAILY;UNTIL=20250307").starts(WEDNESDAY, BERLIN, LIMITS);
        List<LocalDateTime> byInstant = Recurrence.parse("FREQ=DAILY;UNTIL=20250307T080000Z").starts(WEDNESDAY, BERLIN, LIMITS);

        // Then
        assertEquals(3, byDate.size());
        assertEquals(3, byInstant.size(), "09:00 in Berlin is 08:00Z in March");
    }

    @Test
    void stopsAnEndlessSeriesAtTheConfiguredLimits() {
        // When
        List<LocalDateTime> starts = Recurrence.parse("FREQ=DAILY").starts(WEDNESDAY, BERLIN, new Recurrence.Limits(1000, 10));

        // Then
        assertEquals(11, starts.size());
        assertEquals(5, Recurrence.parse("FREQ=DAILY").starts(WEDNESDAY, BERLIN, new Recurrence.Limits(5, 100)).size());
    }

    @Test
    void refusesWhatItDoesNotExpand() {
        // Then
        assertThrows(IllegalArgumentException.class, () -> Recurrence.parse("FREQ=MONTHLY;COUNT=2"));
        assertThrows(IllegalArgumentException.class, () -> Recurrence.parse("FREQ=WEEKLY;BYDAY=1MO"));
        assertThrows(IllegalArgumentException.class, () -> Recurrence.parse("FREQ=DAILY;COUNT=2;UNTIL=20250101"));
        assertThrows(IllegalArgumentException.class, () -> Recurrence.parse("FREQ=DAILY;BYMONTHDAY=3"));
        assertThrows(IllegalArgumentException.class, () -> Recurrence.parse("FREQ=DAILY;COUNT=0"));
    }
}
