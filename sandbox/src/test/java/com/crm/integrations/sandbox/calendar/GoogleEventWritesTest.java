package com.crm.integrations.sandbox.calendar;

import static com.crm.integrations.sandbox.calendar.CalendarFixture.GOOGLE_EVENTS;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
class GoogleEventWritesTest {

    private static final String CALL = """
            {"id": "crm4f9k2l0a8b", "summary": "Call with ACME", "description": "Agenda",
             "start": {"dateTime": "2025-03-05T14:00:00+01:00", "timeZone": "Europe/Berlin"},
             "end": {"dateTime": "2025-03-05T14:30:00+01:00", "timeZone": "Europe/Berlin"},
             "extendedProperties": {"private": {"crmId": "act-8812"}}, "reminders": {"useDefault": true}}""";

    private CalendarFixture user;

    @BeforeEach
    void connect() {
        CalendarFixture.reset();
        user = CalendarFixture.connect("google", "gwrite");
    }

    @Test
    void insertsAnEventWithTheClientsIdAndAnswers200() {
        // When
        Response inserted = insert(CALL);

        // Then
        inserted.then().statusCode(200)
                .body("kind", equalTo("calendar#event"))
                .body("id", equalTo("crm4f9k2l0a8b"))
                .body("status", equalTo("confirmed"))
                .body("iCalUID", equalTo("crm4f9k2l0a8b@google.com"))
                .body("start.dateTime", equalTo("2025-03-05T14:00:00+01:00"))
                .body("extendedProperties.private.crmId", equalTo("act-8812"))
                .body("sequence", equalTo(0));
        user.api().get(GOOGLE_EVENTS + "/crm4f9k2l0a8b").then().statusCode(200).body("summary", equalTo("Call with ACME"));
    }

    @Test
    void refusesAnIdUsedBeforeWithDuplicate() {
        // Given
        insert(CALL).then().statusCode(200);

        // When
        Response again = insert(CALL);

        // Then
        again.then().statusCode(409)
                .body("error.code", equalTo(409))
                .body("error.errors[0].domain", equalTo("global"))
                .body("error.errors[0].reason", equalTo("duplicate"))
                .body("error.message", equalTo("The requested identifier already exists."));
        user.api().get(GOOGLE_EVENTS).then().body("items", hasSize(1));
    }

    @Test
    void refusesTheIdOfADeletedEventWithDuplicate() {
        // Given
        insert(CALL).then().statusCode(200);
        user.api().delete(GOOGLE_EVENTS + "/crm4f9k2l0a8b").then().statusCode(204);

        // When
        Response again = insert(CALL);

        // Then
        again.then().statusCode(409).body("error.errors[0].reason", equalTo("duplicate"));
        user.api().get(GOOGLE_EVENTS + "/crm4f9k2l0a8b").then().statusCode(200).body("status", equalTo("cancelled"));
    }

    @Test
    void refusesAnIdOutsideBase32hex() {
        // When
        Response inserted = insert(CALL.replace("crm4f9k2l0a8b", "CRM-4"));

        // Then
        inserted.then().statusCode(400).body("error.errors[0].reason", equalTo("invalid"));
    }

    @Test
    void refusesMalformedJsonWithParseError() {
        // When
        Response inserted = insert("{\"summary\": ");

        // Then
        inserted.then().statusCode(400).body("error.errors[0].reason", equalTo("parseError"));
    }

    @Test
    void refusesAnEventWithoutEnd() {
        // When
        Response inserted = insert("{\"summary\": \"x\", \"start\": {\"dateTime\": \"2025-03-05T14:00:00Z\"}}");

        // Then
        inserted.then().statusCode(400).body("error.errors[0].reason", equalTo("required")).body("error.message", equalTo("Missing end time."));
    }

    @Test
    void patchesOnlyTheFieldsSentAndChangesTheEtag() {
        // Given
        String etag = insert(CALL).path("etag");

        // When
        Response patched = user.api().contentType(ContentType.JSON).header("If-Match", etag).body("{\"summary\": \"Renamed\"}")
                .patch(GOOGLE_EVENTS + "/crm4f9k2l0a8b");

        // Then
        patched.then().statusCode(200)
                .body("summary", equalTo("Renamed"))
                .body("description", equalTo("Agenda"))
                .body("extendedProperties.private.crmId", equalTo("act-8812"))
                .body("etag", not(equalTo(etag)));
    }

