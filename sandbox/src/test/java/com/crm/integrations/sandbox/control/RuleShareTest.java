package com.crm.integrations.sandbox.control;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.crm.integrations.sandbox.control.rest.FaultInjectionRoute;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Rules that take a share of the matching requests ({@code share}), through the control API. */
@QuarkusTest
class RuleShareTest {

    /** Rules outlive a test and the app is shared by every test class: leave none behind. */
    @BeforeEach
    @AfterEach
    void reset() {
        given().post("/control/reset").then().statusCode(204);
    }

    @Test
    void faultsTheRequestsItsShareSpreadsEvenly() {
        // Given
        String id = rule("/control/faults", """
                {"path": "/idp/jwks", "status": 503, "share": 0.25}""");

        // When
        List<String> answers = jwks(8);

        // Then
        assertEquals(List.of("200", "200", "200", "503 " + id, "200", "200", "200", "503 " + id), answers);
    }

    @Test
    void spendsItsTimesOnlyOnTheRequestsItTakes() {
        // Given
        String id = rule("/control/faults", """
                {"path": "/idp/jwks", "status": 503, "share": 0.5, "times": 2}""");
        given().get("/idp/jwks").then().statusCode(200);

        // When
        Response rules = given().get("/control/rules");

        // Then: the request it passed over left it all its uses
        rules.then().statusCode(200).body("", hasSize(1)).body("[0].id", equalTo(id)).body("[0].remaining", equalTo(2));
        assertEquals(List.of("503 " + id, "200", "503 " + id, "200", "200"), jwks(5));
        given().get("/control/rules").then().body("", hasSize(0));
    }

    @Test
    void offersARequestTheFirstRulePassesOverToTheNext() {
        // Given
        String first = rule("/control/faults", """
                {"path": "/idp/jwks", "status": 503, "share": 0.5}""");
        String second = rule("/control/faults", """
                {"path": "/idp/*", "status": 429, "retryAfter": "1", "share": 0.5}""");

        // When
        List<String> answers = jwks(7);

        // Then: the second rule is offered the 1st, 3rd, 5th and 7th requests, and takes every second of those
        assertEquals(List.of("200", "503 " + first, "429 " + second, "503 " + first, "200", "503 " + first, "429 " + second), answers);
    }

    @Test
    void delaysTheRequestsItsShareSpreadsEvenly() {
        // Given
        rule("/control/latency", """
                {"path": "/idp/jwks", "millis": 20, "share": 0.5}""");

        // When
        List<String> delays = new ArrayList<>();
        for (int n = 1; n <= 4; n++) {
            Response response = given().get("/idp/jwks");
            response.then().statusCode(200);
            delays.add(String.valueOf(response.header(FaultInjectionRoute.DELAY_HEADER)));
        }

        // Then
        assertEquals(List.of("null", "20", "null", "20"), delays);
    }

    @Test
    void showsEachRulesShare() {
        // Given
        String fault = rule("/control/faults", """
                {"path": "/idp/jwks", "status": 503, "share": 0.05}""");
        String latency = rule("/control/latency", """
                {"path": "/idp/jwks", "millis": 5000, "share": 0.2, "when": "after"}""");
        String every = rule("/control/faults", """
                {"path": "/idp/token", "status": 503}""");

        // When
        Response rules = given().get("/control/rules");

        // Then
        rules.then()
                .statusCode(200)
                .body("find { it.id == '" + fault + "' }.share", equalTo(0.05f))
                .body("find { it.id == '" + latency + "' }.share", equalTo(0.2f))
                .body("find { it.id == '" + every + "' }.share", equalTo(1.0f));
    }

    @Test
    void answersTheNewRuleWithItsShare() {
        // When
        Response created = given().contentType(ContentType.JSON)
                .body("""
                        {"path": "/idp/jwks", "millis": 10, "share": 0.25}""")
                .post("/control/latency");

        // Then
        created.then().statusCode(201).body("share", equalTo(0.25f)).body("remaining", nullValue());
    }

    /** {@code n} requests to {@code GET /idp/jwks}: each one's status, and the fault rule's id when one answered. */
    private static List<String> jwks(int n) {
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Response response = given().get("/idp/jwks");
            String fault = response.header(FaultInjectionRoute.FAULT_HEADER);
            answers.add(response.statusCode() + (fault == null ? "" : " " + fault));
        }
        return answers;
    }

    private static String rule(String endpoint, String body) {
        return given().contentType(ContentType.JSON).body(body).post(endpoint)
                .then().statusCode(201).extract().path("id");
    }
}
