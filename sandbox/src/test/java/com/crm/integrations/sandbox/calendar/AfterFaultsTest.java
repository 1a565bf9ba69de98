package com.crm.integrations.sandbox.calendar;

import static com.crm.integrations.sandbox.calendar.CalendarFixture.GOOGLE_EVENTS;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.crm.integrations.sandbox.control.rest.FaultInjectionRoute;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Fault rules with {@code "when": "after"}: the calendar endpoint does its work (stores the event), then the client gets
 * the rule's answer, or no answer at all, or the real one late. What a client must survive to write exactly once.
 */
@QuarkusTest
class AfterFaultsTest {

    private static final String GRAPH_EVENTS = "/graph/v1.0/me/events";
    private static final String GOOGLE_CALL = """
            {"id": "crm0after1", "summary": "Call", "start": {"dateTime": "2025-03-05T14:00:00Z"},
             "end": {"dateTime": "2025-03-05T14:30:00Z"}}""";
    private static final String GRAPH_CALL = """
            {"subject": "Call", "transactionId": "crm-act-after",
             "start": {"dateTime": "2025-03-05T13:00:00", "timeZone": "UTC"}, "end": {"dateTime": "2025-03-05T13:30:00", "timeZone": "UTC"}}""";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Rules outlive a test and the app is shared by every test class: leave none behind. */
    @BeforeEach
    @AfterEach
    void reset() {
        CalendarFixture.reset();
    }

    @Test
    void storesAGoogleInsertWhoseAnswerAnAfterFaultReplacesAndRefusesItsRetryAsDuplicate() {
        // Given
        CalendarFixture user = connect("google");
        String rule = fault(Map.of("method", "POST", "path", GOOGLE_EVENTS, "when", "after", "times", 1, "status", 500));

        // When
        Response inserted = googleInsert(user);

        // Then
        inserted.then().statusCode(500).header(FaultInjectionRoute.FAULT_HEADER, rule).header("Content-Type", nullValue()).body(emptyOrNullString());
        given().get(user.control() + "/events").then().body("events.id", contains("crm0after1")).body("events[0].status", equalTo("confirmed"));
        googleInsert(user).then().statusCode(409).body("error.errors[0].reason", equalTo("duplicate"));
    }

    @Test
    void storesAGraphCreateWhoseAnswerAnAfterFaultReplacesAndAnswersItsRetryWithTheEvent() {
        // Given
        CalendarFixture user = connect("microsoft");
        fault(Map.of("method", "POST", "path", GRAPH_EVENTS, "when", "after", "times", 1, "status", 500));

        // When
        Response created = graphCreate(user);

        // Then
        created.then().statusCode(500).body(emptyOrNullString());
        String stored = given().get(user.control() + "/events").then().body("events", hasSize(1))
                .body("events[0].transactionId", equalTo("crm-act-after")).extract().path("events[0].id");
        graphCreate(user).then().statusCode(201).body("id", equalTo(stored)).body("subject", equalTo("Call"));
        given().get(user.control() + "/events").then().body("events", hasSize(1));
    }

    @Test
    void storesAGoogleInsertWhoseConnectionAnAfterFaultCloses() {
        // Given
        CalendarFixture user = connect("google");
        fault(Map.of("method", "POST", "path", GOOGLE_EVENTS, "when", "after", "times", 1, "close", true));

        // When
        assertThrows(IOException.class, () -> googleInsert(user));

        // Then
        given().get(user.control() + "/events").then().body("events.id", contains("crm0after1"));
        googleInsert(user).then().statusCode(409).body("error.errors[0].reason", equalTo("duplicate"));
    }

    @Test
    void storesAGraphCreateWhoseConnectionAnAfterFaultClosesAndAnswersItsRetryWithTheEvent() {
        // Given
        CalendarFixture user = connect("microsoft");
        fault(Map.of("method", "POST", "path", GRAPH_EVENTS, "when", "after", "times", 1, "close", true));

        // When
        assertThrows(IOException.class, () -> graphCreate(user));

        // Then
        String stored = given().get(user.control() + "/events").then().body("events", hasSize(1)).extract().path("events[0].id");
        graphCreate(user).then().statusCode(201).body("id", equalTo(stored));
    }

