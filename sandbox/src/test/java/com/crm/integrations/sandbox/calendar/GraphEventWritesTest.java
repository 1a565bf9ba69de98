package com.crm.integrations.sandbox.calendar;

import static com.crm.integrations.sandbox.calendar.CalendarFixture.GRAPH_DELTA;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
class GraphEventWritesTest {

    private static final String EVENTS = "/graph/v1.0/me/events";
    private static final String CALL = """
            {"subject": "Call", "transactionId": "crm-act-1", "body": {"contentType": "html", "content": "<p>Agenda</p>"},
             "start": {"dateTime": "2025-03-05T13:00:00", "timeZone": "UTC"},
             "end": {"dateTime": "2025-03-05T13:30:00", "timeZone": "UTC"}, "location": {"displayName": "Teams"}}""";
    private static final String WINDOW = "?startDateTime=2025-03-01T00:00:00Z&endDateTime=2025-04-01T00:00:00Z";

    private CalendarFixture user;

    @BeforeEach
    void connect() {
        CalendarFixture.reset();
        user = CalendarFixture.connect("microsoft", "gwrite");
    }

    @Test
    void createsAnEventWith201() {
        // When
        Response created = create(CALL);

        // Then
        created.then().statusCode(201)
                .body("id", notNullValue())
                .body("subject", equalTo("Call"))
                .body("transactionId", equalTo("crm-act-1"))
                .body("body.contentType", equalTo("html"))
                .body("body.content", equalTo("<p>Agenda</p>"))
                .body("location.displayName", equalTo("Teams"))
                .body("start", equalTo(Map.of("dateTime", "2025-03-05T13:00:00.0000000", "timeZone", "UTC")))
                .body("type", equalTo("singleInstance"));
        user.api().get(EVENTS + "/" + created.path("id")).then().statusCode(200).body("subject", equalTo("Call"));
    }

    @Test
    void answersARepeatedTransactionIdWithTheEventItMade() {
        // Given
        String first = create(CALL).then().statusCode(201).extract().path("id");

        // When
        Response again = create(CALL.replace("\"Call\"", "\"Call again\""));

        // Then
        again.then().statusCode(201).body("id", equalTo(first)).body("subject", equalTo("Call"));
        given().get(user.control() + "/events").then().body("events", hasSize(1));
    }

    @Test
    void makesANewEventForTheTransactionIdOfADeletedOne() {
        // Given
        String first = create(CALL).then().statusCode(201).extract().path("id");
        user.api().delete(EVENTS + "/" + first).then().statusCode(204);

        // When
        Response again = create(CALL);

        // Then
        again.then().statusCode(201).body("id", not(equalTo(first))).body("transactionId", equalTo("crm-act-1"));
        given().get(user.control() + "/events").then().body("events.status", contains("deleted", "confirmed"));
    }

    @Test
    void createsInAGivenCalendar() {
        // Given
        String work = given().contentType(ContentType.JSON).body(Map.of("name", "Work")).post(user.control() + "/calendars").then()
                .statusCode(201).extract().path("id");

        // When
        Response created = user.api().contentType(ContentType.JSON).body(CALL).post("/graph/v1.0/me/calendars/" + work + "/events");

        // Then
        created.then().statusCode(201);
        given().queryParam("calendarId", work).get(user.control() + "/events").then().body("events.title", contains("Call"));
    }

    @Test
    void answersNotFoundInGraphsWordsForAnUnknownEvent() {
        // When
        Response read = user.api().header("client-request-id", "c-7").get(EVENTS + "/AAMkAnothing");

        // Then
        read.then().statusCode(404)
                .body("error.code", equalTo("ErrorItemNotFound"))
                .body("error.message", equalTo("The specified object was not found in the store."))
                .body("error.innerError.client-request-id", equalTo("c-7"))
                .body("error.innerError.request-id", notNullValue());
    }

    @Test
    void patchesOnlyWhatIsSentAndChangesTheChangeKey() {
        // Given
        Response created = create(CALL);
        String id = created.path("id");
        String etag = created.path("'@odata.etag'");

        // When
        Response patched = user.api().contentType(ContentType.JSON).header("If-Match", etag).body("{\"subject\": \"Renamed\"}")
                .patch(EVENTS + "/" + id);

        // Then
        patched.then().statusCode(200)
                .body("subject", equalTo("Renamed"))
                .body("location.displayName", equalTo("Teams"))
                .body("changeKey", not(equalTo(created.path("changeKey"))));
    }

