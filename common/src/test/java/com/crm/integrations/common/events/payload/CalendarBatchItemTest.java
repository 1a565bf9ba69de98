package com.crm.integrations.common.events.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The checks of a batch's item: exactly one of its two ids, each not blank and not too long. */
class CalendarBatchItemTest {

    private static final Instant ONE_PM = Instant.parse("2026-03-05T13:00:00Z");
    private static final CalendarEventFields CALL = new CalendarEventFields("Call with Ada Lovelace", null, null, ONE_PM,
            ONE_PM.plusSeconds(1800), null, null, null, null);

    @Test
    void namesACrmActivityWithItsFields() {
        // When
        CalendarBatchItem item = new CalendarBatchItem("act-8812", null, CALL);
        // Then
        assertEquals("act-8812", item.crmEventId());
        assertEquals(CALL, item.event());
    }

    @Test
    void namesAProviderEventWithoutFields() {
        // When
        CalendarBatchItem item = new CalendarBatchItem(null, "7k2m9q4r1t8v", null);
        // Then
        assertEquals("7k2m9q4r1t8v", item.eventId());
        assertNull(item.crmEventId());
    }

    @Test
    void refusesAnItemThatNamesNoEvent() {
        // When
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new CalendarBatchItem(null, null, CALL));
        // Then
        assertEquals("An item names its event by exactly one of crmEventId and eventId", refused.getMessage());
    }

    @Test
    void refusesAnItemThatNamesItsEventTwice() {
        assertThrows(IllegalArgumentException.class, () -> new CalendarBatchItem("act-8812", "7k2m9q4r1t8v", null));
    }

    @Test
    void refusesBlankIds() {
        // When
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new CalendarBatchItem(" ", null, CALL));
        // Then
        assertEquals("crmEventId must not be blank", refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CalendarBatchItem(null, "\t", null));
    }

    @Test
    void takesTheLongestCrmEventIdBeyondTheBasicPlane() {
        // Given
        String longest = "📅".repeat(CalendarEventCommandV1.CRM_EVENT_ID_MAX_LENGTH); // 400 UTF-16 chars, 200 code points
        // When
        CalendarBatchItem item = new CalendarBatchItem(longest, null, null);
        // Then
        assertEquals(longest, item.crmEventId());
    }

    @Test
    void refusesALongerCrmEventId() {
        // When
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new CalendarBatchItem("a".repeat(201), null, CALL));
        // Then
        assertEquals("crmEventId must be at most 200 characters, was 201", refused.getMessage());
    }

    @Test
    void takesTheLongestEventId() {
        // Given
        String longest = "e".repeat(CalendarBatchItem.EVENT_ID_MAX_LENGTH);
        // When
        CalendarBatchItem item = new CalendarBatchItem(null, longest, null);
        // Then
        assertEquals(longest, item.eventId());
    }

    @Test
    void refusesALongerEventId() {
        // When
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new CalendarBatchItem(null, "e".repeat(1025), null));
        // Then
        assertEquals("eventId must be at most 1024 characters, was 1025", refused.getMessage());
    }
}
