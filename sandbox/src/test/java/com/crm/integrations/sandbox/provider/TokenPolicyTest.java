package com.crm.integrations.sandbox.provider;

import static com.crm.integrations.sandbox.provider.OAuthFlow.ACCOUNT;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
class TokenPolicyTest {

    @BeforeEach
    void reset() {
        OAuthFlow.reset();
    }

    @ParameterizedTest
    @EnumSource(Connections.class)
    void issuesAccessTokensWithTheLifetimeSet(Connections provider) {
        // Given
        putPolicy(provider, "{\"accessTokenLifetimeSeconds\": 60}").then().statusCode(200);

        // When
        Response connected = provider.connect(ACCOUNT);

        // Then
        connected.then().statusCode(200).body("expires_in", equalTo(60));
        provider.refresh(connected.path("refresh_token")).then().statusCode(200).body("expires_in", equalTo(60));
    }

    @Test
    void expiresAnAccessTokenAtTheLifetimeSet() {
        // Given
        putPolicy(Connections.GENERIC, "{\"accessTokenLifetimeSeconds\": 60}").then().statusCode(200);
        String accessToken = Connections.GENERIC.connect(ACCOUNT).path("access_token");
        userinfo(accessToken).then().statusCode(200);

        // When
        OAuthFlow.advanceClock(61);

        // Then
        userinfo(accessToken).then().statusCode(401);
    }

    @Test
    void stampsMicrosoftsAccessTokenWithTheLifetimeSet() throws Exception {
        // Given
        putPolicy(Connections.MICROSOFT, "{\"accessTokenLifetimeSeconds\": 120}").then().statusCode(200);

        // When
        Response connected = Connections.MICROSOFT.connect(ACCOUNT);

        // Then
        connected.then().body("ext_expires_in", equalTo(120));
        JwtClaims claims = ProviderJwts.verify(connected.path("access_token"));
        assertEquals(120, claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue());
    }

    @ParameterizedTest
    @EnumSource(value = Connections.class, names = { "GOOGLE", "GENERIC" })
    void rotatesRefreshTokensWhenToldAndRefusesTheRotatedOne(Connections provider) {
        // Given
        putPolicy(provider, "{\"rotateRefreshTokens\": true}").then().statusCode(200);
        String first = provider.connect(ACCOUNT).path("refresh_token");
        Response refreshed = provider.refresh(first);
        String second = refreshed.path("refresh_token");

        // When
        Response reused = provider.refresh(first);

        // Then
        refreshed.then().statusCode(200).body("refresh_token", notNullValue());
        assertNotEquals(first, second);
        reused.then().statusCode(400).body("error", equalTo("invalid_grant"));
        provider.refresh(second).then().statusCode(200);
        given().get("/control/" + provider.prefix + "/refresh-tokens").then()
                .body("refreshTokens.state", contains("rotated", "rotated", "active"))
                .body("refreshTokens[0].uses", equalTo(2));
    }

    @Test
    void stopsMicrosoftsRotationWhenTold() {
        // Given
        putPolicy(Connections.MICROSOFT, "{\"rotateRefreshTokens\": false}").then().statusCode(200);
        String refreshToken = Connections.MICROSOFT.connect(ACCOUNT).path("refresh_token");
        Connections.MICROSOFT.refresh(refreshToken).then().statusCode(200).body("$", not(hasKey("refresh_token")));

        // When
        Response again = Connections.MICROSOFT.refresh(refreshToken);

        // Then
        again.then().statusCode(200);
    }

    @Test
    void takesTheConfiguredValueForAnAbsentField() {
        // When
        Response put = putPolicy(Connections.MICROSOFT, "{\"accessTokenLifetimeSeconds\": 60}");

        // Then
        put.then().statusCode(200).body("accessTokenLifetimeSeconds", equalTo(60)).body("rotateRefreshTokens", equalTo(true));
        given().get("/control/microsoft/token-policy").then().statusCode(200)
                .body("accessTokenLifetimeSeconds", equalTo(60)).body("rotateRefreshTokens", equalTo(true));
    }

    @Test
    void showsTheConfiguredPoliciesUntilSetAndAgainAfterAReset() {
        // Given
        putPolicy(Connections.GENERIC, "{\"accessTokenLifetimeSeconds\": 5, \"rotateRefreshTokens\": true}").then().statusCode(200);
        given().get("/control/generic/token-policy").then().body("accessTokenLifetimeSeconds", equalTo(5))
                .body("rotateRefreshTokens", equalTo(true));

        // When
        OAuthFlow.reset();

        // Then
        given().get("/control/generic/token-policy").then().statusCode(200)
                .body("accessTokenLifetimeSeconds", equalTo(3600)).body("rotateRefreshTokens", equalTo(false));
        given().get("/control/google/token-policy").then().body("accessTokenLifetimeSeconds", equalTo(3599))
                .body("rotateRefreshTokens", equalTo(false));
        given().get("/control/microsoft/token-policy").then().body("accessTokenLifetimeSeconds", equalTo(3599))
                .body("rotateRefreshTokens", equalTo(true));
        Connections.GENERIC.connect(ACCOUNT).then().body("expires_in", equalTo(3600));
    }

    @Test
    void leavesTheOtherProvidersAlone() {
        // Given
        putPolicy(Connections.GENERIC, "{\"accessTokenLifetimeSeconds\": 60, \"rotateRefreshTokens\": true}").then().statusCode(200);

        // When
        Response google = Connections.GOOGLE.connect(ACCOUNT);

        // Then
        google.then().body("expires_in", equalTo(3599));
        Connections.GOOGLE.refresh(google.path("refresh_token")).then().statusCode(200).body("$", not(hasKey("refresh_token")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"accessTokenLifetimeSeconds\": 0}",
            "{\"accessTokenLifetimeSeconds\": -60}",
            "{\"accessTokenLifetimeSeconds\": 86401}",
            "{\"accessTokenLifetimeSeconds\": \"soon\"}",
            "{\"rotateRefreshTokens\": \"sometimes\"}",
            "{\"accessTokenLifetime\": 60}",
            "[]",
            ""
    })
    void refusesABadPolicy(String body) {
        // When
        Response response = putPolicy(Connections.GENERIC, body);

        // Then
        response.then().statusCode(400).body("error", equalTo("invalid_request"));
        given().get("/control/generic/token-policy").then().body("accessTokenLifetimeSeconds", equalTo(3600));
    }

    @Test
    void hasNoPolicyForMailchimpOrAnUnknownProvider() {
        // When
        Response mailchimp = given().contentType(ContentType.JSON).body("{\"accessTokenLifetimeSeconds\": 60}")
                .put("/control/mailchimp/token-policy");

        // Then
        mailchimp.then().statusCode(404).body("error", equalTo("not_found"));
        given().get("/control/mailchimp/token-policy").then().statusCode(404);
        given().get("/control/yahoo/token-policy").then().statusCode(404).body("error", equalTo("not_found"));
    }

    private static Response putPolicy(Connections provider, String body) {
        return given().contentType(ContentType.JSON).body(body).put("/control/" + provider.prefix + "/token-policy");
    }

    private static Response userinfo(String accessToken) {
        return given().header("Authorization", "Bearer " + accessToken).get("/generic/userinfo");
    }
}
