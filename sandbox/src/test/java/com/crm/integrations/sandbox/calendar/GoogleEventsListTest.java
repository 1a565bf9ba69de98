package com.crm.integrations.sandbox.calendar;

import static com.crm.integrations.sandbox.calendar.CalendarFixture.GOOGLE_EVENTS;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class GoogleEventsListTest {

    private CalendarFixture user;

    @BeforeEach
    void connect() {
        CalendarFixture.reset();
        user = CalendarFixture.connect("google", "gcal");
    }

    @Test
    void listsEveryEventOnceOverSeveralPagesAndGivesTheSyncTokenOnlyOnTheLast() {
        // Given
        List<String> seeded = user.seed(7, "2025-03-03T09:00:00Z", 60);

        // When
        List<Response> pages = listAll(Map.of("maxResults", 3));

        // Then
        assertEquals(3, pages.size());
        pages.get(0).then().statusCode(200).body("items", hasSize(3)).body("nextPageToken", notNullValue()).body("$", not(hasKey("nextSyncToken")));
        pages.get(1).then().body("items", hasSize(3)).body("nextPageToken", notNullValue()).body("$", not(hasKey("nextSyncToken")));
        pages.get(2).then().body("items", hasSize(1)).body("nextSyncToken", notNullValue()).body("$", not(hasKey("nextPageToken")));
        assertEquals(seeded, ids(pages));
    }

    @Test
    void listsTheCalendarEnvelope() {
        // When
        Response list = user.api().get(GOOGLE_EVENTS);

        // Then
        list.then().statusCode(200)
                .body("kind", equalTo("calendar#events"))
                .body("summary", equalTo(user.account()))
                .body("timeZone", equalTo("UTC"))
                .body("accessRole", equalTo("owner"))
                .body("etag", notNullValue())
                .body("items", empty());
    }

    @Test
    void keepsAListingsPagesWhileTheCalendarChangesAndGivesTheChangesAfterwards() {
        // Given
        List<String> seeded = user.seed(6, "2025-03-03T09:00:00Z", 60);
        Response first = user.api().queryParam("maxResults", 2).get(GOOGLE_EVENTS);
        String early = user.createId(Map.of("title", "Early", "start", "2025-03-01T09:00:00Z"));
        user.edit(seeded.get(4), Map.of("title", "Renamed"));
        user.delete(seeded.get(5));

        // When
        List<Response> rest = listFrom(first.path("nextPageToken"), 2);

        // Then
        List<Response> pages = new ArrayList<>(List.of(first));
        pages.addAll(rest);
        assertEquals(seeded, ids(pages));
        Response last = rest.get(rest.size() - 1);
        Response changes = user.api().queryParam("syncToken", (String) last.path("nextSyncToken")).get(GOOGLE_EVENTS);
        changes.then().statusCode(200)
                .body("items.id", containsInAnyOrder(early, seeded.get(4), seeded.get(5)))
                .body("items.find { it.id == '" + seeded.get(4) + "' }.summary", equalTo("Renamed"))
                .body("items.find { it.id == '" + seeded.get(5) + "' }.status", equalTo("cancelled"));
    }

    @Test
    void listsOnlyWhatChangedSinceTheSyncTokenWithDeletionsAsBareCancelledItems() {
        // Given
        String kept = user.createId(Map.of("title", "Kept", "start", "2025-03-03T09:00:00Z"));
        String edited = user.createId(Map.of("title", "Before", "start", "2025-03-04T09:00:00Z"));
        String deleted = user.createId(Map.of("title", "Gone", "start", "2025-03-05T09:00:00Z"));
        String token = syncToken(Map.of());
        String created = user.createId(Map.of("title", "New", "start", "2025-03-06T09:00:00Z"));
        user.edit(edited, Map.of("title", "After"));
        user.delete(deleted);

        // When
        Response changes = user.api().queryParam("syncToken", token).get(GOOGLE_EVENTS);

        // Then
        changes.then().statusCode(200)
                .body("items.id", contains(created, edited, deleted))
                .body("items.id", not(hasItem(kept)))
                .body("items[1].summary", equalTo("After"))
                .body("items[2]", aMapWithSize(5))
                .body("items[2].status", equalTo("cancelled"))
                .body("items[2].etag", notNullValue())
                .body("items[2].updated", notNullValue())
                .body("items[2]", not(hasKey("start")))
                .body("items[2]", not(hasKey("summary")))
                .body("nextSyncToken", notNullValue());
    }

    @Test
    void changesTheEtagAndUpdatedOnEveryEdit() {
        // Given
        String id = user.createId(Map.of("title", "One", "start", "2025-03-03T09:00:00Z"));
        Response before = user.api().get(GOOGLE_EVENTS + "/" + id);

        // When
        user.edit(id, Map.of("title", "Two"));

        // Then
        Response after = user.api().get(GOOGLE_EVENTS + "/" + id);
        after.then().body("etag", not(equalTo(before.path("etag")))).body("updated", not(equalTo(before.path("updated"))))
                .body("etag", org.hamcrest.Matchers.matchesPattern("\"\\d+\""))
                .body("updated", org.hamcrest.Matchers.matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
    }

    @Test
    void includesChangesOutsideTheFullListingsWindowInTheIncrementalOne() {
        // Given
        String token = syncToken(Map.of("timeMin", "2025-03-01T00:00:00Z", "timeMax", "2025-04-01T00:00:00Z"));
        String outside = user.createId(Map.of("title", "Next year", "start", "2026-06-01T09:00:00Z"));

        // When
        Response changes = user.api().queryParam("syncToken", token).get(GOOGLE_EVENTS);

        // Then
        changes.then().statusCode(200).body("items.id", contains(outside));
    }

    @Test
    void refusesAnExpiredSyncTokenWithFullSyncRequired() {
        // Given
        user.createId(Map.of("title", "One", "start", "2025-03-03T09:00:00Z"));
        String token = syncToken(Map.of());
        user.expireSyncTokens();

        // When
        Response changes = user.api().queryParam("syncToken", token).get(GOOGLE_EVENTS);

        // Then
        changes.then().statusCode(410)
                .body("error.code", equalTo(410))
                .body("error.message", equalTo("Sync token is no longer valid, a full sync is required."))
                .body("error.errors[0].domain", equalTo("calendar"))
                .body("error.errors[0].reason", equalTo("fullSyncRequired"))
                .body("error.errors[0].locationType", equalTo("parameter"))
                .body("error.errors[0].location", equalTo("syncToken"));
        String fresh = syncToken(Map.of());
        user.api().queryParam("syncToken", fresh).get(GOOGLE_EVENTS).then().statusCode(200);
    }

    @Test
    void refusesAPageOfChangesOnceTheSyncTokensExpired() {
        // Given
        String token = syncToken(Map.of());
        user.seed(3, "2025-03-03T09:00:00Z", 60);
        Response first = user.api().queryParam("syncToken", token).queryParam("maxResults", 2).get(GOOGLE_EVENTS);
        user.expireSyncTokens();

        // When
        Response next = user.api().queryParam("syncToken", token).queryParam("pageToken", (String) first.path("nextPageToken")).get(GOOGLE_EVENTS);

        // Then
        next.then().statusCode(410).body("error.errors[0].reason", equalTo("fullSyncRequired"));
    }

    @Test
    void refusesATokenItNeverIssuedWithFullSyncRequired() {
        // When
        Response changes = user.api().queryParam("syncToken", "CPDAlvWDx70CEPDAlvWDx70CGAU=").get(GOOGLE_EVENTS);

        // Then
        changes.then().statusCode(410).body("error.errors[0].reason", equalTo("fullSyncRequired"));
    }

    @Test
    void refusesASyncTokenWithTimeMin() {
        // Given
        String token = syncToken(Map.of());

        // When
        Response changes = user.api().queryParam("syncToken", token).queryParam("timeMin", "2025-01-01T00:00:00Z").get(GOOGLE_EVENTS);

        // Then
        changes.then().statusCode(400)
                .body("error.code", equalTo(400))
                .body("error.errors[0].reason", equalTo("invalid"))
                .body("error.errors[0].locationType", equalTo("parameter"))
                .body("error.errors[0].location", equalTo("timeMin"));
    }

    @Test
    void boundsTheWindowByEndAfterTimeMinAndStartBeforeTimeMax() {
        // Given
        user.create(Map.of("title", "ends at timeMin", "start", "2025-03-03T08:00:00Z", "end", "2025-03-03T09:00:00Z"));
        user.create(Map.of("title", "ends after timeMin", "start", "2025-03-03T08:00:00Z", "end", "2025-03-03T09:00:01Z"));
        user.create(Map.of("title", "starts before timeMax", "start", "2025-03-03T09:59:59Z", "end", "2025-03-03T11:00:00Z"));
        user.create(Map.of("title", "starts at timeMax", "start", "2025-03-03T10:00:00Z", "end", "2025-03-03T11:00:00Z"));

        // When
        Response list = user.api().queryParam("timeMin", "2025-03-03T09:00:00Z").queryParam("timeMax", "2025-03-03T10:00:00Z")
                .get(GOOGLE_EVENTS);

        // Then
        list.then().statusCode(200).body("items.summary", contains("ends after timeMin", "starts before timeMax"));
    }

    @Test
    void refusesAnEmptyTimeRange() {
        // When
        Response list = user.api().queryParam("timeMin", "2025-03-03T09:00:00Z").queryParam("timeMax", "2025-03-03T09:00:00Z")
                .get(GOOGLE_EVENTS);

        // Then
        list.then().statusCode(400).body("error.errors[0].reason", equalTo("timeRangeEmpty"));
    }

    @Test
    void showsDeletedEventsInAFullListingOnlyWithShowDeleted() {
        // Given
        String deleted = user.createId(Map.of("title", "Gone", "start", "2025-03-03T09:00:00Z"));
        user.delete(deleted);

        // When
        Response hidden = user.api().get(GOOGLE_EVENTS);
        Response shown = user.api().queryParam("showDeleted", true).get(GOOGLE_EVENTS);

        // Then
        hidden.then().body("items", empty());
        shown.then().body("items.id", contains(deleted)).body("items[0].status", equalTo("cancelled"));
    }

    @Test
    void expandsASeriesIntoInstancesNamedAfterTheirStart() {
        // Given
        String series = user.createId(Map.of("title", "Standup", "start", "2025-03-03T09:00:00", "zone", "Europe/Berlin",
                "rrule", "FREQ=DAILY;COUNT=3"));

        // When
        Response list = user.api().queryParam("singleEvents", true).queryParam("orderBy", "startTime").get(GOOGLE_EVENTS);

        // Then
        list.then().statusCode(200)
                .body("items.id", contains(series + "_20250303T080000Z", series + "_20250304T080000Z", series + "_20250305T080000Z"))
                .body("items.recurringEventId", contains(series, series, series))
                .body("items[1].originalStartTime.dateTime", equalTo("2025-03-04T09:00:00+01:00"))
                .body("items[1].originalStartTime.timeZone", equalTo("Europe/Berlin"))
                .body("items[1].start.dateTime", equalTo("2025-03-04T09:00:00+01:00"))
                .body("items[1]", not(hasKey("recurrence")));
    }

    @Test
    void listsASeriesAsOneEventWithItsRuleWithoutSingleEvents() {
        // Given
        String series = user.createId(Map.of("title", "Weekly", "start", "2025-03-03T09:00:00Z", "rrule", "FREQ=WEEKLY;BYDAY=MO,WE;COUNT=4"));

        // When
        Response list = user.api().get(GOOGLE_EVENTS);

        // Then
        list.then().body("items.id", contains(series)).body("items[0].recurrence", contains("RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=4"));
    }

    @Test
    void reportsACancelledOccurrenceAsACancelledInstanceInTheIncrementalListing() {
        // Given
        String series = user.createId(Map.of("title", "Standup", "start", "2025-03-03T09:00:00", "zone", "Europe/Berlin",
                "rrule", "FREQ=DAILY;COUNT=3"));
        String token = syncToken(Map.of("singleEvents", true));
        user.cancelOccurrence(series, "2025-03-04T09:00:00");

        // When
        Response changes = user.api().queryParam("syncToken", token).queryParam("singleEvents", true).get(GOOGLE_EVENTS);

        // Then
        changes.then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].id", equalTo(series + "_20250304T080000Z"))
                .body("items[0].status", equalTo("cancelled"))
                .body("items[0].recurringEventId", equalTo(series))
                .body("items[0].originalStartTime.dateTime", equalTo("2025-03-04T09:00:00+01:00"));
    }

    @Test
    void hidesACancelledOccurrenceFromAFullListingUnlessShowDeleted() {
        // Given
        String series = user.createId(Map.of("title", "Standup", "start", "2025-03-03T09:00:00Z", "rrule", "FREQ=DAILY;COUNT=3"));
        user.cancelOccurrence(series, "2025-03-04T09:00:00Z");

        // When
        Response hidden = user.api().queryParam("singleEvents", true).get(GOOGLE_EVENTS);
        Response shown = user.api().queryParam("singleEvents", true).queryParam("showDeleted", true).get(GOOGLE_EVENTS);

        // Then
        hidden.then().body("items.id", contains(series + "_20250303T090000Z", series + "_20250305T090000Z"));
        shown.then().body("items.status", contains("confirmed", "cancelled", "confirmed"));
    }

    @Test
    void reportsEveryInstanceOfADeletedSeriesAsCancelled() {
        // Given
        String series = user.createId(Map.of("title", "Standup", "start", "2025-03-03T09:00:00Z", "rrule", "FREQ=DAILY;COUNT=2"));
        String token = syncToken(Map.of("singleEvents", true));
        user.delete(series);

        // When
        Response changes = user.api().queryParam("syncToken", token).queryParam("singleEvents", true).get(GOOGLE_EVENTS);

        // Then
        changes.then().body("items.id", contains(series + "_20250303T090000Z", series + "_20250304T090000Z"))
                .body("items.status", contains("cancelled", "cancelled"));
    }

    @Test
    void reportsInstancesASeriesNoLongerHasAsCancelled() {
        // Given
        String series = user.createId(Map.of("title", "Standup", "start", "2025-03-03T09:00:00Z", "rrule", "FREQ=DAILY;COUNT=3"));
        String token = syncToken(Map.of("singleEvents", true));
        user.edit(series, Map.of("rrule", "FREQ=DAILY;COUNT=2"));

        // When
        Response changes = user.api().queryParam("syncToken", token).queryParam("singleEvents", true).get(GOOGLE_EVENTS);

        // Then
        changes.then().body("items.id", contains(series + "_20250303T090000Z", series + "_20250304T090000Z", series + "_20250305T090000Z"))
                .body("items.status", contains("confirmed", "confirmed", "cancelled"));
    }

    @Test
    void writesNineInTheMorningInBerlinWithTheOffsetOfTheSeason() {
        // Given
        user.create(Map.of("title", "Winter", "start", "2025-01-15T09:00:00", "zone", "Europe/Berlin"));
        user.create(Map.of("title", "Summer", "start", "2025-07-15T09:00:00", "zone", "Europe/Berlin"));

        // When
        Response list = user.api().get(GOOGLE_EVENTS);

        // Then
        list.then().body("items.start.dateTime", contains("2025-01-15T09:00:00+01:00", "2025-07-15T09:00:00+02:00"))
                .body("items.start.timeZone", contains("Europe/Berlin", "Europe/Berlin"));
        user.api().queryParam("timeMin", "2025-01-15T07:59:00Z").queryParam("timeMax", "2025-01-15T08:01:00Z").get(GOOGLE_EVENTS)
                .then().body("items.summary", contains("Winter"));
        user.api().queryParam("timeMin", "2025-07-15T06:59:00Z").queryParam("timeMax", "2025-07-15T07:01:00Z").get(GOOGLE_EVENTS)
                .then().body("items.summary", contains("Summer"));
    }

    @Test
    void keepsASeriesAtNineLocalAcrossTheChangeToSummerTime() {
        // Given
        String series = user.createId(Map.of("title", "Standup", "start", "2025-03-29T09:00:00", "zone", "Europe/Berlin",
                "rrule", "FREQ=DAILY;COUNT=2"));

        // When
        Response list = user.api().queryParam("singleEvents", true).get(GOOGLE_EVENTS);

        // Then
        list.then().body("items.id", contains(series + "_20250329T080000Z", series + "_20250330T070000Z"))
                .body("items.start.dateTime", contains("2025-03-29T09:00:00+01:00", "2025-03-30T09:00:00+02:00"));
    }

    @Test
    void writesAllDayEventsAsDatesWithAnExclusiveEnd() {
        // Given
        String series = user.createId(Map.of("title", "Holiday", "start", "2025-03-05", "allDay", true, "rrule", "FREQ=WEEKLY;COUNT=2"));

        // When
        Response list = user.api().queryParam("singleEvents", true).get(GOOGLE_EVENTS);

        // Then
        list.then().body("items.id", contains(series + "_20250305", series + "_20250312"))
                .body("items[0].start", equalTo(Map.of("date", "2025-03-05")))
                .body("items[0].end", equalTo(Map.of("date", "2025-03-06")))
                .body("items[1].originalStartTime", equalTo(Map.of("date", "2025-03-12")));
    }

    @Test
    void findsEventsByTheirPrivateProperty() {
        // Given
        String mine = user.createId(Map.of("title", "Ours", "start", "2025-03-03T09:00:00Z", "privateProperties", Map.of("crmId", "act-1")));
        user.createId(Map.of("title", "Other", "start", "2025-03-03T10:00:00Z", "privateProperties", Map.of("crmId", "act-2")));

        // When
        Response list = user.api().queryParam("privateExtendedProperty", "crmId=act-1").get(GOOGLE_EVENTS);

        // Then
        list.then().body("items.id", contains(mine)).body("items[0].extendedProperties.private.crmId", equalTo("act-1"));
    }

    @Test
    void refusesAnUnknownCalendarWithNotFound() {
        // When
        Response list = user.api().get("/google/calendar/v3/calendars/nobody@example.com/events");

        // Then
        list.then().statusCode(404).body("error.errors[0].reason", equalTo("notFound")).body("error.message", equalTo("Not Found"));
    }

    @Test
    void listsTheAccountsCalendarsWithThePrimaryOneFirst() {
        // Given
        String extra = io.restassured.RestAssured.given().contentType("application/json").body(Map.of("name", "Work", "timeZone", "Europe/Berlin"))
                .post(user.control() + "/calendars").then().statusCode(201).extract().path("id");

        // When
        Response list = user.api().get("/google/calendar/v3/users/me/calendarList");

        // Then
        list.then().statusCode(200)
                .body("kind", equalTo("calendar#calendarList"))
                .body("items.id", contains(user.account(), extra))
                .body("items[0].primary", equalTo(true))
                .body("items[1].primary", nullValue())
                .body("items[1].summary", equalTo("Work"))
                .body("items[1].timeZone", equalTo("Europe/Berlin"))
                .body("items.accessRole", contains("owner", "owner"));
        user.api().get("/google/calendar/v3/calendars/" + extra + "/events").then().statusCode(200).body("summary", equalTo("Work"));
    }

    /** Every page of a full listing, from the first. */
    private List<Response> listAll(Map<String, Object> query) {
        Response first = user.api().queryParams(query).get(GOOGLE_EVENTS);
        first.then().statusCode(200);
        List<Response> pages = new ArrayList<>(List.of(first));
        String next = first.path("nextPageToken");
        if (next != null) {
            pages.addAll(listFrom(next, (Integer) query.getOrDefault("maxResults", 250)));
        }
        return pages;
    }

    private List<Response> listFrom(String pageToken, int maxResults) {
        List<Response> pages = new ArrayList<>();
        String next = pageToken;
        while (next != null) {
            Response page = user.api().queryParam("pageToken", next).queryParam("maxResults", maxResults).get(GOOGLE_EVENTS);
            page.then().statusCode(200);
            pages.add(page);
            next = page.path("nextPageToken");
        }
        return pages;
    }

    private String syncToken(Map<String, Object> query) {
        List<Response> pages = listAll(query);
        String token = pages.get(pages.size() - 1).path("nextSyncToken");
        assertNotNull(token);
        assertNull(pages.get(pages.size() - 1).path("nextPageToken"));
        return token;
    }

    private static List<String> ids(List<Response> pages) {
        List<String> ids = new ArrayList<>();
        for (Response page : pages) {
            ids.addAll(page.path("items.id"));
        }
        assertEquals(ids.size(), new HashSet<>(ids).size(), "an item listed twice");
        return ids;
    }
}