    @Test
    void refusesAPatchOrDeleteWithAStaleChangeKey() {
        // Given
        Response created = create(CALL);
        String id = created.path("id");
        user.edit(id, Map.of("title", "Changed in Outlook"));

        // When
        Response patched = user.api().contentType(ContentType.JSON).header("If-Match", (String) created.path("'@odata.etag'"))
                .body("{\"subject\": \"Mine\"}").patch(EVENTS + "/" + id);

        // Then
        patched.then().statusCode(412).body("error.code", equalTo("ErrorIrresolvableConflict"));
        user.api().header("If-Match", (String) created.path("'@odata.etag'")).delete(EVENTS + "/" + id).then().statusCode(412)
                .body("error.code", equalTo("ErrorIrresolvableConflict"));
        user.api().get(EVENTS + "/" + id).then().body("subject", equalTo("Changed in Outlook"));
    }

    @Test
    void deletesWith204AndThenAnswersNotFound() {
        // Given
        String id = create(CALL).path("id");

        // When
        Response deleted = user.api().delete(EVENTS + "/" + id);

        // Then
        deleted.then().statusCode(204);
        user.api().delete(EVENTS + "/" + id).then().statusCode(404).body("error.code", equalTo("ErrorItemNotFound"));
        user.api().get(EVENTS + "/" + id).then().statusCode(404);
    }

    @Test
    void createsAnAllDayEventAndRefusesOneNotAtMidnight() {
        // When
        Response created = create("""
                {"subject": "Off", "isAllDay": true, "start": {"dateTime": "2025-03-05T00:00:00", "timeZone": "Europe/Berlin"},
                 "end": {"dateTime": "2025-03-06T00:00:00", "timeZone": "Europe/Berlin"}}""");

        // Then
        created.then().statusCode(201).body("isAllDay", equalTo(true)).body("end.dateTime", equalTo("2025-03-06T00:00:00.0000000"));
        create("""
                {"subject": "Off", "isAllDay": true, "start": {"dateTime": "2025-03-05T10:00:00", "timeZone": "UTC"},
                 "end": {"dateTime": "2025-03-06T00:00:00", "timeZone": "UTC"}}""").then().statusCode(400).body("error.code", equalTo("ErrorInvalidRequest"));
    }

    @Test
    void createsASeriesFromAPatternAndShowsItsOccurrencesInDelta() {
        // Given
        String series = create("""
                {"subject": "Standup", "start": {"dateTime": "2025-03-03T09:00:00", "timeZone": "W. Europe Standard Time"},
                 "end": {"dateTime": "2025-03-03T09:15:00", "timeZone": "W. Europe Standard Time"},
                 "recurrence": {"pattern": {"type": "weekly", "interval": 1, "daysOfWeek": ["monday", "wednesday"]},
                                "range": {"type": "numbered", "startDate": "2025-03-03", "numberOfOccurrences": 3}}}""")
                .then().statusCode(201).body("type", equalTo("seriesMaster")).body("recurrence.pattern.type", equalTo("weekly"))
                .extract().path("id");

        // When
        Response round = user.api().header("Prefer", "outlook.timezone=\"UTC\"").get(GRAPH_DELTA + WINDOW);

        // Then
        round.then().body("value.seriesMasterId", contains(series, series, series))
                .body("value.start.dateTime", contains("2025-03-03T08:00:00.0000000", "2025-03-05T08:00:00.0000000", "2025-03-10T08:00:00.0000000"));
    }

    @Test
    void cancelsAnOccurrenceDeletedByItsIdAndReportsItRemoved() {
        // Given
        String series = user.createId(Map.of("title", "Standup", "start", "2025-03-03T09:00:00Z", "rrule", "FREQ=DAILY;COUNT=3"));
        Response first = user.api().get(GRAPH_DELTA + WINDOW);
        String occurrence = first.path("value[1].id");

        // When
        Response deleted = user.api().delete(EVENTS + "/" + occurrence);

        // Then
        deleted.then().statusCode(204);
        user.api().get((String) first.path("'@odata.deltaLink'")).then().body("value.id", contains(occurrence))
                .body("value[0].'@removed'.reason", equalTo("deleted"));
        user.api().get(EVENTS + "/" + series).then().statusCode(200).body("type", equalTo("seriesMaster"));
    }

    @Test
    void refusesMalformedJson() {
        // When
        Response created = create("{\"subject\": ");

        // Then
        created.then().statusCode(400).body("error.code", equalTo("BadRequest"));
    }

    private Response create(String body) {
        return user.api().contentType(ContentType.JSON).body(body).post(EVENTS);
    }
}
