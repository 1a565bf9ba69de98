package com.crm.integrations.sandbox.provider;

import static com.crm.integrations.sandbox.provider.OAuthFlow.ACCOUNT;
import static com.crm.integrations.sandbox.provider.OAuthFlow.params;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
class TokenRequestsTest {

    @BeforeEach
    void reset() {
        OAuthFlow.reset();
    }

    @Test
    void listsEachTokenRequestWithItsArrivalTimeGrantTypeAndStatus() {
        // Given
        long before = System.currentTimeMillis();
        String refreshToken = Connections.GENERIC.connect(ACCOUNT).path("refresh_token");
        Connections.GENERIC.refresh(refreshToken).then().statusCode(200);
        Connections.GENERIC.refresh("never-issued").then().statusCode(400);
        long after = System.currentTimeMillis();

        // When
        Response listing = given().get("/control/generic/token-requests");

        // Then
        listing.then().statusCode(200)
                .body("requests.grantType", contains("authorization_code", "refresh_token", "refresh_token"))
                .body("requests.status", contains(200, 200, 400))
                .body("requests.faulted", contains(false, false, false))
                .body("dropped", equalTo(0));
        List<Long> at = listing.jsonPath().getList("requests.at", Long.class);
        assertTrue(at.get(0) >= before && at.get(2) <= after, at + " not within " + before + ".." + after);
        assertTrue(at.get(0) <= at.get(1) && at.get(1) <= at.get(2), at + " not in arrival order");
    }

    @Test
    void listsEachProvidersOwnRequests() {
        // Given
        Connections.GOOGLE.connect(ACCOUNT).then().statusCode(200);
        Connections.MICROSOFT.connect(ACCOUNT).then().statusCode(200);
        OAuthFlow.token("/microsoft/organizations/oauth2/v2.0/token", OAuthFlow.MICROSOFT_CLIENT, params("grant_type", "refresh_token",
                "refresh_token", "never-issued")).then().statusCode(400);

        // When
        Response microsoft = given().get("/control/microsoft/token-requests");

        // Then
        microsoft.then().body("requests.grantType", contains("authorization_code", "refresh_token"));
        given().get("/control/google/token-requests").then().body("requests", hasSize(1));
        given().get("/control/generic/token-requests").then().body("requests", hasSize(0));
        given().get("/control/mailchimp/token-requests").then().body("requests", hasSize(0));
    }

    @Test
    void listsRequestsAFaultRuleAnsweredWithoutTheirGrantType() {
        // Given
        given().contentType(ContentType.JSON).body("{\"path\": \"/mailchimp/oauth2/token\", \"status\": 429, \"retryAfter\": \"2\", \"times\": 1}")
                .post("/control/faults").then().statusCode(201);
        OAuthFlow.token("/mailchimp/oauth2/token", OAuthFlow.MAILCHIMP_CLIENT, params("grant_type", "authorization_code", "code", "x",
                "redirect_uri", OAuthFlow.redirectUri("mailchimp"))).then().statusCode(429);
        OAuthFlow.token("/mailchimp/oauth2/token", OAuthFlow.MAILCHIMP_CLIENT, params("grant_type", "authorization_code", "code", "x",
                "redirect_uri", OAuthFlow.redirectUri("mailchimp"))).then().statusCode(400);

        // When
        Response listing = given().get("/control/mailchimp/token-requests");

        // Then
        listing.then().body("requests.status", contains(429, 400)).body("requests.faulted", contains(true, false))
                .body("requests[0].grantType", nullValue()).body("requests[1].grantType", equalTo("authorization_code"));
    }

