package com.crm.integrations.calendar.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

/** How Google's and Graph's listing pages read, in the shapes PROVIDERS.md §2.3 and §4.2 give. */
class ProviderPagesTest {

    @Test
    void readsAGoogleTimedEventWithItsOffset() {
        // Given
        JsonObject page = new JsonObject("""
                {"kind":"calendar#events","nextPageToken":"p2","items":[
                 {"kind":"calendar#event","etag":"\\"3412\\"","id":"ev1","status":"confirmed","summary":"Call with ACME",
                  "updated":"2026-01-02T10:15:30.123Z","iCalUID":"ev1@google.com",
                  "start":{"dateTime":"2026-01-15T09:00:00+01:00","timeZone":"Europe/Berlin"},
                  "end":{"dateTime":"2026-01-15T09:30:00+01:00","timeZone":"Europe/Berlin"},
                  "extendedProperties":{"private":{"crmId":"act-1"}}}]}""");

        // When
        ListingPage read = GoogleCalendarApi.page(page);

        // Then
        assertFalse(read.isLast());
        assertEquals("p2", read.nextPage());
        ProviderEvent event = ((ListingPage.Upsert) read.changes().get(0)).event();
        assertEquals(Instant.parse("2026-01-15T08:00:00Z"), event.startsAt(), "09:00 Berlin in winter is 08:00Z");
        assertEquals("\"3412\"", event.etag());
        assertEquals("act-1", event.crmEventId());
        assertEquals("Europe/Berlin", event.timeZone());
        assertFalse(event.allDay());
    }

    @Test
    void readsGoogleAllDayEventsAsDatesAndTheLastPagesSyncToken() {
        // Given
        JsonObject page = new JsonObject("""
                {"nextSyncToken":"s1","items":[{"id":"day","etag":"\\"1\\"","status":"confirmed",
                  "start":{"date":"2026-07-01"},"end":{"date":"2026-07-03"}}]}""");

        // When
        ListingPage read = GoogleCalendarApi.page(page);

        // Then
        assertTrue(read.isLast());
        assertEquals("s1", read.syncCursor());
        ProviderEvent event = ((ListingPage.Upsert) read.changes().get(0)).event();
        assertTrue(event.allDay());
        assertEquals(LocalDate.parse("2026-07-01"), event.startDate());
        assertEquals(LocalDate.parse("2026-07-03"), event.endDate(), "the end date is exclusive, as Google gives it");
        assertEquals(Instant.parse("2026-07-01T00:00:00Z"), event.startsAt());
    }

    @Test
    void readsACancelledGoogleOccurrenceAsTheRemovalOfThatOccurrence() {
        // Given: a cancelled instance carries little more than its id, series and original start
        JsonObject page = new JsonObject("""
                {"nextSyncToken":"s2","items":[{"id":"series_20260112T090000Z","status":"cancelled",
                  "recurringEventId":"series","originalStartTime":{"dateTime":"2026-01-12T10:00:00+01:00"}},
                 {"id":"gone","status":"cancelled"}]}""");

        // When
        ListingPage read = GoogleCalendarApi.page(page);

        // Then
        ListingPage.Removal occurrence = assertInstanceOf(ListingPage.Removal.class, read.changes().get(0));
        assertEquals("series", occurrence.seriesId());
        assertEquals(Instant.parse("2026-01-12T09:00:00Z"), occurrence.originalStart());
        assertFalse(occurrence.mayStillExist());
        ListingPage.Removal deleted = assertInstanceOf(ListingPage.Removal.class, read.changes().get(1));
        assertNull(deleted.seriesId());
    }

    @Test
    void readsGraphTimesInUtcAndOccurrencesWithTheirSeries() {
        // Given
        JsonObject page = new JsonObject("""
                {"@odata.nextLink":"https://graph.example/delta?$skiptoken=x","value":[
                 {"id":"AAMk1","changeKey":"ck1","iCalUId":"ical1","subject":"Standup","type":"occurrence",
                  "seriesMasterId":"AAMkS","originalStart":"2026-06-01T07:00:00Z","isAllDay":false,"isCancelled":false,
                  "lastModifiedDateTime":"2026-05-30T10:15:30.7654321Z","transactionId":"crm-act-9",
                  "start":{"dateTime":"2026-06-01T07:00:00.0000000","timeZone":"UTC"},
                  "end":{"dateTime":"2026-06-01T07:15:00.0000000","timeZone":"UTC"}}]}""");

        // When
        ListingPage read = GraphCalendarApi.page(page);

        // Then
        assertEquals("https://graph.example/delta?$skiptoken=x", read.nextPage(), "the next link is kept verbatim");
        ProviderEvent event = ((ListingPage.Upsert) read.changes().get(0)).event();
        assertEquals(Instant.parse("2026-06-01T07:00:00Z"), event.startsAt());
        assertEquals("AAMkS", event.seriesId());
        assertEquals(Instant.parse("2026-06-01T07:00:00Z"), event.originalStart());
        assertEquals("ck1", event.etag());
        assertEquals("crm-act-9", event.transactionId());
    }

    @Test
    void readsGraphAllDayEventsOnlyWhenMidnightToMidnight() {
        // Given: one proper all-day event, one flagged all-day that does not run midnight to midnight
        JsonObject page = new JsonObject("""
                {"@odata.deltaLink":"https://graph.example/delta?$deltatoken=d","value":[
                 {"id":"a","changeKey":"1","isAllDay":true,"start":{"dateTime":"2026-12-24T00:00:00.0000000","timeZone":"UTC"},
                  "end":{"dateTime":"2026-12-26T00:00:00.0000000","timeZone":"UTC"}},
                 {"id":"b","changeKey":"1","isAllDay":true,"start":{"dateTime":"2026-12-24T08:00:00.0000000","timeZone":"UTC"},
                  "end":{"dateTime":"2026-12-24T10:00:00.0000000","timeZone":"UTC"}},
                 {"@odata.type":"#microsoft.graph.event","id":"c","@removed":{"reason":"deleted"}}]}""");

        // When
        ListingPage read = GraphCalendarApi.page(page);

        // Then
        assertTrue(read.isLast());
        ProviderEvent allDay = ((ListingPage.Upsert) read.changes().get(0)).event();
        assertTrue(allDay.allDay());
        assertEquals(LocalDate.parse("2026-12-26"), allDay.endDate());
        assertFalse(((ListingPage.Upsert) read.changes().get(1)).event().allDay(), "not midnight to midnight: a timed event");
        ListingPage.Removal removed = assertInstanceOf(ListingPage.Removal.class, read.changes().get(2));
        assertTrue(removed.mayStillExist(), "@removed also reports events that only left the window");
    }

    @Test
    void refusesAPageWithBothOrNeitherCursor() {
        assertThrows(IllegalArgumentException.class, () -> GraphCalendarApi.page(new JsonObject("{\"value\":[]}")));
        assertThrows(IllegalArgumentException.class, () -> GoogleCalendarApi.page(
                new JsonObject("{\"items\":[],\"nextPageToken\":\"a\",\"nextSyncToken\":\"b\"}")));
    }
}
