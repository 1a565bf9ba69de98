package com.crm.integrations.sandbox.provider;

import static com.crm.integrations.sandbox.provider.OAuthFlow.ACCOUNT;
import static com.crm.integrations.sandbox.provider.OAuthFlow.GOOGLE_CLIENT;
import static com.crm.integrations.sandbox.provider.OAuthFlow.params;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
class ProviderControlTest {

    private static final String REDIRECT = OAuthFlow.redirectUri("google");

    @BeforeEach
    void reset() {
        OAuthFlow.reset();
    }

    @Test
    void listsEverySecretIssued() {
        // Given
        String code = googleCode();
        Response tokens = redeemGoogle(code);
        String apiKey = given().contentType(ContentType.JSON).body("{\"dc\": \"us14\"}").post("/control/mailchimp/api-keys").path("key");
        String mapboxToken = given().contentType(ContentType.JSON).body("{\"usage\": \"sk\", \"user\": \"acme\"}")
                .post("/control/mapbox/tokens").path("token");

        // When
        Response secrets = given().get("/control/issued-secrets");

        // Then
        secrets.then().statusCode(200).body("secrets", hasSize(6)).body("secrets", hasItems(code, tokens.path("access_token"),
                tokens.path("refresh_token"), tokens.path("id_token"), apiKey, mapboxToken));
    }

    @Test
    void resetForgetsGrantsKeysAndSecrets() {
        // Given
        String refreshToken = redeemGoogle(googleCode()).path("refresh_token");
        String apiKey = given().contentType(ContentType.JSON).body("{\"dc\": \"us14\"}").post("/control/mailchimp/api-keys").path("key");

        // When
        given().post("/control/reset").then().statusCode(204);

        // Then
        OAuthFlow.token("/google/token", GOOGLE_CLIENT, params("grant_type", "refresh_token", "refresh_token", refreshToken))
                .then().statusCode(400).body("error", equalTo("invalid_grant"));
        given().auth().preemptive().basic("x", apiKey).get("/mailchimp-api/us14/3.0/ping").then().statusCode(401);
        given().get("/control/issued-secrets").then().body("secrets", empty());
        given().get("/control/google/refresh-tokens").then().body("refreshTokens", empty());
    }

    @Test
    void appliesFaultRulesToTheStandIns() {
        // Given
        given().contentType(ContentType.JSON).body("{\"method\": \"POST\", \"path\": \"/google/token\", \"status\": 503, \"times\": 1}")
                .post("/control/faults").then().statusCode(201);
        String code = googleCode();

        // When
        Response faulted = redeemGoogle(code);

        // Then
        faulted.then().statusCode(503);
        redeemGoogle(code).then().statusCode(200);
        given().queryParam("path", "/google/token").get("/control/calls").then().body("count", equalTo(2));
    }

    @Test
    void delaysOnlyTheTokenEndpointOfOneProvider() {
        // Given
        given().contentType(ContentType.JSON).body("{\"method\": \"POST\", \"path\": \"/google/token\", \"millis\": 50}")
                .post("/control/latency").then().statusCode(201).body("millis", equalTo(50)).body("remaining", nullValue());
        String refreshToken = redeemGoogle(googleCode()).then().statusCode(200).header("X-Sandbox-Delay", "50").extract().path("refresh_token");

        // When
        Response refresh = OAuthFlow.token("/google/token", GOOGLE_CLIENT, params("grant_type", "refresh_token", "refresh_token", refreshToken));

        // Then: every call to Google's token endpoint is held back 50 ms, no other path
        refresh.then().statusCode(200).header("X-Sandbox-Delay", "50");
        given().redirects().follow(false).queryParams(params("client_id", GOOGLE_CLIENT, "redirect_uri", REDIRECT, "response_type", "code",
                "scope", "openid")).get("/google/o/oauth2/v2/auth").then().statusCode(200).header("X-Sandbox-Delay", nullValue());
        given().contentType(ContentType.URLENC).formParam("token", "unknown").post("/google/revoke").then().header("X-Sandbox-Delay", nullValue());
        OAuthFlow.token("/generic/token", OAuthFlow.GENERIC_CLIENT, params("grant_type", "refresh_token", "refresh_token", refreshToken))
                .then().statusCode(400).header("X-Sandbox-Delay", nullValue());
        OAuthFlow.token("/microsoft/common/oauth2/v2.0/token", OAuthFlow.MICROSOFT_CLIENT, params("grant_type", "refresh_token",
                "refresh_token", refreshToken)).then().statusCode(400).header("X-Sandbox-Delay", nullValue());
        given().get("/control/rules").then().body("", hasSize(1));
    }

    @Test
    void answers404ForAnUnknownProvider() {
        // When
        Response response = given().post("/control/yahoo/accounts/" + ACCOUNT + "/revoke");

        // Then
        response.then().statusCode(404).body("error", equalTo("not_found"));
    }

    @Test
    void answers404ForDeletingAnUnknownKeyOrToken() {
        // When
        Response key = given().delete("/control/mailchimp/api-keys/0123456789abcdef0123456789abcdef-us14");
        Response token = given().delete("/control/mapbox/tokens/pk.eyJ1IjoiYSJ9.x");

        // Then
        key.then().statusCode(404);
        token.then().statusCode(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{}",
            "{\"error\": \"Invalid Grant\"}",
            "{\"error\": \"invalid_grant\", \"status\": 200}",
            "{\"error\": \"invalid_grant\", \"times\": 0}",
            "{\"error\": \"invalid_grant\", \"time\": 1}",
            ""
    })
    void refusesABadTokenError(String body) {
        // When
        Response response = given().contentType(ContentType.JSON).body(body).post("/control/google/accounts/" + ACCOUNT + "/token-errors");

        // Then
        response.then().statusCode(400).body("error", equalTo("invalid_request"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "{}", "{\"advanceSeconds\": 0}", "{\"advanceSeconds\": -5}", "{\"seconds\": 5}" })
    void refusesABadClockAdvance(String body) {
        // When
        Response response = given().contentType(ContentType.JSON).body(body).post("/control/clock");

        // Then
        response.then().statusCode(400).body("error", equalTo("invalid_request"));
    }

    private static String googleCode() {
        Map<String, String> query = params("client_id", GOOGLE_CLIENT, "redirect_uri", REDIRECT, "response_type", "code",
                "scope", "openid email", "access_type", "offline");
        return OAuthFlow.approve("google", "/google/o/oauth2/v2/auth", query, ACCOUNT, null).get("code");
    }

    private static Response redeemGoogle(String code) {
        return OAuthFlow.token("/google/token", GOOGLE_CLIENT, params("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT));
    }
}
