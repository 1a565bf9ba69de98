package com.crm.integrations.sandbox.calendar;

import static com.crm.integrations.sandbox.calendar.CalendarFixture.GOOGLE_EVENTS;
import static com.crm.integrations.sandbox.calendar.CalendarFixture.GRAPH_DELTA;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
class CalendarGateTest {

    private static final String WINDOW = "?startDateTime=2025-03-01T00:00:00Z&endDateTime=2025-04-01T00:00:00Z";

    @BeforeEach
    void reset() {
        CalendarFixture.reset();
    }

    @Test
    void refusesAGoogleRequestWithoutATokenInGooglesWords() {
        // When
        Response list = given().get(GOOGLE_EVENTS);

        // Then
        list.then().statusCode(401).body("error", equalTo(Map.of("errors", List.of(Map.of("domain", "global", "reason", "authError",
                "message", "Invalid Credentials", "locationType", "header", "location", "Authorization")), "code", 401, "message",
                "Invalid Credentials")));
    }

    @Test
    void refusesAGoogleTokenItNeverIssuedAMicrosoftOneAndAnExpiredOne() {
        // Given
        CalendarFixture google = CalendarFixture.connect("google", "gate");
        CalendarFixture microsoft = CalendarFixture.connect("microsoft", "gate");

        // When
        Response wrong = given().header("Authorization", "Bearer ya29.not-issued").get(GOOGLE_EVENTS);

        // Then
        wrong.then().statusCode(401).body("error.errors[0].reason", equalTo("authError"));
        microsoft.api().get(GOOGLE_EVENTS).then().statusCode(401);
        google.api().get(GOOGLE_EVENTS).then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"advanceSeconds\": 3600}").post("/control/clock").then().statusCode(200);
        google.api().get(GOOGLE_EVENTS).then().statusCode(401);
    }

    @Test
    void refusesTheTokensOfAnAccountThatRemovedTheApp() {
        // Given
        CalendarFixture user = CalendarFixture.connect("microsoft", "gate");
        user.api().get(GRAPH_DELTA + WINDOW).then().statusCode(200);
        given().post("/control/microsoft/accounts/" + user.account() + "/revoke").then().statusCode(204);

        // When
        Response round = user.api().get(GRAPH_DELTA + WINDOW);

        // Then
        round.then().statusCode(401).body("error.code", equalTo("InvalidAuthenticationToken"));
    }

    @Test
    void refusesAGraphRequestWithoutOrWithAWrongTokenInGraphsWords() {
        // When
        Response missing = given().header("client-request-id", "c-9").get("/graph/v1.0/me/calendars");
        Response wrong = given().header("Authorization", "Bearer eyJ0eXAi.wrong.token").get("/graph/v1.0/me/calendars");

        // Then
        missing.then().statusCode(401)
                .header("client-request-id", "c-9")
                .body("error.code", equalTo("InvalidAuthenticationToken"))
                .body("error.message", equalTo("Access token is empty."))
                .body("error.innerError.client-request-id", equalTo("c-9"))
                .body("error.innerError.request-id", notNullValue())
                .body("error.innerError.date", notNullValue());
        wrong.then().statusCode(401).body("error.code", equalTo("InvalidAuthenticationToken"));
    }

    @Test
    void letsTheFaultRulesDelayAndCountRefusedRequestsToo() {
        // Given
        given().contentType(ContentType.JSON).body(Map.of("path", "/graph/*", "millis", 100)).post("/control/latency").then().statusCode(201);

        // When
        Response refused = given().get("/graph/v1.0/me/calendars");

        // Then
        refused.then().statusCode(401).header("X-Sandbox-Delay", "100");
        given().queryParam("path", "/graph/*").get("/control/calls").then().body("count", equalTo(1));
    }

    @Test
    void throttlesAGoogleAccountsNextRequestsAndNoOtherAccount() {
        // Given
        CalendarFixture user = CalendarFixture.connect("google", "busy");
        CalendarFixture other = CalendarFixture.connect("google", "calm");
        user.throttle(Map.of("status", 403, "reason", "userRateLimitExceeded", "times", 2)).then().statusCode(201)
                .body("remaining", equalTo(2));

        // When
        Response first = user.api().get(GOOGLE_EVENTS);

        // Then
        first.then().statusCode(403).body("error", equalTo(Map.of("errors", List.of(Map.of("domain", "usageLimits", "reason",
                "userRateLimitExceeded", "message", "User Rate Limit Exceeded")), "code", 403, "message", "User Rate Limit Exceeded")));
        other.api().get(GOOGLE_EVENTS).then().statusCode(200);
        user.api().get(GOOGLE_EVENTS).then().statusCode(403);
        user.api().get(GOOGLE_EVENTS).then().statusCode(200);
    }

    @Test
    void aThrottleLetsItsFirstRequestsThroughWhenAsked() {
        // Given: a rule that lets two requests through, then answers 503 once
        CalendarFixture user = CalendarFixture.connect("google", "paging");
        user.throttle(Map.of("status", 503, "after", 2, "times", 1)).then().statusCode(201);

        // When
        List<Integer> statuses = java.util.stream.IntStream.range(0, 4).mapToObj(i -> user.api().get(GOOGLE_EVENTS).statusCode()).toList();

        // Then
        assertEquals(List.of(200, 200, 503, 200), statuses);
    }

    @Test
    void throttlesGoogleWith429AndRateLimitExceeded() {
        // Given
        CalendarFixture user = CalendarFixture.connect("google", "busy");
        user.throttle(Map.of("status", 429, "times", 1)).then().statusCode(201);

        // When
        Response list = user.api().get(GOOGLE_EVENTS);

        // Then
        list.then().statusCode(429).body("error.errors[0].reason", equalTo("rateLimitExceeded")).header("Retry-After", nullValue());
    }

    @Test
    void throttlesGraphWith429AndAFractionalRetryAfter() {
        // Given
        CalendarFixture user = CalendarFixture.connect("microsoft", "busy");
        user.throttle(Map.of("status", 429, "retryAfter", "2.128", "times", 1)).then().statusCode(201);

        // When
        Response round = user.api().get(GRAPH_DELTA + WINDOW);

        // Then
        round.then().statusCode(429).header("Retry-After", "2.128")
                .body("error.code", equalTo("TooManyRequests"))
                .body("error.message", equalTo("Please retry again later."))
                .body("error.innerError.request-id", notNullValue());
        user.api().get(GRAPH_DELTA + WINDOW).then().statusCode(200);
    }

    @Test
    void throttlesGraphWith503WithoutRetryAfterForADuration() {
        // Given
        CalendarFixture user = CalendarFixture.connect("microsoft", "busy");
        user.throttle(Map.of("status", 503, "seconds", 30)).then().statusCode(201);
        user.api().get(GRAPH_DELTA + WINDOW).then().statusCode(503).header("Retry-After", nullValue());
        user.api().get(GRAPH_DELTA + WINDOW).then().statusCode(503);

        // When
        given().contentType(ContentType.JSON).body("{\"advanceSeconds\": 31}").post("/control/clock").then().statusCode(200);

        // Then
        user.api().get(GRAPH_DELTA + WINDOW).then().statusCode(200);
    }

    @Test
    void refusesAThrottleTheProviderWouldNotSend() {
        // Given
        CalendarFixture user = CalendarFixture.connect("google", "busy");

        // When
        Response rule = user.throttle(Map.of("status", 429, "reason", "quotaExceeded"));

        // Then
        rule.then().statusCode(400).body("error", equalTo("invalid_request"));
        CalendarFixture.connect("microsoft", "busy").throttle(Map.of("status", 403)).then().statusCode(400);
    }

    @Test
    void answersOverTheMailboxConcurrencyLimitWith429AndCountsTheHighest() throws Exception {
        // Given
        CalendarFixture user = CalendarFixture.connect("microsoft", "parallel");
        given().contentType(ContentType.JSON).body(Map.of("path", "/graph/v1.0/me/calendars", "millis", 1500)).post("/control/latency")
                .then().statusCode(201);

        // When
        List<Integer> statuses = concurrently(6, () -> user.api().get("/graph/v1.0/me/calendars").statusCode());

        // Then
        int throttled = (int) statuses.stream().filter(status -> status == 429).count();
        assertTrue(throttled >= 1, "statuses " + statuses);
        assertEquals(6 - throttled, statuses.stream().filter(status -> status == 200).count(), "statuses " + statuses);
        Response concurrency = given().get(user.control() + "/concurrency");
        concurrency.then().body("limit", equalTo(4)).body("inFlight", equalTo(0));
        assertTrue(concurrency.<Integer>path("highest") > 4);
    }

    @Test
    void letsGoogleRequestsRunInParallelUnlessALimitIsSet() throws Exception {
        // Given
        CalendarFixture user = CalendarFixture.connect("google", "parallel");
        given().contentType(ContentType.JSON).body(Map.of("path", GOOGLE_EVENTS, "millis", 1500)).post("/control/latency").then().statusCode(201);

        // When
        List<Integer> statuses = concurrently(3, () -> user.api().get(GOOGLE_EVENTS).statusCode());

        // Then
        assertEquals(List.of(200, 200, 200), statuses);
        Response concurrency = given().get(user.control() + "/concurrency");
        concurrency.then().body("limit", nullValue()).body("inFlight", equalTo(0));
        assertTrue(concurrency.<Integer>path("highest") >= 2, "highest " + concurrency.path("highest"));
        given().contentType(ContentType.JSON).body(Map.of("limit", 1)).put(user.control() + "/concurrency").then().statusCode(200)
                .body("limit", equalTo(1));
        List<Integer> limited = concurrently(3, () -> user.api().get(GOOGLE_EVENTS).statusCode());
        assertTrue(limited.contains(429), "statuses " + limited);
    }

    @Test
    void logsEachRequestOfTheAccountWithoutItsToken() {
        // Given
        CalendarFixture user = CalendarFixture.connect("microsoft", "logged");
        String id = user.createId(Map.of("title", "Call", "start", "2025-03-03T09:00:00Z"));
        long since = user.lastRequest();
        user.api().header("Prefer", "odata.maxpagesize=10, IdType=\"ImmutableId\"").get(GRAPH_DELTA + WINDOW).then().statusCode(200);
        user.api().header("If-Match", "W/\"stale\"").contentType(ContentType.JSON).body("{\"subject\": \"x\"}")
                .patch("/graph/v1.0/me/events/" + id).then().statusCode(412);
        given().get("/graph/v1.0/me/calendars").then().statusCode(401);

        // When
        Response log = given().queryParam("since", since).get(user.control() + "/requests");

        // Then
        log.then().statusCode(200)
                .body("requests", hasSize(2))
                .body("requests[0].method", equalTo("GET"))
                .body("requests[0].path", equalTo(GRAPH_DELTA))
                .body("requests[0].query", equalTo("startDateTime=2025-03-01T00%3A00%3A00Z&endDateTime=2025-04-01T00%3A00%3A00Z")) // raw, as sent
                .body("requests[0].prefer", equalTo("odata.maxpagesize=10, IdType=\"ImmutableId\""))
                .body("requests[0].authorization", equalTo(true))
                .body("requests[0].status", equalTo(200))
                .body("requests[0].account", equalTo(user.account()))
                .body("requests[1].method", equalTo("PATCH"))
                .body("requests[1].ifMatch", equalTo("W/\"stale\""))
                .body("requests[1].status", equalTo(412))
                .body("requests.seq", everyItem(notNullValue()))
                .body("requests.at", everyItem(notNullValue()));
        assertFalse(log.asString().contains(user.accessToken()));
        given().queryParam("since", since).get("/control/calendar/microsoft/requests").then()
                .body("requests", hasSize(3)).body("requests[2].account", nullValue()).body("requests[2].authorization", equalTo(false))
                .body("requests[2].status", equalTo(401));
    }

    @Test
    void retriesAFailedPageWithTheSameTokenAndGetsThatPage() {
        // Given
        CalendarFixture user = CalendarFixture.connect("google", "faulty");
        List<String> seeded = user.seed(6, "2025-03-03T09:00:00Z", 60);
        Response first = user.api().queryParam("maxResults", 2).get(GOOGLE_EVENTS);
        Response second = user.api().queryParam("maxResults", 2).queryParam("pageToken", (String) first.path("nextPageToken")).get(GOOGLE_EVENTS);
        given().contentType(ContentType.JSON).body(Map.of("method", "GET", "path", GOOGLE_EVENTS, "times", 1, "status", 500))
                .post("/control/faults").then().statusCode(201);
        String third = second.path("nextPageToken");

        // When
        Response failed = user.api().queryParam("maxResults", 2).queryParam("pageToken", third).get(GOOGLE_EVENTS);

        // Then
        failed.then().statusCode(500);
        user.api().queryParam("maxResults", 2).queryParam("pageToken", third).get(GOOGLE_EVENTS).then().statusCode(200)
                .body("items.id", equalTo(seeded.subList(4, 6))).body("nextSyncToken", notNullValue());
        given().get(user.control() + "/requests").then().body("requests.find { it.status == 500 }.faulted", equalTo(true));
    }

    private static List<Integer> concurrently(int count, Callable<Integer> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(pool.submit(call));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> future : futures) {
                statuses.add(future.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }
}
