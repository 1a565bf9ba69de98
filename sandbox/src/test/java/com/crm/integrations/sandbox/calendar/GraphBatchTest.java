package com.crm.integrations.sandbox.calendar;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** Graph's JSON batching ({@code POST /graph/v1.0/$batch}, PROVIDERS.md §4.4) over real HTTP. */
@QuarkusTest
class GraphBatchTest {

    static final String BATCH = "/graph/v1.0/$batch";
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
    private static final Map<String, Object> CALL = Map.of("subject", "Call", "transactionId", "crm-act-1",
            "start", Map.of("dateTime", "2025-03-05T13:00:00", "timeZone", "UTC"), "end", Map.of("dateTime", "2025-03-05T13:30:00", "timeZone", "UTC"));

    private CalendarFixture user;

    @BeforeEach
    void connect() {
        CalendarFixture.reset();
        user = CalendarFixture.connect("microsoft", "mbatch");
    }

    @AfterEach
    void reset() {
        CalendarFixture.reset();
    }

    @Test
    void runsEachRequestAsASingleCallAndAnswersEachById() {
        // Given
        String old = user.createId(Map.of("title", "Old", "start", "2025-03-04T09:00:00Z"));
        String kept = user.createId(Map.of("title", "Kept", "start", "2025-03-04T11:00:00Z"));
        List<Map<String, Object>> requests = List.of(
                Map.of("id", "1", "method", "POST", "url", "/me/events", "headers", JSON, "body", CALL),
                Map.of("id", "2", "method", "DELETE", "url", "/me/events/" + old),
                Map.of("id", "3", "method", "PATCH", "url", "/me/events/" + kept, "headers", Map.of("Content-Type", "application/json",
                        "If-Match", "W/\"stale\""), "body", Map.of("subject", "Mine")),
                Map.of("id", "4", "method", "GET", "url", "me/events/" + kept));

        // When
        Response batch = send(requests);

        // Then
        batch.then().statusCode(200).body("responses", hasSize(4));
        Map<String, Map<String, Object>> byId = byId(batch);
        assertEquals(201, byId.get("1").get("status"));
        assertEquals("crm-act-1", JsonPath.from(batch.asString()).getString("responses.find { it.id == '1' }.body.transactionId"));
        assertEquals(204, byId.get("2").get("status"));
        assertTrue(!byId.get("2").containsKey("body"));
        assertEquals(412, byId.get("3").get("status"));
        assertEquals("ErrorIrresolvableConflict", JsonPath.from(batch.asString()).getString("responses.find { it.id == '3' }.body.error.code"));
        assertEquals(200, byId.get("4").get("status"));
        assertEquals("application/json; charset=utf-8", JsonPath.from(batch.asString()).getString("responses.find { it.id == '4' }.headers.Content-Type"));
        given().get(user.control() + "/events").then().body("events.find { it.title == 'Old' }.status", equalTo("deleted"))
                .body("events.find { it.transactionId == 'crm-act-1' }.title", equalTo("Call"));
    }

    @Test
    void answersARepeatedTransactionIdInABatchWithTheEventItMade() {
        // Given
        String first = user.api().contentType(ContentType.JSON).body(CALL).post("/graph/v1.0/me/events").then().statusCode(201).extract().path("id");

        // When
        Response batch = send(List.of(Map.of("id", "a", "method", "POST", "url", "/me/events", "headers", JSON, "body", CALL)));

        // Then
        batch.then().statusCode(200).body("responses[0].status", equalTo(201)).body("responses[0].body.id", equalTo(first));
        given().get(user.control() + "/events").then().body("events", hasSize(1));
    }