    @Test
    void holdsBackTheAnswerOfAWriteAlreadyStored() throws Exception {
        // Given
        CalendarFixture user = connect("microsoft");
        latency(Map.of("method", "POST", "path", GRAPH_EVENTS, "when", "after", "times", 1, "millis", 1500));
        long start = System.nanoTime();

        // When
        CompletableFuture<HttpResponse<String>> answer = HTTP.sendAsync(graphCreateRequest(user, Duration.ofSeconds(30)),
                HttpResponse.BodyHandlers.ofString());

        // Then: stored while the answer is still held back, which then comes with the event
        List<String> stored = awaitStoredEvents(user);
        assertFalse(answer.isDone(), "the answer came before the delay was over");
        HttpResponse<String> response = answer.get(30, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(201, response.statusCode());
        assertTrue(response.body().contains(stored.get(0)), response.body());
        assertEquals("1500", response.headers().firstValue(FaultInjectionRoute.DELAY_HEADER).orElse(null));
        assertTrue(millis >= 1500, "took " + millis + " ms");
    }

    @Test
    void storesTheWriteOfAClientThatGaveUpWaitingForItsAnswer() {
        // Given
        CalendarFixture user = connect("microsoft");
        latency(Map.of("method", "POST", "path", GRAPH_EVENTS, "when", "after", "times", 1, "millis", 6000));

        // When: the client gives up after 3 s, long after the stand-in stored the write (even on a loaded machine: with
        // 300 ms a request still queued at the stand-in was given up before it was stored) and before the answer comes
        assertThrows(HttpTimeoutException.class, () -> HTTP.send(graphCreateRequest(user, Duration.ofMillis(3000)),
                HttpResponse.BodyHandlers.ofString()));

        // Then
        given().get(user.control() + "/events").then().body("events", hasSize(1)).body("events[0].transactionId", equalTo("crm-act-after"));
    }

    @Test
    void replacesOrLosesTheAnswersOfListingsServedOnAWorkerThread() {
        // Given: a close for every request (a client may retry a GET on its own)
        CalendarFixture user = connect("google");
        fault(Map.of("method", "GET", "path", GOOGLE_EVENTS, "when", "after", "close", true));
        fault(Map.of("method", "GET", "path", CalendarFixture.GRAPH_DELTA, "when", "after", "times", 1, "status", 504));
        CalendarFixture outlook = CalendarFixture.connect("microsoft", "after");

        // When
        Response delta = outlook.api().get(CalendarFixture.GRAPH_DELTA + "?startDateTime=2025-03-01T00:00:00Z&endDateTime=2025-04-01T00:00:00Z");

        // Then
        delta.then().statusCode(504).body(emptyOrNullString());
        assertThrows(IOException.class, () -> user.api().get(GOOGLE_EVENTS));
    }

    @Test
    void keepsNoneOfTheRealAnswersHeaders() {
        // Given: Graph's 404 carries request-id and client-request-id headers
        CalendarFixture user = connect("microsoft");
        String rule = fault(Map.of("path", GRAPH_EVENTS + "/*", "when", "after", "status", 503, "body", "busy", "contentType", "text/plain",
                "retryAfter", "7"));

        // When
        Response read = user.api().header("client-request-id", "c-1").get(GRAPH_EVENTS + "/AAMkAnothing");

        // Then
        read.then().statusCode(503)
                .contentType("text/plain")
                .body(equalTo("busy"))
                .header("Retry-After", "7")
                .header(FaultInjectionRoute.FAULT_HEADER, rule)
                .header("request-id", nullValue())
                .header("client-request-id", nullValue());
    }

    @Test
    void replacesTheGatesOwnRefusalAndLogsTheRequestAsFaulted() {
        // Given: without a token the gate answers 401 itself
        fault(Map.of("path", "/graph/*", "when", "after", "times", 1, "status", 502));

        // When
        Response refused = given().get(GRAPH_EVENTS);

        // Then
        refused.then().statusCode(502).body(emptyOrNullString());
        given().get("/control/calendar/microsoft/requests").then()
                .body("requests.status", contains(502))
                .body("requests.faulted", contains(true));
    }

    @Test
    void countsAndUsesUpAnAfterRuleLikeAnyOther() {
        // Given
        CalendarFixture user = connect("google");
        fault(Map.of("method", "POST", "path", GOOGLE_EVENTS, "when", "after", "times", 1, "close", true));
        assertThrows(IOException.class, () -> googleInsert(user));

        // When
        Response second = user.api().contentType(ContentType.JSON).body(GOOGLE_CALL.replace("crm0after1", "crm0after2")).post(GOOGLE_EVENTS);

        // Then
        second.then().statusCode(200).header(FaultInjectionRoute.FAULT_HEADER, nullValue());
        given().get("/control/rules").then().body("", hasSize(0));
        given().queryParam("path", GOOGLE_EVENTS).get("/control/calls").then().body("count", equalTo(2));
        given().get(user.control() + "/requests").then().body("requests.status", contains(null, 200)).body("requests.faulted", contains(true, false));
    }

    private static CalendarFixture connect(String provider) {
        return CalendarFixture.connect(provider, "after");
    }

    private static Response googleInsert(CalendarFixture user) {
        return user.api().contentType(ContentType.JSON).body(GOOGLE_CALL).post(GOOGLE_EVENTS);
    }

    private static Response graphCreate(CalendarFixture user) {
        return user.api().contentType(ContentType.JSON).body(GRAPH_CALL).post(GRAPH_EVENTS);
    }

    private static HttpRequest graphCreateRequest(CalendarFixture user, Duration timeout) {
        return HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + GRAPH_EVENTS))
                .header("Authorization", "Bearer " + user.accessToken())
                .header("Content-Type", "application/json")
                .timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofString(GRAPH_CALL))
                .build();
    }

    /** The ids of the account's events, once there is one (up to 1 s). */
    private static List<String> awaitStoredEvents(CalendarFixture user) throws InterruptedException {
        for (int attempt = 0; attempt < 100; attempt++) {
            List<String> ids = given().get(user.control() + "/events").then().extract().path("events.id");
            if (!ids.isEmpty()) {
                return ids;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the event was not stored within 1 s");
    }

    private static String fault(Map<String, Object> rule) {
        return given().contentType(ContentType.JSON).body(rule).post("/control/faults").then().statusCode(201).extract().path("id");
    }

    private static void latency(Map<String, Object> rule) {
        given().contentType(ContentType.JSON).body(rule).post("/control/latency").then().statusCode(201);
    }
}
