package com.crm.integrations.sandbox.calendar;

import static com.crm.integrations.sandbox.calendar.CalendarFixture.GRAPH_DELTA;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
class GraphDeltaTest {

    private static final String WINDOW = "?startDateTime=2025-03-01T00:00:00Z&endDateTime=2025-04-01T00:00:00Z";

    private CalendarFixture user;

    @BeforeEach
    void connect() {
        CalendarFixture.reset();
        user = CalendarFixture.connect("microsoft", "graph");
    }

    @Test
    void pagesARoundWithNextLinksUntilADeltaLink() {
        // Given
        List<String> seeded = user.seed(5, "2025-03-03T09:00:00Z", 60);

        // When
        List<Response> pages = round(GRAPH_DELTA + WINDOW, "odata.maxpagesize=2");

        // Then
        assertEquals(3, pages.size());
        for (Response page : pages.subList(0, 2)) {
            page.then().statusCode(200).body("value", hasSize(2)).body("$", not(hasKey("@odata.deltaLink")))
                    .body("'@odata.nextLink'", matchesPattern("http://[^/]+/graph/v1\\.0/me/calendarView/delta\\?\\$skiptoken=[A-Za-z0-9_-]+"));
        }
        pages.get(2).then().body("value", hasSize(1)).body("$", not(hasKey("@odata.nextLink")))
                .body("'@odata.deltaLink'", matchesPattern("http://[^/]+/graph/v1\\.0/me/calendarView/delta\\?\\$deltatoken=[A-Za-z0-9_-]+"));
        assertEquals(seeded, ids(pages));
    }

    @Test
    void listsChangesSinceTheDeltaLinkWithDeletionsAsRemoved() {
        // Given
        String kept = user.createId(Map.of("title", "Kept", "start", "2025-03-03T09:00:00Z"));
        String edited = user.createId(Map.of("title", "Before", "start", "2025-03-04T09:00:00Z"));
        String deleted = user.createId(Map.of("title", "Gone", "start", "2025-03-05T09:00:00Z"));
        String deltaLink = deltaLink(GRAPH_DELTA + WINDOW);
        user.edit(edited, Map.of("title", "After"));
        user.delete(deleted);
        String created = user.createId(Map.of("title", "New", "start", "2025-03-06T09:00:00Z"));

        // When
        Response changes = user.api().get(deltaLink);

        // Then
        changes.then().statusCode(200)
                .body("value.id", contains(edited, deleted, created))
                .body("value[0].subject", equalTo("After"))
                .body("value[1]", equalTo(Map.of("@odata.type", "#microsoft.graph.event", "id", deleted, "@removed", Map.of("reason", "deleted"))))
                .body("value[2].subject", equalTo("New"))
                .body("'@odata.deltaLink'", notNullValue());
        org.junit.jupiter.api.Assertions.assertFalse(changes.<List<String>>path("value.id").contains(kept));
    }

    @Test
    void reportsAnEventMovedOutOfTheWindowAsRemoved() {
        // Given
        String moved = user.createId(Map.of("title", "Moves", "start", "2025-03-03T09:00:00Z"));
        String deltaLink = deltaLink(GRAPH_DELTA + WINDOW);
        user.edit(moved, Map.of("start", "2025-05-03T09:00:00Z"));

        // When
        Response changes = user.api().get(deltaLink);

        // Then
        changes.then().body("value", hasSize(1)).body("value[0].id", equalTo(moved)).body("value[0].'@removed'.reason", equalTo("deleted"));
    }

    @Test
    void expandsASeriesIntoOccurrences() {
        // Given
        String series = user.createId(Map.of("title", "Standup", "start", "2025-03-03T09:00:00", "zone", "Europe/Berlin",
                "rrule", "FREQ=WEEKLY;BYDAY=MO,TH;COUNT=3"));

        // When
        Response round = user.api().header("Prefer", "outlook.timezone=\"UTC\"").get(GRAPH_DELTA + WINDOW);

        // Then
        round.then().statusCode(200)
                .body("value.type", contains("occurrence", "occurrence", "occurrence"))
                .body("value.seriesMasterId", contains(series, series, series))
                .body("value.start.dateTime", contains("2025-03-03T08:00:00.0000000", "2025-03-06T08:00:00.0000000", "2025-03-10T08:00:00.0000000"))
                .body("value[1].originalStart", equalTo("2025-03-06T08:00:00Z"))
                .body("value[1].recurrence", nullValue());
        assertEquals(3, new HashSet<>(round.<List<String>>path("value.id")).size());
        assertEquals(3, new HashSet<>(round.<List<String>>path("value.iCalUId")).size());
    }