    @Test
    void refusesAMalformedEnvelopeWith400() {
        // When
        Response notJson = user.api().urlEncodingEnabled(false).contentType(ContentType.JSON).body("{\"requests\": [").post(BATCH);

        // Then
        notJson.then().statusCode(400).body("error.code", equalTo("BadRequest")).body("error.innerError.request-id", notNullValue());
        user.api().urlEncodingEnabled(false).contentType(ContentType.JSON).body("{\"requests\": []}").post(BATCH).then().statusCode(400);
        user.api().urlEncodingEnabled(false).contentType(ContentType.JSON).body("{\"other\": 1}").post(BATCH).then().statusCode(400);
        send(List.of(Map.of("id", "1", "method", "GET"))).then().statusCode(400);
        send(List.of(Map.of("id", "1", "method", "FETCH", "url", "/me/events"))).then().statusCode(400);
    }

    @Test
    void refusesMoreThan20RequestsRepeatedIdsAndABodyWithoutContentType() {
        // Given
        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            many.add(Map.of("id", "r" + i, "method", "GET", "url", "/me/calendars"));
        }

        // When
        Response tooMany = send(many);

        // Then
        tooMany.then().statusCode(400).body("error.code", equalTo("BadRequest"));
        send(many.subList(0, 20)).then().statusCode(200).body("responses", hasSize(20));
        send(List.of(Map.of("id", "a", "method", "GET", "url", "/me/calendars"), Map.of("id", "A", "method", "GET", "url", "/me/calendars")))
                .then().statusCode(400).body("error.message", equalTo("Batch request ids must be unique: A is repeated."));
        send(List.of(Map.of("id", "1", "method", "POST", "url", "/me/events", "body", CALL))).then().statusCode(400)
                .body("error.message", equalTo("Write request id : 1 does not contain Content-Type header or body."));
        given().get(user.control() + "/events").then().body("events", hasSize(0));
    }

    @Test
    void runsADependsOnChainInOrderAndAnswers424AfterAFailure() {
        // Given
        List<Map<String, Object>> chain = List.of(
                Map.of("id", "3", "method", "GET", "url", "/me/calendars", "dependsOn", List.of("2")),
                Map.of("id", "1", "method", "POST", "url", "/me/events", "headers", JSON, "body", CALL),
                Map.of("id", "2", "method", "GET", "url", "/me/events/nosuchevent", "dependsOn", List.of("1")));

        // When
        Response batch = send(chain);

        // Then
        batch.then().statusCode(200);
        Map<String, Map<String, Object>> byId = byId(batch);
        assertEquals(201, byId.get("1").get("status"));
        assertEquals(404, byId.get("2").get("status"));
        assertEquals(424, byId.get("3").get("status"));
        assertEquals("FailedDependency", JsonPath.from(batch.asString()).getString("responses.find { it.id == '3' }.body.error.code"));
        given().queryParam("since", 0).get(user.control() + "/requests").then().body("requests.item", contains(null, "1", "2"));
    }

    @Test
    void refusesIndependentRequestsMixedWithADependsOnChain() {
        // When
        Response batch = send(List.of(Map.of("id", "1", "method", "GET", "url", "/me/calendars"),
                Map.of("id", "2", "method", "GET", "url", "/me/calendars", "dependsOn", List.of("1")),
                Map.of("id", "3", "method", "GET", "url", "/me/calendars")));

        // Then
        batch.then().statusCode(400).body("error.code", equalTo("BadRequest"));
    }

    @Test
    void answersARequestWithAFullUrlWith400AndRunsTheOthers() {
        // When
        Response batch = send(List.of(Map.of("id", "1", "method", "GET", "url", "https://graph.microsoft.com/v1.0/me/calendars"),
                Map.of("id", "2", "method", "GET", "url", "/me/calendars")));

        // Then
        Map<String, Map<String, Object>> byId = byId(batch);
        assertEquals(400, byId.get("1").get("status"));
        assertEquals(200, byId.get("2").get("status"));
    }

    @Test
    void needsAValidTokenForTheBatchItself() {
        // When
        Response batch = given().urlEncodingEnabled(false).contentType(ContentType.JSON).body(Map.of("requests", List.of(Map.of("id", "1", "method", "GET", "url", "/me/calendars"))))
                .post(BATCH);

        // Then
        batch.then().statusCode(401).body("error.code", equalTo("InvalidAuthenticationToken"));
    }

    @Test
    void runsFourRequestsAtOnceAndAnswersOneOverTheMailboxLimitWith429AndRetryAfter() throws Exception {
        // Given
        given().contentType(ContentType.JSON).body(Map.of("path", "/graph/v1.0/me/calendars", "millis", 2000)).post("/control/latency").then().statusCode(201);
        CompletableFuture<Integer> slow = CompletableFuture.supplyAsync(() -> user.api().get("/graph/v1.0/me/calendars").statusCode());
        awaitInFlight(1);
        List<Map<String, Object>> four = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            four.add(Map.of("id", String.valueOf(i), "method", "GET", "url", "/me/events"));
        }

        // When
        Response batch = send(four);

        // Then
        List<Integer> statuses = batch.jsonPath().getList("responses.status", Integer.class);
        assertEquals(1, statuses.stream().filter(status -> status == 429).count(), "statuses " + statuses);
        assertEquals(3, statuses.stream().filter(status -> status == 200).count(), "statuses " + statuses);
        Map<String, Object> throttled = batch.jsonPath().getMap("responses.find { it.status == 429 }");
        assertEquals("1", ((Map<?, ?>) throttled.get("headers")).get("Retry-After"));
        assertEquals("ApplicationThrottled", JsonPath.from(batch.asString()).getString("responses.find { it.status == 429 }.body.error.code"));
        assertEquals(200, slow.get());
        given().get(user.control() + "/concurrency").then().body("highest", equalTo(5)).body("inFlight", equalTo(0));
    }

    @Test
    void keepsABatchOfTwentyWithinTheMailboxLimitOfFour() {
        // Given
        List<Map<String, Object>> twenty = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            twenty.add(Map.of("id", String.valueOf(i), "method", "GET", "url", "/me/calendars"));
        }

        // When
        Response batch = send(twenty);

        // Then
        assertTrue(batch.jsonPath().getList("responses.status", Integer.class).stream().allMatch(status -> status == 200));
        given().get(user.control() + "/concurrency").then().body("highest", equalTo(4));
    }

    @Test
    void countsEachRequestAgainstTheThrottleRulesAndGivesAnswersInTheOrderSet() {
        // Given
        user.throttle(Map.of("status", 429, "retryAfter", "2.5", "times", 1)).then().statusCode(201);
        given().contentType(ContentType.JSON).body(Map.of("order", "shuffled", "seed", 7)).put("/control/calendar/microsoft/batch-order").then()
                .statusCode(200).body("order", equalTo("shuffled")).body("seed", equalTo(7));
        List<Map<String, Object>> requests = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            requests.add(Map.of("id", String.valueOf(i), "method", "GET", "url", "/me/calendars"));
        }

        // When
        Response batch = send(requests);

        // Then
        List<String> ids = batch.jsonPath().getList("responses.id");
        assertEquals(List.of("1", "2", "3", "4", "5", "6"), ids.stream().sorted().toList());
        assertTrue(!ids.equals(List.of("1", "2", "3", "4", "5", "6")), "ids " + ids);
        assertEquals(429, byId(batch).get("1").get("status"));
        assertEquals("2.5", JsonPath.from(batch.asString()).getString("responses.find { it.id == '1' }.headers.Retry-After"));
        assertEquals("TooManyRequests", JsonPath.from(batch.asString()).getString("responses.find { it.id == '1' }.body.error.code"));
    }

    private Response send(List<Map<String, Object>> requests) {
        return user.api().urlEncodingEnabled(false).contentType(ContentType.JSON).body(Map.of("requests", requests)).post(BATCH);
    }

    private static Map<String, Map<String, Object>> byId(Response batch) {
        Map<String, Map<String, Object>> byId = new java.util.HashMap<>();
        for (Map<String, Object> response : batch.jsonPath().<Map<String, Object>>getList("responses")) {
            byId.put((String) response.get("id"), response);
        }
        return byId;
    }

    private void awaitInFlight(int count) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (given().get(user.control() + "/concurrency").<Integer>path("inFlight") >= count) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("never " + count + " in flight");
    }
}
