package com.crm.integrations.sandbox.control;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.crm.integrations.sandbox.control.rest.FaultInjectionRoute;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
class FaultControlTest {

    private static final String SECRET = "test-client-secret";

    /** Rules outlive a test and the app is shared by every test class: leave none behind. */
    @BeforeEach
    @AfterEach
    void reset() {
        given().post("/control/reset").then().statusCode(204);
    }

    @Test
    void failsTheNextMatchingCallsThenBehavesNormally() {
        // Given
        rule("/control/faults", """
                {"method": "POST", "path": "/idp/token", "times": 2, "status": 503,
                 "body": "{\\"error\\":\\"temporarily_unavailable\\"}", "retryAfter": "2"}""");

        // When
        Response first = token();
        Response second = token();
        Response third = token();

        // Then
        for (Response failed : new Response[] { first, second }) {
            failed.then()
                    .statusCode(503)
                    .header("Retry-After", "2")
                    .contentType(ContentType.JSON)
                    .body("error", equalTo("temporarily_unavailable"));
        }
        third.then().statusCode(200).body("access_token", notNullValue());
    }

    @Test
    void answersAFaultWithTheGivenContentTypeAndAnHttpDateRetryAfter() {
        // Given
        rule("/control/faults", """
                {"path": "/idp/jwks", "status": 429, "body": "slow down", "contentType": "text/plain",
                 "retryAfter": "Wed, 21 Oct 2037 07:28:00 GMT"}""");

        // When
        Response response = given().get("/idp/jwks");

        // Then
        response.then()
                .statusCode(429)
                .contentType("text/plain")
                .header("Retry-After", "Wed, 21 Oct 2037 07:28:00 GMT")
                .body(equalTo("slow down"));
    }

    @Test
    void matchesByMethodAndPathPrefix() {
        // Given
        rule("/control/faults", """
                {"method": "post", "path": "/idp/*", "status": 500}""");

        // When
        Response get = given().get("/idp/jwks");
        Response post = token();

        // Then
        get.then().statusCode(200);
        post.then().statusCode(500).body(emptyOrNullString());
    }

    @Test
    void delaysMatchingCallsByAtLeastTheGivenMillis() {
        // Given
        rule("/control/latency", """
                {"method": "POST", "path": "/idp/token", "millis": 700, "times": 1}""");

        // When
        long start = System.nanoTime();
        Response delayed = token();
        long delayedMillis = (System.nanoTime() - start) / 1_000_000;

        // Then
        delayed.then().statusCode(200).body("access_token", notNullValue());
        assertTrue(delayedMillis >= 700, "took " + delayedMillis + " ms");
    }

    @Test
    void stopsDelayingOnceTheTimesAreUsed() {
        // Given
        rule("/control/latency", """
                {"path": "/idp/jwks", "millis": 2000, "times": 1}""");
        given().get("/idp/jwks").then().header(FaultInjectionRoute.DELAY_HEADER, "2000");

        // When
        Response next = given().get("/idp/jwks");

        // Then: the rule's one use is spent, and the sandbox says it held nothing back
        next.then().statusCode(200).header(FaultInjectionRoute.DELAY_HEADER, nullValue());
    }

    @Test
    void delaysThenFails() {
        // Given
        rule("/control/latency", """
                {"path": "/idp/jwks", "millis": 400}""");
        rule("/control/faults", """
                {"path": "/idp/jwks", "status": 502, "times": 1}""");

        // When
        long start = System.nanoTime();
        Response response = given().get("/idp/jwks");
        long millis = (System.nanoTime() - start) / 1_000_000;

        // Then
        response.then().statusCode(502);
        assertTrue(millis >= 400, "took " + millis + " ms");
    }

    @Test
    void closesTheConnectionInsteadOfAnswering() {
        // Given
        String id = rule("/control/faults", """
                {"method": "POST", "path": "/idp/token", "times": 1, "close": true}""");

        // When
        IOException lost = assertThrows(IOException.class, FaultControlTest::token);

        // Then
        assertTrue(lost.getMessage() != null, "a connection failure: " + lost);
        token().then().statusCode(200).header(FaultInjectionRoute.FAULT_HEADER, nullValue());
        given().queryParam("path", "/idp/token").get("/control/calls").then().body("count", equalTo(2));
        given().get("/control/rules").then().body("find { it.id == '" + id + "' }", nullValue());
    }

    @Test
    void answersWithTheRuleOnceTheEndpointHasRun() {
        // Given
        String id = rule("/control/faults", """
                {"method": "POST", "path": "/idp/token", "when": "after", "status": 503, "body": "{\\"error\\":\\"lost\\"}",
                 "retryAfter": "3", "times": 1}""");

        // When
        Response replaced = token();

        // Then: the endpoint's no-store headers gone with its token
        replaced.then()
                .statusCode(503)
                .contentType(ContentType.JSON)
                .header("Retry-After", "3")
                .header(FaultInjectionRoute.FAULT_HEADER, id)
                .header("Cache-Control", nullValue())
                .body("error", equalTo("lost"))
                .body("access_token", nullValue());
        token().then().statusCode(200);
    }

