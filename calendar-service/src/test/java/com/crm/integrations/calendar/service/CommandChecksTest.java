package com.crm.integrations.calendar.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.crm.integrations.common.events.payload.CalendarCommandAction;
import com.crm.integrations.common.events.payload.CalendarEventFields;

/** Which commands may be stored: each rule of {@link CommandChecks} with a command that breaks it and one that keeps it. */
class CommandChecksTest {

    private static final Instant NINE = Instant.parse("2026-12-03T09:00:00Z");
    private static final Instant TEN = Instant.parse("2026-12-03T10:00:00Z");
    private static final LocalDate DAY = LocalDate.parse("2026-12-03");

    static List<Arguments> refused() {
        return List.of(
                Arguments.of(CalendarCommandAction.CREATE, fields(null, NINE, TEN, null, null, null, null), "event.title"),
                Arguments.of(CalendarCommandAction.CREATE, fields(" ", NINE, TEN, null, null, null, null), "event.title"),
                Arguments.of(CalendarCommandAction.CREATE, fields("Visit", null, null, null, null, null, null), "a create needs"),
                Arguments.of(CalendarCommandAction.CREATE, fields("Visit", NINE, null, null, null, null, null), "go together"),
                Arguments.of(CalendarCommandAction.CREATE, fields("Visit", TEN, NINE, null, null, null, null), "event.endsAt"),
                Arguments.of(CalendarCommandAction.CREATE, fields("Visit", null, null, true, DAY, null, null), "both startDate"),
                Arguments.of(CalendarCommandAction.CREATE, fields("Visit", null, null, true, DAY, DAY, null), "event.endDate"),
                Arguments.of(CalendarCommandAction.CREATE, fields("Visit", NINE, TEN, true, DAY, DAY.plusDays(1), null), "not startsAt"),
                Arguments.of(CalendarCommandAction.CREATE, fields("Visit", NINE, TEN, null, DAY, DAY.plusDays(1), null), "go with allDay"),
                Arguments.of(CalendarCommandAction.CREATE, fields("Visit", NINE, TEN, null, null, null, "Mars/Olympus"), "event.timeZone"),
                Arguments.of(CalendarCommandAction.CREATE, fields("Visit", NINE, TEN, null, null, null, "CET-ish"), "event.timeZone"),
                Arguments.of(CalendarCommandAction.CREATE, fields("x".repeat(1025), NINE, TEN, null, null, null, null), "at most 1024"),
                Arguments.of(CalendarCommandAction.UPDATE, fields(null, null, null, null, null, null, null), "at least one field"),
                Arguments.of(CalendarCommandAction.UPDATE, fields(null, null, null, null, null, null, "Europe/Berlin"), "changes only with"),
                Arguments.of(CalendarCommandAction.UPDATE, fields(null, null, TEN, null, null, null, null), "go together"),
                Arguments.of(CalendarCommandAction.UPDATE, null, "event: required"));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void refusesWhatCannotBeWritten(CalendarCommandAction action, CalendarEventFields fields, String named) {
        // When
        List<String> problems = CommandChecks.problems(action, fields);
        // Then
        assertTrue(problems.stream().anyMatch(problem -> problem.contains(named)), problems.toString());
    }

    static List<Arguments> taken() {
        return List.of(
                Arguments.of(CalendarCommandAction.CREATE, fields("Visit", NINE, TEN, null, null, null, null)),
                Arguments.of(CalendarCommandAction.CREATE, fields("Visit", NINE, NINE, false, null, null, "Europe/Berlin")),
                Arguments.of(CalendarCommandAction.CREATE, fields("Visit", null, null, true, DAY, DAY.plusDays(1), "UTC")),
                Arguments.of(CalendarCommandAction.UPDATE, fields("Renamed", null, null, null, null, null, null)),
                Arguments.of(CalendarCommandAction.UPDATE, new CalendarEventFields(null, "", null, null, null, null, null, null, null)),
                Arguments.of(CalendarCommandAction.UPDATE, fields(null, NINE, TEN, null, null, null, "America/New_York")),
                Arguments.of(CalendarCommandAction.DELETE, null));
    }

    @ParameterizedTest
    @MethodSource("taken")
    void takesWhatCanBeWritten(CalendarCommandAction action, CalendarEventFields fields) {
        assertEquals(List.of(), CommandChecks.problems(action, fields));
    }

    private static CalendarEventFields fields(String title, Instant startsAt, Instant endsAt, Boolean allDay, LocalDate startDate,
            LocalDate endDate, String zone) {
        return new CalendarEventFields(title, null, null, startsAt, endsAt, allDay, startDate, endDate, zone);
    }
}
