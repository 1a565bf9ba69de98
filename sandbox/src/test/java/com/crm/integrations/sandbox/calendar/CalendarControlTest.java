package com.crm.integrations.sandbox.calendar;

import static com.crm.integrations.sandbox.calendar.CalendarFixture.GOOGLE_EVENTS;
import static com.crm.integrations.sandbox.calendar.CalendarFixture.GRAPH_DELTA;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
class CalendarControlTest {

    private CalendarFixture user;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeEach
    void connect() {
        CalendarFixture.reset();
        user = CalendarFixture.connect("google", "ctl");
    }

    @Test
    void showsTheStoredTruthOfEachEventDeletedOnesIncluded() {
        // Given
        String series = user.createId(Map.of("title", "Standup", "start", "2025-03-03T09:00:00", "end", "2025-03-03T09:15:00",
                "zone", "Europe/Berlin", "rrule", "FREQ=DAILY;COUNT=3", "privateProperties", Map.of("crmId", "act-1")));
        String gone = user.createId(Map.of("title", "Gone", "start", "2025-03-05", "allDay", true));
        user.delete(gone);
        user.cancelOccurrence(series, "2025-03-04T09:00:00");

        // When
        Response events = given().get(user.control() + "/events");

        // Then
        events.then().statusCode(200)
                .body("events.id", contains(series, gone))
                .body("events[0].start", equalTo("2025-03-03T09:00:00+01:00"))
                .body("events[0].end", equalTo("2025-03-03T09:15:00+01:00"))
                .body("events[0].zone", equalTo("Europe/Berlin"))
                .body("events[0].rrule", equalTo("RRULE:FREQ=DAILY;COUNT=3"))
                .body("events[0].privateProperties.crmId", equalTo("act-1"))
                .body("events[0].status", equalTo("confirmed"))
                .body("events[0].occurrences[0].originalStart", equalTo("2025-03-04T09:00:00+01:00"))
                .body("events[0].occurrences[0].status", equalTo("cancelled"))
                .body("events[1].allDay", equalTo(true))
                .body("events[1].start", equalTo("2025-03-05"))
                .body("events[1].end", equalTo("2025-03-06"))
                .body("events[1].status", equalTo("deleted"));
    }

    @Test
    void keepsTheWallClockTimeWhenTheZoneChanges() {
        // Given
        String id = user.createId(Map.of("title", "Call", "start", "2025-01-15T09:00:00Z"));

        // When
        Map<String, Object> edited = user.edit(id, Map.of("zone", "Europe/Berlin"));

        // Then
        assertEquals("2025-01-15T09:00:00+01:00", edited.get("start"));
        user.api().get(GOOGLE_EVENTS + "/" + id).then().body("start.dateTime", equalTo("2025-01-15T09:00:00+01:00"));
    }

    @Test
    void makesATimedEventAllDayAndKeepsItsLengthWhenMoved() {
        // Given
        String id = user.createId(Map.of("title", "Call", "start", "2025-01-15T09:00:00Z", "end", "2025-01-15T09:45:00Z"));

        // When
        Map<String, Object> moved = user.edit(id, Map.of("start", "2025-01-16T10:00:00Z"));
        Map<String, Object> allDay = user.edit(id, Map.of("allDay", true));

        // Then
        assertEquals("2025-01-16T10:45:00Z", moved.get("end"));
        assertEquals(List.of("2025-01-16", "2025-01-17"), List.of(allDay.get("start"), allDay.get("end")));
    }

    @Test
    void seedsTenThousandEventsThatPageInFourFullPages() throws Exception {
        // Given
        long started = System.nanoTime();
        List<String> seeded = ids(given().contentType(ContentType.JSON)
                .body(Map.of("count", 10_000, "start", "2025-01-01T00:00:00Z", "spacingMinutes", 30)).post(user.control() + "/events/seed"), "ids");
        long seeding = System.nanoTime() - started;

        // When
        Set<String> listed = new HashSet<>();
        int pages = 0;
        String next = null;
        JsonNode page;
        do {
            page = JSON.readTree(get(GOOGLE_EVENTS + "?maxResults=5000" + (next == null ? "" : "&pageToken=" + next)));
            page.path("items").forEach(item -> listed.add(item.path("id").asText()));
            next = page.path("nextPageToken").asText(null);
            pages++;
        } while (next != null);
        long listing = System.nanoTime() - started - seeding;

        // Then
        assertEquals(4, pages, "maxResults is cut to 2500");
        assertEquals(new HashSet<>(seeded), listed);
        user.api().queryParam("syncToken", page.path("nextSyncToken").asText()).get(GOOGLE_EVENTS).then().statusCode(200).body("items", empty());
        System.out.printf("10,000 events: seeded in %d ms, listed in 4 pages in %d ms%n", seeding / 1_000_000, listing / 1_000_000);
    }