    @Test
    void reportsACancelledOccurrenceAsRemovedAndAMovedOneAsAnException() {
        // Given
        String series = user.createId(Map.of("title", "Standup", "start", "2025-03-03T09:00:00Z", "rrule", "FREQ=DAILY;COUNT=3"));
        Response first = user.api().get(GRAPH_DELTA + WINDOW);
        String cancelled = first.path("value[1].id");
        String moved = first.path("value[2].id");
        user.cancelOccurrence(series, "2025-03-04T09:00:00Z");
        given().contentType(ContentType.JSON).body(Map.of("title", "Later", "start", "2025-03-05T11:00:00Z"))
                .patch(user.control() + "/events/" + series + "/occurrences/2025-03-05T09:00:00Z").then().statusCode(200);

        // When
        Response changes = user.api().get((String) first.path("'@odata.deltaLink'"));

        // Then
        changes.then().body("value.id", containsInAnyOrder(cancelled, moved))
                .body("value.find { it.id == '" + cancelled + "' }.'@removed'.reason", equalTo("deleted"))
                .body("value.find { it.id == '" + moved + "' }.type", equalTo("exception"))
                .body("value.find { it.id == '" + moved + "' }.subject", equalTo("Later"))
                .body("value.find { it.id == '" + moved + "' }.start.dateTime", equalTo("2025-03-05T11:00:00.0000000"));
    }

    @Test
    void replaysItemsAlreadySentWhenSwitchedOn() {
        // Given
        List<String> seeded = user.seed(4, "2025-03-03T09:00:00Z", 60);
        Response first = user.api().header("Prefer", "odata.maxpagesize=2").get(GRAPH_DELTA + WINDOW);
        given().contentType(ContentType.JSON).body(Map.of("pages", 1)).post("/control/calendar/microsoft/accounts/" + user.account() + "/replays")
                .then().statusCode(204);

        // When
        Response second = user.api().header("Prefer", "odata.maxpagesize=2").get((String) first.path("'@odata.nextLink'"));

        // Then
        second.then().statusCode(200).body("value.id", contains(seeded.get(0), seeded.get(1), seeded.get(2), seeded.get(3)))
                .body("'@odata.deltaLink'", notNullValue());
        first.then().body("value.id", contains(seeded.get(0), seeded.get(1)));
    }