    @Test
    void holdsTheAnswerBackOnceTheEndpointHasRun() {
        // Given
        rule("/control/latency", """
                {"path": "/idp/jwks", "when": "after", "millis": 700, "times": 1}""");

        // When
        long start = System.nanoTime();
        Response delayed = given().get("/idp/jwks");
        long millis = (System.nanoTime() - start) / 1_000_000;

        // Then
        delayed.then().statusCode(200).header(FaultInjectionRoute.DELAY_HEADER, "700").body("keys", hasSize(1));
        assertTrue(millis >= 700, "took " + millis + " ms");
    }

    @Test
    void showsWhenEachRuleActsAndWhetherAFaultCloses() {
        // Given
        String closing = rule("/control/faults", """
                {"path": "/idp/token", "when": "after", "close": true}""");
        String answering = rule("/control/faults", """
                {"path": "/idp/jwks", "status": 500}""");
        String latency = rule("/control/latency", """
                {"path": "/idp/*", "when": "after", "millis": 5}""");

        // When
        Response rules = given().get("/control/rules");

        // Then
        rules.then()
                .statusCode(200)
                .body("find { it.id == '" + closing + "' }.when", equalTo("after"))
                .body("find { it.id == '" + closing + "' }.close", equalTo(true))
                .body("find { it.id == '" + closing + "' }.status", nullValue())
                .body("find { it.id == '" + answering + "' }.when", equalTo("before"))
                .body("find { it.id == '" + answering + "' }.close", equalTo(false))
                .body("find { it.id == '" + answering + "' }.status", equalTo(500))
                .body("find { it.id == '" + latency + "' }.when", equalTo("after"))
                .body("find { it.id == '" + latency + "' }.close", nullValue());
    }

    @Test
    void countsEveryCallThatReachedAPathIncludingFailedOnes() {
        // Given
        rule("/control/faults", """
                {"path": "/idp/token", "status": 503, "times": 1}""");
        token();
        token();
        given().get("/idp/jwks");

        // When
        Response count = given().queryParam("path", "/idp/token").get("/control/calls");

        // Then
        count.then().statusCode(200).body("path", equalTo("/idp/token")).body("count", equalTo(2));
        given().queryParam("path", "/idp/*").get("/control/calls").then().body("count", equalTo(3));
        given().get("/control/calls").then().body("calls.'/idp/jwks'", equalTo(1));
    }

    @Test
    void listsActiveRulesWithTheirRemainingUses() {
        // Given
        String id = rule("/control/faults", """
                {"path": "/idp/jwks", "status": 500, "times": 3}""");
        rule("/control/latency", """
                {"path": "/idp/*", "millis": 1}""");
        given().get("/idp/jwks");

        // When
        Response rules = given().get("/control/rules");

        // Then
        rules.then()
                .statusCode(200)
                .body("", hasSize(2))
                .body("find { it.id == '" + id + "' }.type", equalTo("fault"))
                .body("find { it.id == '" + id + "' }.remaining", equalTo(2))
                .body("find { it.type == 'latency' }.remaining", nullValue())
                .body("find { it.type == 'latency' }.millis", equalTo(1));
    }

    @Test
    void forgetsARuleOnceItsTimesAreUsed() {
        // Given
        rule("/control/faults", """
                {"path": "/idp/jwks", "status": 500, "times": 1}""");
        given().get("/idp/jwks");

        // When
        Response rules = given().get("/control/rules");

        // Then
        rules.then().body("", hasSize(0));
    }

    @Test
    void removesOneRule() {
        // Given
        String id = rule("/control/faults", """
                {"path": "/idp/jwks", "status": 500}""");

        // When
        Response removed = given().delete("/control/rules/" + id);

        // Then
        removed.then().statusCode(204);
        given().get("/idp/jwks").then().statusCode(200);
        given().delete("/control/rules/" + id).then().statusCode(404).body("error", equalTo("not_found"));
    }

    @Test
    void resetClearsRulesAndCounts() {
        // Given
        rule("/control/faults", """
                {"path": "/idp/jwks", "status": 500}""");
        given().get("/idp/jwks");

        // When
        Response reset = given().post("/control/reset");

        // Then
        reset.then().statusCode(204);
        given().get("/control/rules").then().body("", hasSize(0));
        given().get("/control/calls").then().body("calls", anEmptyMap());
        given().get("/idp/jwks").then().statusCode(200);
    }