    @Test
    void refusesBadControlInput() {
        // When
        Response badRule = given().contentType(ContentType.JSON).body(Map.of("title", "x", "start", "2025-01-01T09:00:00Z", "rrule", "FREQ=MONTHLY"))
                .post(user.control() + "/events");

        // Then
        badRule.then().statusCode(400).body("error", equalTo("invalid_request"));
        given().contentType(ContentType.JSON).body(Map.of("count", 10_001, "start", "2025-01-01T09:00:00Z")).post(user.control() + "/events/seed")
                .then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("title", "x", "start", "tomorrow")).post(user.control() + "/events").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("title", "x", "start", "2025-01-01T09:00:00Z", "colour", "red"))
                .post(user.control() + "/events").then().statusCode(400);
        given().get("/control/calendar/mailchimp/accounts/" + user.account() + "/events").then().statusCode(404);
        given().delete(user.control() + "/events/nothing").then().statusCode(404);
    }

    @Test
    void resetsOneAccountAndLeavesTheOthers() {
        // Given
        CalendarFixture other = CalendarFixture.connect("google", "other");
        user.createId(Map.of("title", "Mine", "start", "2025-01-15T09:00:00Z"));
        other.createId(Map.of("title", "Theirs", "start", "2025-01-15T09:00:00Z"));
        String token = user.api().get(GOOGLE_EVENTS).path("nextSyncToken");

        // When
        given().post(user.control() + "/reset").then().statusCode(204);

        // Then
        given().get(user.control() + "/events").then().body("events", empty());
        given().get(other.control() + "/events").then().body("events", hasSize(1));
        user.api().queryParam("syncToken", token).get(GOOGLE_EVENTS).then().statusCode(410);
    }

    @Test
    void forgetsEveryCalendarWithTheSandboxReset() {
        // Given
        user.createId(Map.of("title", "Mine", "start", "2025-01-15T09:00:00Z"));
        user.throttle(Map.of("status", 403)).then().statusCode(201);

        // When
        given().post("/control/reset").then().statusCode(204);

        // Then
        given().get(user.control() + "/events").then().body("events", empty());
        given().get(user.control() + "/throttles").then().body("throttles", empty());
        given().get("/control/calendar/google/requests").then().body("requests", empty());
    }

    @Test
    void resetsTheCalendarsAloneAndKeepsTheGrants() {
        // Given
        user.createId(Map.of("title", "Mine", "start", "2025-01-15T09:00:00Z"));

        // When
        given().post("/control/calendar/reset").then().statusCode(204);

        // Then
        user.api().get(GOOGLE_EVENTS).then().statusCode(200).body("items", empty());
    }

    @Test
    void movesOneOccurrenceForBothProviders() {
        // Given
        CalendarFixture outlook = CalendarFixture.connect("microsoft", "ctl");
        String series = outlook.createId(Map.of("title", "Standup", "start", "2025-03-03T09:00:00Z", "rrule", "FREQ=DAILY;COUNT=2"));

        // When
        Response changed = given().contentType(ContentType.JSON).body(Map.of("title", "Moved", "start", "2025-03-04T15:00:00Z"))
                .patch(outlook.control() + "/events/" + series + "/occurrences/20250304T090000Z");

        // Then
        changed.then().statusCode(200).body("occurrences[0].status", equalTo("changed")).body("occurrences[0].start", equalTo("2025-03-04T15:00:00Z"));
        outlook.api().get(GRAPH_DELTA + "?startDateTime=2025-03-01T00:00:00Z&endDateTime=2025-04-01T00:00:00Z").then()
                .body("value.type", contains("occurrence", "exception"))
                .body("value.subject", contains("Standup", "Moved"));
        given().get(user.control() + "/events").then().body("events", not(hasSize(1)));
    }

    /** A large body, read without REST Assured's parsing (seconds for 1.7 MB). */
    private byte[] get(String path) throws java.io.IOException, InterruptedException {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + path))
                .header("Authorization", "Bearer " + user.accessToken()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        return response.body();
    }

    private static List<String> ids(Response response, String field) throws java.io.IOException {
        JsonNode body = JSON.readTree(response.then().statusCode(201).extract().asByteArray());
        List<String> ids = new java.util.ArrayList<>();
        body.path(field).forEach(id -> ids.add(id.asText()));
        return ids;
    }
}