    @Test
    void refusesAnExpiredDeltaTokenWithSyncStateNotFound() {
        // Given
        String deltaLink = deltaLink(GRAPH_DELTA + WINDOW);
        user.expireSyncTokens();

        // When
        Response changes = user.api().header("client-request-id", "c-1").get(deltaLink);

        // Then
        changes.then().statusCode(410)
                .header("request-id", notNullValue())
                .header("client-request-id", equalTo("c-1"))
                .body("error.code", equalTo("syncStateNotFound"))
                .body("error.message", notNullValue())
                .body("error.innerError.date", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d"))
                .body("error.innerError.request-id", notNullValue())
                .body("error.innerError.client-request-id", equalTo("c-1"));
        user.api().get(deltaLink(GRAPH_DELTA + WINDOW)).then().statusCode(200);
    }

    @Test
    void refusesAnUnknownSkipToken() {
        // When
        Response page = user.api().get(GRAPH_DELTA + "?$skiptoken=bm90LWEtdG9rZW46Mg");

        // Then
        page.then().statusCode(410).body("error.code", equalTo("syncStateNotFound"));
    }

    @Test
    void requiresAWindowOnTheFirstCall() {
        // When
        Response round = user.api().get(GRAPH_DELTA);

        // Then
        round.then().statusCode(400).body("error.code", equalTo("ErrorInvalidParameter")).body("error.innerError", notNullValue());
    }

    @Test
    void writesTimesInTheZoneThePreferHeaderAsksFor() {
        // Given
        user.create(Map.of("title", "Winter", "start", "2025-01-15T09:00:00", "end", "2025-01-15T10:00:00", "zone", "Europe/Berlin"));
        user.create(Map.of("title", "Summer", "start", "2025-07-15T09:00:00", "end", "2025-07-15T10:00:00", "zone", "Europe/Berlin"));
        String year = "?startDateTime=2025-01-01T00:00:00Z&endDateTime=2026-01-01T00:00:00Z";

        // When
        Response utc = user.api().header("Prefer", "outlook.timezone=\"UTC\", odata.maxpagesize=10").get(GRAPH_DELTA + year);
        Response berlin = user.api().header("Prefer", "outlook.timezone=\"Europe/Berlin\"").get(GRAPH_DELTA + year);

        // Then
        utc.then().body("value.start.dateTime", contains("2025-01-15T08:00:00.0000000", "2025-07-15T07:00:00.0000000"))
                .body("value.start.timeZone", contains("UTC", "UTC"))
                .body("value.originalStartTimeZone", contains("Europe/Berlin", "Europe/Berlin"));
        berlin.then().body("value.start.dateTime", contains("2025-01-15T09:00:00.0000000", "2025-07-15T09:00:00.0000000"))
                .body("value.end.dateTime", contains("2025-01-15T10:00:00.0000000", "2025-07-15T10:00:00.0000000"))
                .body("value.start.timeZone", contains("Europe/Berlin", "Europe/Berlin"));
    }

    @Test
    void writesTimesInUtcWithoutThePreferHeader() {
        // Given
        user.create(Map.of("title", "Winter", "start", "2025-01-15T09:00:00", "zone", "Europe/Berlin"));

        // When
        Response round = user.api().get(GRAPH_DELTA + "?startDateTime=2025-01-01T00:00:00Z&endDateTime=2025-02-01T00:00:00Z");

        // Then
        round.then().body("value[0].start", equalTo(Map.of("dateTime", "2025-01-15T08:00:00.0000000", "timeZone", "UTC")));
    }

    @Test
    void writesAllDayEventsMidnightToMidnight() {
        // Given
        user.create(Map.of("title", "Off", "start", "2025-03-05", "end", "2025-03-07", "zone", "Europe/Berlin"));

        // When
        Response round = user.api().header("Prefer", "outlook.timezone=\"UTC\"").get(GRAPH_DELTA + WINDOW);

        // Then
        round.then().body("value[0].isAllDay", equalTo(true))
                .body("value[0].start.dateTime", equalTo("2025-03-05T00:00:00.0000000"))
                .body("value[0].end.dateTime", equalTo("2025-03-07T00:00:00.0000000"));
    }

    @Test
    void describesEachEventWithItsChangeKeyInTheEtag() {
        // Given
        String id = user.createId(Map.of("title", "Call", "start", "2025-03-03T09:00:00Z", "transactionId", "crm-act-1"));

        // When
        Response round = user.api().get(GRAPH_DELTA + WINDOW);

        // Then
        String changeKey = round.path("value[0].changeKey");
        round.then().body("value[0].id", equalTo(id))
                .body("value[0].'@odata.etag'", equalTo("W/\"" + changeKey + "\""))
                .body("value[0].type", equalTo("singleInstance"))
                .body("value[0].isCancelled", equalTo(false))
                .body("value[0].transactionId", equalTo("crm-act-1"))
                .body("value[0].lastModifiedDateTime", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7}Z"))
                .body("value[0].createdDateTime", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7}Z"))
                .body("value[0].iCalUId", startsWith("040000008200E00074C5B7101A82E008"))
                .body("value[0].organizer.emailAddress.address", equalTo(user.account()));
        user.edit(id, Map.of("title", "Renamed"));
        user.api().get(GRAPH_DELTA + WINDOW).then().body("value[0].changeKey", not(equalTo(changeKey)));
    }

    @Test
    void leavesTransactionIdOutWhenNotSet() {
        // Given
        user.create(Map.of("title", "Call", "start", "2025-03-03T09:00:00Z"));

        // When
        Response round = user.api().get(GRAPH_DELTA + WINDOW);

        // Then
        round.then().body("value[0]", not(hasKey("transactionId")));
    }

    @Test
    void keepsARoundsPagesWhileTheCalendarChanges() {
        // Given
        List<String> seeded = user.seed(6, "2025-03-03T09:00:00Z", 60);
        Response first = user.api().header("Prefer", "odata.maxpagesize=2").get(GRAPH_DELTA + WINDOW);
        user.createId(Map.of("title", "Early", "start", "2025-03-02T09:00:00Z"));
        user.delete(seeded.get(4));

        // When
        List<Response> rest = follow(first.path("'@odata.nextLink'"), "odata.maxpagesize=2");

        // Then
        List<Response> pages = new ArrayList<>(List.of(first));
        pages.addAll(rest);
        assertEquals(seeded, ids(pages));
        Response changes = user.api().get((String) rest.get(rest.size() - 1).path("'@odata.deltaLink'"));
        changes.then().body("value.subject", containsInAnyOrder("Early", null));
    }

    @Test
    void listsTheCalendarsAndRoundsOfOneOfThem() {
        // Given
        String work = given().contentType(ContentType.JSON).body(Map.of("name", "Work")).post(user.control() + "/calendars").then()
                .statusCode(201).extract().path("id");
        user.create(Map.of("calendarId", work, "title", "At work", "start", "2025-03-03T09:00:00Z"));
        user.create(Map.of("title", "At home", "start", "2025-03-03T19:00:00Z"));

        // When
        Response calendars = user.api().get("/graph/v1.0/me/calendars");
        Response round = user.api().get("/graph/v1.0/me/calendars/" + work + "/calendarView/delta" + WINDOW);

        // Then
        calendars.then().statusCode(200)
                .body("value.name", contains("Calendar", "Work"))
                .body("value.isDefaultCalendar", contains(true, false))
                .body("value.canEdit", contains(true, true))
                .body("value[0].owner.address", equalTo(user.account()))
                .body("value[1].id", equalTo(work))
                .body("value[0].changeKey", notNullValue());
        round.then().body("value.subject", contains("At work"))
                .body("'@odata.deltaLink'", containsString("/graph/v1.0/me/calendars/" + work + "/calendarView/delta?$deltatoken="));
        user.api().get(GRAPH_DELTA + WINDOW).then().body("value.subject", contains("At home"));
    }

    @Test
    void endsARoundOfAnEmptyWindowWithADeltaLink() {
        // When
        Response round = user.api().get(GRAPH_DELTA + WINDOW);

        // Then
        round.then().statusCode(200).body("value", empty()).body("'@odata.deltaLink'", notNullValue());
    }

    private List<Response> round(String firstUrl, String prefer) {
        Response first = user.api().header("Prefer", prefer).get(firstUrl);
        first.then().statusCode(200);
        List<Response> pages = new ArrayList<>(List.of(first));
        String next = first.path("'@odata.nextLink'");
        if (next != null) {
            pages.addAll(follow(next, prefer));
        }
        return pages;
    }

    private List<Response> follow(String nextLink, String prefer) {
        List<Response> pages = new ArrayList<>();
        String next = nextLink;
        while (next != null) {
            Response page = user.api().header("Prefer", prefer).get(next);
            page.then().statusCode(200);
            pages.add(page);
            next = page.path("'@odata.nextLink'");
        }
        return pages;
    }

    private String deltaLink(String firstUrl) {
        List<Response> pages = round(firstUrl, "odata.maxpagesize=50");
        return pages.get(pages.size() - 1).path("'@odata.deltaLink'");
    }

    private static List<String> ids(List<Response> pages) {
        List<String> ids = new ArrayList<>();
        for (Response page : pages) {
            ids.addAll(page.path("value.id"));
        }
        assertEquals(ids.size(), new HashSet<>(ids).size(), "an item listed twice");
        return ids;
    }
}