    @Test
    void leavesTheControlApiAndQuarkusEndpointsAlone() {
        // Given
        rule("/control/faults", """
                {"path": "/*", "status": 500}""");
        rule("/control/latency", """
                {"path": "/*", "millis": 3000}""");

        // When
        Response health = given().get("/q/health/ready");
        Response rules = given().get("/control/rules");

        // Then: neither held back nor faulted
        health.then().statusCode(200).header(FaultInjectionRoute.DELAY_HEADER, nullValue()).header("X-Sandbox-Fault", nullValue());
        rules.then().statusCode(200).header(FaultInjectionRoute.DELAY_HEADER, nullValue()).header("X-Sandbox-Fault", nullValue());
        given().queryParam("path", "/*").get("/control/calls").then().body("count", equalTo(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"path\": \"/idp/token\", \"status\": 99}",
            "{\"path\": \"/idp/token\", \"status\": 600}",
            "{\"path\": \"/idp/token\", \"status\": 100}",
            "{\"path\": \"/idp/token\"}",
            "{\"path\": \"/idp/token\", \"status\": 503, \"times\": 0}",
            "{\"path\": \"idp/token\", \"status\": 503}",
            "{\"status\": 503}",
            "{\"path\": \"/idp/*/x\", \"status\": 503}",
            "{\"path\": \"/control/reset\", \"status\": 503}",
            "{\"path\": \"/q/health\", \"status\": 503}",
            "{\"path\": \"/idp/token\", \"status\": 503, \"retryAfter\": \"soon\"}",
            "{\"path\": \"/idp/token\", \"status\": 503, \"contentType\": \"json\\r\\nX-Evil: 1\"}",
            "{\"path\": \"/idp/token\", \"status\": 204, \"body\": \"x\"}",
            "{\"method\": \"GET /\", \"path\": \"/idp/token\", \"status\": 503}",
            "{\"path\": \"/idp/token\", \"status\": \"five hundred\"}",
            "{\"path\": \"/idp/token\", \"status\": 503, \"time\": 3}",
            "{\"path\": \"/idp/token\", \"status\": 503, \"when\": \"later\"}",
            "{\"path\": \"/idp/token\", \"status\": 503, \"when\": \"AFTER\"}",
            "{\"path\": \"/idp/token\", \"status\": 503, \"when\": 1}",
            "{\"path\": \"/idp/token\", \"close\": true, \"status\": 503}",
            "{\"path\": \"/idp/token\", \"close\": true, \"when\": \"after\", \"body\": \"x\"}",
            "{\"path\": \"/idp/token\", \"close\": true, \"retryAfter\": \"2\"}",
            "{\"path\": \"/idp/token\", \"close\": false}",
            "{\"path\": \"/idp/token\", \"status\": 503, \"share\": 0}",
            "{\"path\": \"/idp/token\", \"status\": 503, \"share\": -1}",
            "{\"path\": \"/idp/token\", \"status\": 503, \"share\": 1.5}",
            "{\"path\": \"/idp/token\", \"status\": 503, \"share\": \"half\"}",
            "{\"path\": \"/idp/token\", \"close\": true, \"share\": 0}",
            "{\"path\": ",
            ""
    })
    void refusesABadFault(String body) {
        // When
        Response response = given().contentType(ContentType.JSON).body(body).post("/control/faults");

        // Then
        response.then().statusCode(400).body("error", equalTo("invalid_request")).body("error_description", notNullValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"path\": \"/idp/token\", \"millis\": -1}",
            "{\"path\": \"/idp/token\", \"millis\": 60001}",
            "{\"path\": \"/idp/token\"}",
            "{\"path\": \"/idp/token\", \"millis\": 10, \"times\": 0}",
            "{\"path\": \"nowhere\", \"millis\": 10}",
            "{\"path\": \"/idp/token\", \"millis\": 10, \"when\": \"during\"}",
            "{\"path\": \"/idp/token\", \"millis\": 10, \"close\": true}",
            "{\"path\": \"/idp/token\", \"millis\": 10, \"share\": 0}",
            "{\"path\": \"/idp/token\", \"millis\": 10, \"share\": -1}",
            "{\"path\": \"/idp/token\", \"millis\": 10, \"share\": 1.5}",
            "{\"path\": \"/idp/token\", \"millis\": 10, \"share\": \"half\"}"
    })
    void refusesABadLatency(String body) {
        // When
        Response response = given().contentType(ContentType.JSON).body(body).post("/control/latency");

        // Then
        response.then().statusCode(400).body("error", equalTo("invalid_request"));
    }

    private static String rule(String endpoint, String body) {
        return given().contentType(ContentType.JSON).body(body).post(endpoint)
                .then().statusCode(201).extract().path("id");
    }

    private static Response token() {
        return given().contentType(ContentType.URLENC)
                .auth().preemptive().basic("token-service", SECRET)
                .formParam("grant_type", "client_credentials")
                .post("/idp/token");
    }
}
