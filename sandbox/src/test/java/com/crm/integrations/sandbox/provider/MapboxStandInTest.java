package com.crm.integrations.sandbox.provider;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
class MapboxStandInTest {

    @BeforeEach
    void reset() {
        OAuthFlow.reset();
    }

    @Test
    void describesAValidToken() {
        // Given
        String token = issue("{\"usage\": \"pk\", \"user\": \"acme-maps\", \"scopes\": [\"styles:read\", \"styles:tiles\"]}");

        // When
        Response check = check(token);

        // Then
        check.then().statusCode(200).contentType(ContentType.JSON)
                .body("code", equalTo("TokenValid"))
                .body("token.usage", equalTo("pk"))
                .body("token.user", equalTo("acme-maps"))
                .body("token.authorization", matchesPattern("cl[a-z0-9]{23}"))
                .body("token.client", equalTo("api"))
                .body("token.scopes", contains("styles:read", "styles:tiles"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "not-a-token", "pk.only-two", "xx.eyJ1IjoiYSJ9.sig", "pk.!!!.sig", "pk.eyJ4IjoxfQ.sig", "pk..sig", "" })
    void callsATokenThatCannotBeParsedMalformed(String token) {
        // When
        Response check = check(token);

        // Then
        check.then().statusCode(401).body("code", equalTo("TokenMalformed")).body("$", not(hasKey("token")));
    }

    @Test
    void callsAWellFormedTokenItNeverIssuedInvalid() {
        // Given
        String issued = issue("{\"usage\": \"sk\", \"user\": \"acme-maps\", \"scopes\": []}");
        String forged = issued.substring(0, issued.lastIndexOf('.') + 1) + "forgedsignature";

        // When
        Response check = check(forged);

        // Then
        check.then().statusCode(401).body("code", equalTo("TokenInvalid")).body("token.user", equalTo("acme-maps"))
                .body("token.usage", equalTo("sk"));
    }

    @Test
    void callsADeletedTokenRevoked() {
        // Given
        String token = issue("{\"usage\": \"pk\", \"user\": \"acme-maps\", \"scopes\": [\"styles:read\"]}");
        String other = issue("{\"usage\": \"sk\", \"user\": \"acme-maps\"}");
        check(token).then().statusCode(200).body("code", equalTo("TokenValid"));
        given().delete("/control/mapbox/tokens/" + token).then().statusCode(204);

        // When
        Response check = check(token);

        // Then
        check.then().statusCode(401).contentType(ContentType.JSON).body("code", equalTo("TokenRevoked"))
                .body("token.user", equalTo("acme-maps")).body("token.usage", equalTo("pk"));
        check(other).then().statusCode(200).body("code", equalTo("TokenValid"));
    }

    @Test
    void callsATemporaryTokenPastItsLifetimeExpired() {
        // Given
        String token = issue("{\"usage\": \"tk\", \"user\": \"acme-maps\", \"scopes\": [\"styles:read\"], \"expiresIn\": 60}");
        check(token).then().statusCode(200);
        OAuthFlow.advanceClock(61);

        // When
        Response check = check(token);

        // Then
        check.then().statusCode(401).body("code", equalTo("TokenExpired")).body("token.usage", equalTo("tk"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"usage\": \"xk\", \"user\": \"acme\"}",
            "{\"usage\": \"pk\"}",
            "{\"usage\": \"pk\", \"user\": \"acme\", \"expiresIn\": 60}",
            "{\"usage\": \"tk\", \"user\": \"acme\", \"expiresIn\": 3601}",
            "{\"usage\": \"pk\", \"user\": \"acme\", \"scopes\": [\"Bad Scope\"]}",
            "{\"usage\": \"pk\", \"user\": \"acme\", \"scope\": []}"
    })
    void refusesABadTokenRequest(String body) {
        // When
        Response response = given().contentType(ContentType.JSON).body(body).post("/control/mapbox/tokens");

        // Then
        response.then().statusCode(400).body("error", equalTo("invalid_request"));
    }

    private static String issue(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/control/mapbox/tokens")
                .then().statusCode(201).body("token", matchesPattern("(pk|sk|tk)\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+"))
                .extract().path("token");
    }

    private static Response check(String token) {
        return given().queryParam("access_token", token).get("/mapbox/tokens/v2");
    }
}
