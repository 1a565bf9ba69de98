package com.crm.integrations.common.events.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The checks of calendar.batch-command.v1 (and its filter): what makes a command one job. What each item must carry for
 * the operation is calendar-service's to check, so the record takes any item with any operation.
 */
class CalendarBatchCommandV1Test {

    private static final String LINK = "0f8e2d4c-6b1a-4c9e-8d7f-3a2b1c0d9e8f";
    private static final Instant ONE_PM = Instant.parse("2026-03-05T13:00:00Z");
    private static final CalendarBatchItem CALL = new CalendarBatchItem("act-8812", null, new CalendarEventFields(
            "Call with Ada Lovelace", null, null, ONE_PM, ONE_PM.plusSeconds(1800), null, null, null, null));
    private static final CalendarBatchItem PROVIDER_EVENT = new CalendarBatchItem(null, "7k2m9q4r1t8v", null);
    private static final CalendarBatchFilter ENDED = new CalendarBatchFilter(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void takesItems() {
        // When
        CalendarBatchCommandV1 command = command(CalendarCommandAction.CREATE, List.of(CALL), null);
        // Then
        assertEquals(List.of(CALL), command.items());
        assertNull(command.filter());
    }

    @Test
    void takesAFilterForADelete() {
        // When
        CalendarBatchCommandV1 command = command(CalendarCommandAction.DELETE, null, ENDED);
        // Then
        assertEquals(ENDED, command.filter());
        assertNull(command.items());
    }

    @Test
    void takesAFilterWithNoItems() {
        // When
        CalendarBatchCommandV1 command = command(CalendarCommandAction.DELETE, List.of(), ENDED);
        // Then
        assertEquals(List.of(), command.items());
    }

    @Test
    void takesAnyItemWithAnyOperation() {
        // When
        CalendarBatchCommandV1 command = command(CalendarCommandAction.CREATE, List.of(PROVIDER_EVENT), null);
        // Then
        assertEquals(List.of(PROVIDER_EVENT), command.items());
    }

    @Test
    void takesFiveHundredItems() {
        // Given
        List<CalendarBatchItem> items = Collections.nCopies(CalendarBatchCommandV1.MAX_ITEMS, PROVIDER_EVENT);
        // When
        CalendarBatchCommandV1 command = command(CalendarCommandAction.DELETE, items, null);
        // Then
        assertEquals(500, command.items().size());
    }

    @Test
    void refusesMoreThanFiveHundredItems() {
        // Given
        List<CalendarBatchItem> items = Collections.nCopies(CalendarBatchCommandV1.MAX_ITEMS + 1, PROVIDER_EVENT);
        // When
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> command(CalendarCommandAction.DELETE, items, null));
        // Then
        assertEquals("A command carries at most 500 items, was 501: send several, or POST /calendar/batches (up to 5,000)",
                refused.getMessage());
    }

    @Test
    void keepsItsItemsFromChangesOfTheList() {
        // Given
        List<CalendarBatchItem> items = new ArrayList<>(List.of(CALL));
        CalendarBatchCommandV1 command = command(CalendarCommandAction.CREATE, items, null);
        // When
        items.add(PROVIDER_EVENT);
        // Then
        assertEquals(List.of(CALL), command.items());
    }

    @Test
    void refusesANullItem() {
        // Given
        List<CalendarBatchItem> items = new ArrayList<>(List.of(CALL));
        items.add(null);
        // When
        NullPointerException refused = assertThrows(NullPointerException.class,
                () -> command(CalendarCommandAction.CREATE, items, null));
        // Then
        assertEquals("items[1] is required", refused.getMessage());
    }

    @Test
    void refusesACommandWithoutEvents() {
        // When
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> command(CalendarCommandAction.DELETE, null, null));
        // Then
        assertEquals("A batch without a filter names its events in items (at least one)", refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> command(CalendarCommandAction.DELETE, List.of(), null));
    }

    @Test
    void refusesItemsTogetherWithAFilter() {
        // When
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> command(CalendarCommandAction.DELETE, List.of(PROVIDER_EVENT), ENDED));
        // Then
        assertEquals("A batch takes its events from items or from a filter, not both", refused.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = CalendarCommandAction.class, names = {"CREATE", "UPDATE"})
    void refusesAFilterForACreateOrAnUpdate(CalendarCommandAction operation) {
        // When
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> command(operation, null, ENDED));
        // Then
        assertEquals("Only a delete or a move takes a filter, not a " + operation.wireName(), refused.getMessage());
    }

    @Test
    void refusesADestinationForAnOperationOtherThanAMove() {
        // When
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new CalendarBatchCommandV1("user-42", null, null, CalendarCommandAction.DELETE, "archive", null, ENDED));
        // Then
        assertEquals("destinationCalendarId is given only for a move, not for a delete", refused.getMessage());
    }

    @Test
    void refusesABlankDestination() {
        assertThrows(IllegalArgumentException.class,
                () -> new CalendarBatchCommandV1("user-42", null, null, CalendarCommandAction.DELETE, " ", null, ENDED));
    }

    @Test
    void takesALinkAndAProvider() {
        // When
        CalendarBatchCommandV1 command = new CalendarBatchCommandV1("user-42", LINK, CalendarProvider.GOOGLE,
                CalendarCommandAction.UPDATE, null, List.of(CALL), null);
        // Then
        assertEquals(LINK, command.linkId());
        assertEquals(CalendarProvider.GOOGLE, command.provider());
    }

    @Test
    void refusesALinkIdThatIsNotACanonicalUuid() {
        // When
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> new CalendarBatchCommandV1(
                "user-42", LINK.toUpperCase(), null, CalendarCommandAction.CREATE, null, List.of(CALL), null));
        // Then
        assertEquals("linkId must be a UUID in canonical form (8-4-4-4-12 lower-case hex digits)", refused.getMessage());
    }

    @Test
    void requiresTheUser() {
        assertThrows(NullPointerException.class,
                () -> new CalendarBatchCommandV1(null, null, null, CalendarCommandAction.CREATE, null, List.of(CALL), null));
        assertThrows(IllegalArgumentException.class,
                () -> new CalendarBatchCommandV1("\u2003", null, null, CalendarCommandAction.CREATE, null, List.of(CALL), null));
    }

    @Test
    void requiresTheOperation() {
        // When
        NullPointerException refused = assertThrows(NullPointerException.class,
                () -> new CalendarBatchCommandV1("user-42", null, null, null, null, List.of(CALL), null));
        // Then
        assertEquals("operation is required", refused.getMessage());
    }

    @Test
    void filterRequiresItsInstant() {
        // When
        NullPointerException refused = assertThrows(NullPointerException.class, () -> new CalendarBatchFilter(null));
        // Then
        assertEquals("endedBefore is required", refused.getMessage());
    }

    private static CalendarBatchCommandV1 command(CalendarCommandAction operation, List<CalendarBatchItem> items,
            CalendarBatchFilter filter) {
        return new CalendarBatchCommandV1("user-42", null, null, operation, null, items, filter);
    }
}
