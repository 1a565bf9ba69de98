package com.crm.integrations.sandbox.calendar;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Item-fault rules (a fraction of a batch's inner requests, and optionally of single calls, fail in the provider's
 * words) and the batch log ({@code GET /control/calendar/{provider}/batches}), over real HTTP.
 */
@QuarkusTest
class BatchFaultsTest {

    private static final String BOUNDARY = "batch_crm_faults";
    private static final String CALENDARS = "GET /calendar/v3/users/me/calendarList HTTP/1.1\n";
    private static final String INSERT = """
            POST /calendar/v3/calendars/primary/events HTTP/1.1
            Content-Type: application/json

            {"id":"crm0faults1","summary":"Call","start":{"dateTime":"2025-03-05T14:00:00Z"},"end":{"dateTime":"2025-03-05T14:30:00Z"}}""";
    private static final Map<String, Object> GRAPH_CALL = Map.of("subject", "Call", "transactionId", "crm-act-faults",
            "start", Map.of("dateTime", "2025-03-05T13:00:00", "timeZone", "UTC"), "end", Map.of("dateTime", "2025-03-05T13:30:00", "timeZone", "UTC"));

    private CalendarFixture google;
    private CalendarFixture graph;

    @BeforeEach
    void connect() {
        CalendarFixture.reset();
        google = CalendarFixture.connect("google", "gfault");
        graph = CalendarFixture.connect("microsoft", "mfault");
    }

    @AfterEach
    void reset() {
        CalendarFixture.reset();
    }

    @Test
    void failsGoogleInnerRequestsWithTheRulesStatusAndReasonUntilItsTimesAreUsed() throws Exception {
        // Given
        Response rule = itemFaults(google, Map.of("fraction", 1.0, "status", 429, "times", 2));

        // When
        Response batch = googleBatch(List.of(CALENDARS, CALENDARS, CALENDARS), List.of("<f+1>", "<f+2>", "<f+3>"));

        // Then
        rule.then().statusCode(201).body("reason", equalTo("rateLimitExceeded")).body("when", equalTo("before")).body("seed", notNullValue());
        List<GoogleBatchParts.Answer> answers = GoogleBatchTest.read(batch);
        assertEquals(List.of(429, 429, 200), answers.stream().map(GoogleBatchParts.Answer::status).toList());
        JsonPath error = JsonPath.from(answers.get(0).body());
        assertEquals("usageLimits", error.getString("error.errors[0].domain"));
        assertEquals("rateLimitExceeded", error.getString("error.errors[0].reason"));
        assertEquals(429, error.getInt("error.code"));
        assertEquals(rule.path("id"), answers.get(0).headers().get("X-Sandbox-Item-Fault"));
        given().get(google.control() + "/item-faults").then().body("itemFaults", hasSize(0)); // used up, dropped
        given().get(google.control() + "/requests").then().body("requests.faulted", contains(false, true, true, false));
    }

    @Test
    void failsTheSameRequestsForTheSameSeed() throws Exception {
        // Given
        Map<String, Object> rule = Map.of("fraction", 0.5, "status", 503, "seed", 42);
        List<String> parts = Collections.nCopies(10, CALENDARS);
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            ids.add("<s+" + i + ">");
        }
        itemFaults(google, rule).then().statusCode(201);
        List<Integer> first = statuses(googleBatch(parts, ids));
        given().delete(google.control() + "/item-faults").then().statusCode(204);
        itemFaults(google, rule).then().statusCode(201);

        // When
        List<Integer> second = statuses(googleBatch(parts, ids));