    @Test
    void refusesAPatchWithAStaleEtag() {
        // Given
        String etag = insert(CALL).path("etag");
        user.edit("crm4f9k2l0a8b", Map.of("title", "Changed in the UI"));

        // When
        Response patched = user.api().contentType(ContentType.JSON).header("If-Match", etag).body("{\"summary\": \"Mine\"}")
                .patch(GOOGLE_EVENTS + "/crm4f9k2l0a8b");

        // Then
        patched.then().statusCode(412)
                .body("error.errors[0].reason", equalTo("conditionNotMet"))
                .body("error.errors[0].location", equalTo("If-Match"))
                .body("error.message", equalTo("Precondition Failed"));
        user.api().get(GOOGLE_EVENTS + "/crm4f9k2l0a8b").then().body("summary", equalTo("Changed in the UI"));
    }

    @Test
    void updatesTheWholeEventAndBumpsTheSequenceWhenRescheduled() {
        // Given
        insert(CALL).then().statusCode(200);

        // When
        Response updated = user.api().contentType(ContentType.JSON).body("""
                {"summary": "Moved", "start": {"dateTime": "2025-03-06T10:00:00Z"}, "end": {"dateTime": "2025-03-06T11:00:00Z"}}""")
                .put(GOOGLE_EVENTS + "/crm4f9k2l0a8b");

        // Then
        updated.then().statusCode(200)
                .body("summary", equalTo("Moved"))
                .body("$", not(hasKey("description")))
                .body("$", not(hasKey("extendedProperties")))
                .body("start.dateTime", equalTo("2025-03-06T10:00:00Z"))
                .body("sequence", equalTo(1));
    }

    @Test
    void refusesAStaleUpdateAndDelete() {
        // Given
        String etag = insert(CALL).path("etag");
        user.edit("crm4f9k2l0a8b", Map.of("title", "Changed in the UI"));

        // When
        Response deleted = user.api().header("If-Match", etag).delete(GOOGLE_EVENTS + "/crm4f9k2l0a8b");

        // Then
        deleted.then().statusCode(412).body("error.errors[0].reason", equalTo("conditionNotMet"));
        user.api().contentType(ContentType.JSON).header("If-Match", etag).body(CALL).put(GOOGLE_EVENTS + "/crm4f9k2l0a8b")
                .then().statusCode(412).body("error.errors[0].reason", equalTo("conditionNotMet"));
        user.api().get(GOOGLE_EVENTS + "/crm4f9k2l0a8b").then().body("summary", equalTo("Changed in the UI")).body("status", equalTo("confirmed"));
    }

    @Test
    void deletesWith204AndThenAnswersDeletedWith410() {
        // Given
        String etag = insert(CALL).path("etag");

        // When
        Response deleted = user.api().header("If-Match", etag).delete(GOOGLE_EVENTS + "/crm4f9k2l0a8b");

        // Then
        deleted.then().statusCode(204);
        org.junit.jupiter.api.Assertions.assertEquals("", deleted.asString());
        user.api().delete(GOOGLE_EVENTS + "/crm4f9k2l0a8b").then().statusCode(410)
                .body("error.errors[0].reason", equalTo("deleted"))
                .body("error.message", equalTo("Resource has been deleted"));
        user.api().get(GOOGLE_EVENTS + "/crm4f9k2l0a8b").then().statusCode(200).body("status", equalTo("cancelled"));
    }

    @Test
    void answersNotFoundForAnIdNeverUsed() {
        // When
        Response deleted = user.api().delete(GOOGLE_EVENTS + "/neverused");

        // Then
        deleted.then().statusCode(404).body("error.errors[0].reason", equalTo("notFound"));
    }

    @Test
    void letsTheNextIncrementalListingSeeTheClientsOwnWrites() {
        // Given
        String token = user.api().get(GOOGLE_EVENTS).path("nextSyncToken");
        insert(CALL).then().statusCode(200);

        // When
        Response changes = user.api().queryParam("syncToken", token).get(GOOGLE_EVENTS);

        // Then
        changes.then().body("items.id", contains("crm4f9k2l0a8b"));
    }