    @Test
    void listsTheGrantTypeOfARequestWhoseAnswerAnAfterFaultReplacedOrLost() {
        // Given: the token endpoint reads the form (and refuses the code) before each fault acts
        given().contentType(ContentType.JSON).body("{\"path\": \"/mailchimp/oauth2/token\", \"when\": \"after\", \"status\": 503, \"times\": 1}")
                .post("/control/faults").then().statusCode(201);
        OAuthFlow.token("/mailchimp/oauth2/token", OAuthFlow.MAILCHIMP_CLIENT, params("grant_type", "authorization_code", "code", "x",
                "redirect_uri", OAuthFlow.redirectUri("mailchimp"))).then().statusCode(503);
        given().contentType(ContentType.JSON).body("{\"path\": \"/mailchimp/oauth2/token\", \"when\": \"after\", \"close\": true, \"times\": 1}")
                .post("/control/faults").then().statusCode(201);
        assertThrows(java.io.IOException.class, () -> OAuthFlow.token("/mailchimp/oauth2/token", OAuthFlow.MAILCHIMP_CLIENT,
                params("grant_type", "authorization_code", "code", "x", "redirect_uri", OAuthFlow.redirectUri("mailchimp"))));

        // When
        Response listing = given().get("/control/mailchimp/token-requests");

        // Then: a lost answer has no status
        listing.then().body("requests.status", contains(503, null)).body("requests.faulted", contains(true, true))
                .body("requests.grantType", contains("authorization_code", "authorization_code"));
    }

    @Test
    void stampsArrivalBeforeALatencyRuleHoldsTheRequestBack() {
        // Given
        given().contentType(ContentType.JSON).body("{\"path\": \"/generic/token\", \"millis\": 2000, \"times\": 1}")
                .post("/control/latency").then().statusCode(201);
        long sent = System.currentTimeMillis();
        Connections.GENERIC.refresh("never-issued").then().statusCode(400).header("X-Sandbox-Delay", "2000");

        // When
        long at = given().get("/control/generic/token-requests").jsonPath().getLong("requests[0].at");

        // Then
        assertTrue(at - sent < 1500, "arrival stamped " + (at - sent) + " ms after sending");
    }

    @Test
    void namesAnUnknownGrantTypeOtherAndAMissingOneNull() {
        // Given
        OAuthFlow.token("/google/token", OAuthFlow.GOOGLE_CLIENT, params("grant_type", "urn:example:made-up")).then().statusCode(400);
        OAuthFlow.token("/google/token", OAuthFlow.GOOGLE_CLIENT, params("code", "x")).then().statusCode(400);

        // When
        Response listing = given().get("/control/google/token-requests");

        // Then
        listing.then().body("requests.grantType", contains("other", null));
    }

    @Test
    void carriesNoSecret() {
        // Given
        Response connected = Connections.GOOGLE.connect(ACCOUNT);
        Connections.GOOGLE.refresh(connected.path("refresh_token")).then().statusCode(200);

        // When
        String listing = given().get("/control/google/token-requests").asString();

        // Then
        for (String secret : List.of(OAuthFlow.SECRET, connected.<String> path("refresh_token"), connected.<String> path("access_token"))) {
            assertTrue(!listing.contains(secret), "the listing holds a secret");
        }
    }

    @Test
    void listsOnlyRequestsFromTheGivenTime() {
        // Given
        Connections.GENERIC.refresh("never-issued");
        long since = given().get("/control/generic/token-requests").jsonPath().getLong("requests[0].at") + 1;
        sleepPast(since);
        Connections.GENERIC.refresh("never-issued-either");

        // When
        Response listing = given().queryParam("since", since).get("/control/generic/token-requests");

        // Then
        listing.then().statusCode(200).body("requests", hasSize(1));
    }

    @Test
    void forgetsTheRequestsOnReset() {
        // Given
        Connections.GENERIC.refresh("never-issued");

        // When
        OAuthFlow.reset();

        // Then
        given().get("/control/generic/token-requests").then().body("requests", hasSize(0)).body("dropped", equalTo(0));
    }

    @ParameterizedTest
    @ValueSource(strings = { "yesterday", "-1", "1.5" })
    void refusesABadSince(String since) {
        // When
        Response response = given().queryParam("since", since).get("/control/generic/token-requests");

        // Then
        response.then().statusCode(400).body("error", equalTo("invalid_request"));
    }

    @Test
    void answers404ForAnUnknownProvider() {
        // When
        Response response = given().get("/control/yahoo/token-requests");

        // Then
        response.then().statusCode(404).body("error", equalTo("not_found")).body("error_description", not(containsString("<")));
    }

    private static void sleepPast(long epochMillis) {
        while (System.currentTimeMillis() <= epochMillis) {
            Thread.onSpinWait();
        }
    }
}