        // Then
        assertEquals(first, second);
        assertTrue(first.contains(503) && first.contains(200), "statuses " + first);
        given().get(google.control() + "/item-faults").then().body("itemFaults[0].draws", equalTo(10))
                .body("itemFaults[0].hits", equalTo((int) second.stream().filter(status -> status == 503).count()))
                .body("itemFaults[0].remaining", nullValue());
    }

    @Test
    void storesAGoogleInsertWhoseAnswerAnAfterItemFaultReplaces() throws Exception {
        // Given
        itemFaults(google, Map.of("fraction", 1.0, "status", 503, "times", 1, "when", "after"));

        // When
        Response batch = googleBatch(List.of(INSERT), List.of("<i+1>"));

        // Then
        GoogleBatchParts.Answer answer = GoogleBatchTest.read(batch).get(0);
        assertEquals(503, answer.status());
        assertEquals("backendError", JsonPath.from(answer.body()).getString("error.errors[0].reason"));
        given().get(google.control() + "/events").then().body("events.id", contains("crm0faults1"));
        GoogleBatchParts.Answer retry = GoogleBatchTest.read(googleBatch(List.of(INSERT), List.of("<i+2>"))).get(0);
        assertEquals("duplicate", JsonPath.from(retry.body()).getString("error.errors[0].reason"));
    }

    @Test
    void storesAGraphCreateWhoseAnswerAnAfterItemFaultReplacesWith429AndRetryAfter() {
        // Given
        itemFaults(graph, Map.of("fraction", 1.0, "status", 429, "retryAfter", "3", "times", 1, "when", "after"));
        Map<String, Object> create = Map.of("id", "1", "method", "POST", "url", "/me/events", "headers", Map.of("Content-Type", "application/json"),
                "body", GRAPH_CALL);

        // When
        Response batch = graphBatch(List.of(create));

        // Then
        batch.then().statusCode(200).body("responses[0].status", equalTo(429)).body("responses[0].headers.Retry-After", equalTo("3"))
                .body("responses[0].body.error.code", equalTo("TooManyRequests"));
        String stored = given().get(graph.control() + "/events").then().body("events", hasSize(1)).extract().path("events[0].id");
        graphBatch(List.of(create)).then().body("responses[0].status", equalTo(201)).body("responses[0].body.id", equalTo(stored));
    }

    @Test
    void refusesItemsForGoodInEachProvidersWords() throws Exception {
        // Given: rules whose items are refused, not throttled
        itemFaults(google, Map.of("fraction", 1.0, "status", 400, "times", 1)).then().statusCode(201).body("reason", equalTo("badRequest"));
        itemFaults(graph, Map.of("fraction", 1.0, "status", 403, "times", 1)).then().statusCode(201);
        itemFaults(graph, Map.of("fraction", 1.0, "status", 401)).then().statusCode(400);
        Map<String, Object> create = Map.of("id", "1", "method", "POST", "url", "/me/events", "headers",
                Map.of("Content-Type", "application/json"), "body", GRAPH_CALL);

        // When
        List<GoogleBatchParts.Answer> google400 = GoogleBatchTest.read(googleBatch(List.of(INSERT), List.of("<p+1>")));
        Response graph403 = graphBatch(List.of(create));

        // Then: Google's 400 badRequest, Graph's 403 ErrorAccessDenied, and nothing stored
        assertEquals(400, google400.get(0).status());
        assertEquals("badRequest", JsonPath.from(google400.get(0).body()).getString("error.errors[0].reason"));
        graph403.then().body("responses[0].status", equalTo(403)).body("responses[0].body.error.code", equalTo("ErrorAccessDenied"));
        given().get(graph.control() + "/events").then().body("events", hasSize(0));
        given().get(google.control() + "/events").then().body("events", hasSize(0));
    }

    @Test
    void failsSingleCallsOnlyWhenTheRuleSaysSo() {
        // Given
        itemFaults(graph, Map.of("fraction", 1.0, "status", 503, "retryAfter", "2", "times", 1));
        graph.api().get("/graph/v1.0/me/calendars").then().statusCode(200);
        given().delete(graph.control() + "/item-faults").then().statusCode(204);
        String rule = itemFaults(graph, Map.of("fraction", 1.0, "status", 503, "retryAfter", "2", "times", 1, "singleCalls", true)).path("id");

        // When
        Response single = graph.api().get("/graph/v1.0/me/calendars");

        // Then
        single.then().statusCode(503).header("Retry-After", "2").header("X-Sandbox-Item-Fault", rule).body("error.code", equalTo("ServiceNotAvailable"));
        graph.api().get("/graph/v1.0/me/calendars").then().statusCode(200);
        given().get(graph.control() + "/requests").then().body("requests.status", contains(200, 503, 200)).body("requests.faulted", contains(false, true, false));
    }

    @Test
    void storesASingleGoogleInsertWhoseAnswerAnAfterItemFaultReplaces() {
        // Given
        itemFaults(google, Map.of("fraction", 1.0, "status", 500, "times", 1, "when", "after", "singleCalls", true));

        // When
        Response inserted = google.api().contentType(ContentType.JSON).body(INSERT.substring(INSERT.indexOf('{'))).post(CalendarFixture.GOOGLE_EVENTS);

        // Then
        inserted.then().statusCode(500).body("error.errors[0].reason", equalTo("backendError"));
        given().get(google.control() + "/events").then().body("events.id", contains("crm0faults1"));
    }

    @Test
    void letsAPathsAfterFaultRuleHaveTheLastWordOverAnAfterItemFault() {
        // Given
        itemFaults(google, Map.of("fraction", 1.0, "status", 500, "times", 1, "when", "after", "singleCalls", true));
        String rule = given().contentType(ContentType.JSON).body(Map.of("method", "POST", "path", CalendarFixture.GOOGLE_EVENTS, "times", 1,
                "when", "after", "status", 502)).post("/control/faults").then().statusCode(201).extract().path("id");

        // When
        Response inserted = google.api().contentType(ContentType.JSON).body(INSERT.substring(INSERT.indexOf('{'))).post(CalendarFixture.GOOGLE_EVENTS);

        // Then
        inserted.then().statusCode(502).header("X-Sandbox-Fault", rule);
        given().get(google.control() + "/events").then().body("events.id", contains("crm0faults1"));
    }

    @Test
    void refusesRulesTheProviderWouldNotAnswer() {
        // When
        Response none = itemFaults(google, Map.of("fraction", 0, "status", 429));

        // Then
        none.then().statusCode(400).body("error", equalTo("invalid_request"));
        itemFaults(google, Map.of("fraction", 1.5, "status", 429)).then().statusCode(400);
        itemFaults(google, Map.of("fraction", 0.5, "status", 404)).then().statusCode(400);
        itemFaults(google, Map.of("fraction", 0.5, "status", 429, "reason", "backendError")).then().statusCode(400);
        itemFaults(graph, Map.of("fraction", 0.5, "status", 429, "reason", "TooManyRequests")).then().statusCode(400);
        itemFaults(graph, Map.of("fraction", 0.5, "status", 429, "when", "later")).then().statusCode(400);
        itemFaults(google, Map.of("fraction", 0.5, "status", 403, "reason", "quotaExceeded")).then().statusCode(201);
    }

    @Test
    void recordsEachGoogleBatchWithItsBodyAsReceivedAndEachPartsOutcome() {
        // Given
        String body = GoogleBatchParts.envelope(BOUNDARY, List.of(CALENDARS, "GET /calendar/v3/calendars/primary/events/nosuchevent\n"),
                List.of("<r+1>", "<r+2>"), "\n");
        long request = google.lastRequest() + 1;

        // When
        google.api().contentType("multipart/mixed; boundary=" + BOUNDARY).body(body.getBytes(StandardCharsets.UTF_8)).post(GoogleBatchTest.BATCH)
                .then().statusCode(200);

        // Then
        Response batches = given().get("/control/calendar/google/batches");
        batches.then().statusCode(200).body("batches", hasSize(1))
                .body("batches[0].body", equalTo(body))
                .body("batches[0].contentType", equalTo("multipart/mixed; boundary=" + BOUNDARY))
                .body("batches[0].account", equalTo(google.account()))
                .body("batches[0].request", equalTo((int) request))
                .body("batches[0].parts", equalTo(2))
                .body("batches[0].status", equalTo(200))
                .body("batches[0].outcomes.id", contains("<r+1>", "<r+2>"))
                .body("batches[0].outcomes.status", contains(200, 404));
        long last = ((Number) batches.path("last")).longValue();
        google.api().contentType("multipart/mixed; boundary=" + BOUNDARY).body(new byte[0]).post(GoogleBatchTest.BATCH).then().statusCode(400);
        given().queryParam("since", last).get("/control/calendar/google/batches").then().body("batches", hasSize(1))
                .body("batches[0].status", equalTo(400)).body("batches[0].parts", nullValue()).body("batches[0].body", equalTo(""));
    }

    @Test
    void recordsEachGraphBatchWithItsBodyAsReceived() {
        // Given
        String body = "{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/me/calendars\"},{\"id\":\"2\",\"method\":\"DELETE\",\"url\":\"/me/events/gone\"}]}";

        // When
        graph.api().urlEncodingEnabled(false).contentType(ContentType.JSON).body(body).post(GraphBatchTest.BATCH).then().statusCode(200);

        // Then
        given().get("/control/calendar/microsoft/batches").then().statusCode(200)
                .body("batches[0].body", equalTo(body))
                .body("batches[0].parts", equalTo(2))
                .body("batches[0].outcomes.id", contains("1", "2"))
                .body("batches[0].outcomes.status", contains(200, 404))
                .body("batches[0].outcomes.faulted", contains(false, false));
    }

    private static Response itemFaults(CalendarFixture user, Map<String, Object> rule) {
        return given().contentType(ContentType.JSON).body(rule).post(user.control() + "/item-faults");
    }

    private Response googleBatch(List<String> parts, List<String> ids) {
        return google.api().contentType("multipart/mixed; boundary=" + BOUNDARY)
                .body(GoogleBatchParts.envelope(BOUNDARY, parts, ids).getBytes(StandardCharsets.UTF_8)).post(GoogleBatchTest.BATCH);
    }

    private Response graphBatch(List<Map<String, Object>> requests) {
        return graph.api().urlEncodingEnabled(false).contentType(ContentType.JSON).body(Map.of("requests", requests)).post(GraphBatchTest.BATCH);
    }

    private static List<Integer> statuses(Response batch) throws Exception {
        return GoogleBatchTest.read(batch).stream().map(GoogleBatchParts.Answer::status).toList();
    }
}