    @Test
    void cancelsOneOccurrenceWhenItsInstanceIsDeleted() {
        // Given
        String series = user.createId(Map.of("title", "Standup", "start", "2025-03-03T09:00:00Z", "rrule", "FREQ=DAILY;COUNT=3"));

        // When
        Response deleted = user.api().delete(GOOGLE_EVENTS + "/" + series + "_20250304T090000Z");

        // Then
        deleted.then().statusCode(204);
        user.api().queryParam("singleEvents", true).get(GOOGLE_EVENTS).then()
                .body("items.id", contains(series + "_20250303T090000Z", series + "_20250305T090000Z"));
        List<Map<String, Object>> occurrences = io.restassured.RestAssured.given().get(user.control() + "/events").path("events[0].occurrences");
        org.junit.jupiter.api.Assertions.assertEquals("cancelled", occurrences.get(0).get("status"));
    }

    @Test
    void movesOneOccurrenceWhenItsInstanceIsPatched() {
        // Given
        String series = user.createId(Map.of("title", "Standup", "start", "2025-03-03T09:00:00Z", "rrule", "FREQ=DAILY;COUNT=3"));

        // When
        Response patched = user.api().contentType(ContentType.JSON)
                .body("{\"summary\": \"Later\", \"start\": {\"dateTime\": \"2025-03-04T11:00:00Z\"}, \"end\": {\"dateTime\": \"2025-03-04T11:30:00Z\"}}")
                .patch(GOOGLE_EVENTS + "/" + series + "_20250304T090000Z");

        // Then
        patched.then().statusCode(200)
                .body("id", equalTo(series + "_20250304T090000Z"))
                .body("summary", equalTo("Later"))
                .body("start.dateTime", equalTo("2025-03-04T11:00:00Z"))
                .body("originalStartTime.dateTime", equalTo("2025-03-04T09:00:00Z"))
                .body("recurringEventId", equalTo(series));
        user.api().get(GOOGLE_EVENTS).then().body("items.id", contains(series, series + "_20250304T090000Z"));
    }

    @Test
    void movesAnEventToAnotherCalendarKeepingItsId() {
        // Given
        String etag = insert(CALL).path("etag");
        String token = user.api().get(GOOGLE_EVENTS).path("nextSyncToken");
        String team = io.restassured.RestAssured.given().contentType(ContentType.JSON).body(Map.of("name", "Team"))
                .post(user.control() + "/calendars").then().statusCode(201).extract().path("id");

        // When
        Response moved = user.api().queryParam("destination", team).post(GOOGLE_EVENTS + "/crm4f9k2l0a8b/move");

        // Then
        moved.then().statusCode(200)
                .body("id", equalTo("crm4f9k2l0a8b"))
                .body("status", equalTo("confirmed"))
                .body("summary", equalTo("Call with ACME"))
                .body("etag", not(equalTo(etag)));
        user.api().get(GOOGLE_EVENTS + "/crm4f9k2l0a8b").then().statusCode(200).body("status", equalTo("cancelled"));
        user.api().queryParam("syncToken", token).get(GOOGLE_EVENTS).then()
                .body("items.id", contains("crm4f9k2l0a8b")).body("items[0].status", equalTo("cancelled"));
        user.api().get("/google/calendar/v3/calendars/" + team + "/events/crm4f9k2l0a8b").then().statusCode(200)
                .body("status", equalTo("confirmed")).body("extendedProperties.private.crmId", equalTo("act-8812"));
    }

    @Test
    void refusesAMoveWithoutDestinationOrToAnUnknownCalendar() {
        // Given
        insert(CALL).then().statusCode(200);

        // When
        Response moved = user.api().post(GOOGLE_EVENTS + "/crm4f9k2l0a8b/move");

        // Then
        moved.then().statusCode(400).body("error.errors[0].reason", equalTo("required")).body("error.errors[0].location", equalTo("destination"));
        user.api().queryParam("destination", "nowhere").post(GOOGLE_EVENTS + "/crm4f9k2l0a8b/move").then().statusCode(404)
                .body("error.errors[0].reason", equalTo("notFound"));
    }

    @Test
    void insertsAnAllDayEvent() {
        // When
        Response inserted = insert("{\"summary\": \"Off\", \"start\": {\"date\": \"2025-03-05\"}, \"end\": {\"date\": \"2025-03-06\"}}");

        // Then
        inserted.then().statusCode(200).body("start.date", equalTo("2025-03-05")).body("end.date", equalTo("2025-03-06"))
                .body("id", notNullValue());
    }

    private Response insert(String body) {
        return user.api().contentType(ContentType.JSON).queryParam("sendUpdates", "none").body(body).post(GOOGLE_EVENTS);
    }
}
