package com.crm.integrations.sandbox.provider;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;

import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
class GrantSeedingTest {

    @BeforeEach
    void reset() {
        OAuthFlow.reset();
    }

    @ParameterizedTest
    @CsvSource({ "GOOGLE, 3599", "MICROSOFT, 3599", "GENERIC, 3600" })
    void seedsGrantsOfNumberedAccountsWithTokens(Connections provider, int expiresIn) {
        // When
        Response seeded = seed(provider.prefix, "{\"count\": 3, \"accountPrefix\": \"bulk\"}");

        // Then
        seeded.then().statusCode(200)
                .body("grants", hasSize(3))
                .body("grants.account", contains("bulk-1@example.com", "bulk-2@example.com", "bulk-3@example.com"))
                .body("grants.accountId", everyItem(notNullValue()))
                .body("grants.accessToken", everyItem(notNullValue()))
                .body("grants.refreshToken", everyItem(notNullValue()))
                .body("grants.expiresIn", everyItem(equalTo(expiresIn)))
                .body("grants[0]", not(hasKey("dc")));
    }

    @ParameterizedTest
    @EnumSource(Connections.class)
    void refreshesASeededGrantAndCountsTheUse(Connections provider) {
        // Given
        String refreshToken = seed(provider.prefix, "{\"count\": 2, \"accountPrefix\": \"bulk\"}").path("grants[1].refreshToken");

        // When
        Response refreshed = provider.refresh(refreshToken);

        // Then
        refreshed.then().statusCode(200).body("access_token", notNullValue());
        given().get("/control/" + provider.prefix + "/refresh-tokens").then()
                .body("refreshTokens.find { it.token == '" + refreshToken + "' }.uses", equalTo(1))
                .body("refreshTokens.find { it.token == '" + refreshToken + "' }.account", equalTo("bulk-2@example.com"));
    }

    @Test
    void rotatesASeededMicrosoftRefreshToken() {
        // Given
        String first = seed("microsoft", "{\"count\": 1, \"accountPrefix\": \"bulk\"}").path("grants[0].refreshToken");
        String second = Connections.MICROSOFT.refresh(first).then().statusCode(200).extract().path("refresh_token");

        // When
        Response reused = Connections.MICROSOFT.refresh(first);

        // Then
        reused.then().statusCode(400).body("error", equalTo("invalid_grant")).body("error_codes", contains(70008));
        Connections.MICROSOFT.refresh(second).then().statusCode(200);
    }

    @Test
    void reportsGooglesSubjectAsTheAccountId() throws Exception {
        // Given
        Response seeded = seed("google", "{\"count\": 1, \"accountPrefix\": \"bulk\"}");

        // When
        String idToken = Connections.GOOGLE.refresh(seeded.path("grants[0].refreshToken")).path("id_token");

        // Then
        JwtClaims claims = ProviderJwts.verify(idToken);
        assertEquals(seeded.path("grants[0].accountId"), claims.getSubject());
        assertEquals("bulk-1@example.com", claims.getClaimValue("email"));
    }

    @Test
    void reportsMicrosoftsObjectIdAsTheAccountId() throws Exception {
        // Given
        Response seeded = seed("microsoft", "{\"count\": 1, \"accountPrefix\": \"bulk\"}");

        // When
        Response refreshed = Connections.MICROSOFT.refresh(seeded.path("grants[0].refreshToken"));

        // Then
        JwtClaims claims = ProviderJwts.verify(refreshed.path("id_token"));
        assertEquals(seeded.path("grants[0].accountId"), claims.getClaimValue("oid"));
        assertEquals("bulk-1@example.com", claims.getClaimValue("preferred_username"));
        ProviderJwts.verify(refreshed.path("access_token"));
    }

    @Test
    void givesSeededMicrosoftGrantsAGraphAccessTokenWithTheCodeFlowsClaims() throws Exception {
        // Given
        String codeFlowToken = Connections.MICROSOFT.connect("ada@example.com").path("access_token");

        // When
        String seededToken = seed("microsoft", "{\"count\": 1, \"accountPrefix\": \"bulk\"}").path("grants[0].accessToken");

        // Then: the same claims, signed HS256 (an RS256 signature each is too slow for 10,000); apps treat both as opaque
        JwtClaims seeded = JwtClaims.parse(payload(seededToken));
        assertEquals(JwtClaims.parse(payload(codeFlowToken)).getClaimNames(), seeded.getClaimNames());
        assertEquals("bulk-1@example.com", seeded.getClaimValue("upn"));
        assertEquals(3599, seeded.getExpirationTime().getValue() - seeded.getIssuedAt().getValue());
        assertTrue(header(seededToken).contains("\"HS256\""), header(seededToken));
    }

    @Test
    void reportsTheGenericSubjectAsTheAccountIdAndItsAccessTokenWorks() {
        // Given
        Response seeded = seed("generic", "{\"count\": 1, \"accountPrefix\": \"bulk\"}");

        // When
        Response userinfo = given().header("Authorization", "Bearer " + seeded.path("grants[0].accessToken")).get("/generic/userinfo");

        // Then
        userinfo.then().statusCode(200).body("sub", equalTo(seeded.path("grants[0].accountId")))
                .body("email", equalTo("bulk-1@example.com"));
    }

    @Test
    void seedsMailchimpGrantsInTheDataCentreAsked() {
        // Given
        Response seeded = seed("mailchimp", "{\"count\": 2, \"accountPrefix\": \"chimp\", \"dc\": \"us14\"}");
        seeded.then().statusCode(200).body("grants.refreshToken", everyItem(nullValue())).body("grants.expiresIn", everyItem(equalTo(0)))
                .body("grants.dc", everyItem(equalTo("us14"))).body("grants[0].scopes", hasSize(0));
        String accessToken = seeded.path("grants[0].accessToken");

        // When
        Response metadata = given().header("Authorization", "OAuth " + accessToken).get("/mailchimp/oauth2/metadata");

        // Then
        metadata.then().statusCode(200).body("dc", equalTo("us14")).body("login.email", equalTo("chimp-1@example.com"))
                .body("user_id", equalTo(Integer.valueOf(seeded.path("grants[0].accountId"))));
        given().header("Authorization", "Bearer " + accessToken).get("/mailchimp-api/us14/3.0/ping").then().statusCode(200);
    }

    @Test
    void seedsMailchimpGrantsInTheConfiguredDataCentreByDefault() {
        // When
        Response seeded = seed("mailchimp", "{\"count\": 1, \"accountPrefix\": \"chimp\"}");

        // Then
        seeded.then().statusCode(200).body("grants[0].dc", equalTo("us21"));
    }

    @Test
    void revokesTheSeededGrantsOfOneAccountOnly() {
        // Given
        Response seeded = seed("generic", "{\"count\": 2, \"accountPrefix\": \"bulk\"}");

        // When
        given().post("/control/generic/accounts/bulk-2@example.com/revoke").then().statusCode(204);

        // Then
        Connections.GENERIC.refresh(seeded.path("grants[1].refreshToken")).then().statusCode(400).body("error", equalTo("invalid_grant"));
        given().header("Authorization", "Bearer " + seeded.path("grants[1].accessToken")).get("/generic/userinfo").then().statusCode(401);
        Connections.GENERIC.refresh(seeded.path("grants[0].refreshToken")).then().statusCode(200);
        given().get("/control/generic/refresh-tokens").then().body("refreshTokens.state", contains("active", "revoked"));
    }

    @Test
    void recordsTheConsentAsTheCodeFlowDoes() {
        // Given: Google shows its consent screen, and so gives a refresh token, only the first time an account consents
        seed("google", "{\"count\": 1, \"accountPrefix\": \"bulk\"}").then().statusCode(200);
        String redirect = OAuthFlow.redirectUri("google");

        // When
        String code = OAuthFlow.approve("google", "/google/o/oauth2/v2/auth", OAuthFlow.params("client_id", OAuthFlow.GOOGLE_CLIENT,
                "redirect_uri", redirect, "response_type", "code", "scope", "openid email", "access_type", "offline"),
                "bulk-1@example.com", null).get("code");

        // Then
        OAuthFlow.token("/google/token", OAuthFlow.GOOGLE_CLIENT, OAuthFlow.params("grant_type", "authorization_code", "code", code,
                "redirect_uri", redirect)).then().statusCode(200).body("$", not(hasKey("refresh_token")));
    }

    @Test
    void grantsTheScopesAskedInTheProvidersForm() {
        // When
        Response seeded = seed("microsoft", "{\"count\": 1, \"accountPrefix\": \"bulk\", \"scopes\": [\"openid\", \"Calendars.Read\"]}");

        // Then: without offline_access Microsoft gives no refresh token
        seeded.then().statusCode(200).body("grants[0].scopes", contains("openid", "https://graph.microsoft.com/Calendars.Read"))
                .body("grants[0].refreshToken", nullValue());
    }

    @Test
    void issuesTokensUnderTheTokenPolicyInForce() {
        // Given
        given().contentType(ContentType.JSON).body("{\"accessTokenLifetimeSeconds\": 60}").put("/control/generic/token-policy")
                .then().statusCode(200);

        // When
        Response seeded = seed("generic", "{\"count\": 1, \"accountPrefix\": \"bulk\"}");

        // Then
        seeded.then().statusCode(200).body("grants[0].expiresIn", equalTo(60));
    }

    @Test
    void seedsTenThousandGrantsInAFewSeconds() {
        // When
        long start = System.nanoTime();
        Response seeded = seed("google", "{\"count\": 10000, \"accountPrefix\": \"bench\"}");
        long millis = (System.nanoTime() - start) / 1_000_000;

        // Then
        seeded.then().statusCode(200);
        List<String> accounts = seeded.jsonPath().getList("grants.account");
        List<String> refreshTokens = seeded.jsonPath().getList("grants.refreshToken");
        assertEquals(10_000, accounts.size());
        assertEquals("bench-10000@example.com", accounts.get(9_999));
        assertEquals(10_000, new HashSet<>(refreshTokens).size());
        // About 1 s on two idle cores; the bound allows for a machine shared with other builds.
        assertTrue(millis < 30_000, "took " + millis + " ms");
        List<String> listed = given().get("/control/google/refresh-tokens").jsonPath().getList("refreshTokens.token");
        assertEquals(refreshTokens, listed);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"accountPrefix\": \"bulk\"}",
            "{\"count\": 0, \"accountPrefix\": \"bulk\"}",
            "{\"count\": -1, \"accountPrefix\": \"bulk\"}",
            "{\"count\": 10001, \"accountPrefix\": \"bulk\"}",
            "{\"count\": \"many\", \"accountPrefix\": \"bulk\"}",
            "{\"count\": 1}",
            "{\"count\": 1, \"accountPrefix\": \"\"}",
            "{\"count\": 1, \"accountPrefix\": \"two words\"}",
            "{\"count\": 1, \"accountPrefix\": \"x@example.com\"}",
            "{\"count\": 1, \"accountPrefix\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}",
            "{\"count\": 1, \"accountPrefix\": \"bulk\", \"scopes\": [\"openid email\"]}",
            "{\"count\": 1, \"accountPrefix\": \"bulk\", \"scopes\": [\"\"]}",
            "{\"count\": 1, \"accountPrefix\": \"bulk\", \"scopes\": [null]}",
            "{\"count\": 1, \"accountPrefix\": \"bulk\", \"scopes\": []}",
            "{\"count\": 1, \"accountPrefix\": \"bulk\", \"scopes\": \"openid\"}",
            "{\"count\": 1, \"accountPrefix\": \"bulk\", \"dc\": \"us14\"}",
            "{\"count\": 1, \"accountPrefix\": \"bulk\", \"prefix\": \"x\"}",
            "[]",
            ""
    })
    void refusesABadSeedRequest(String body) {
        // When
        Response response = seed("google", body);

        // Then
        response.then().statusCode(400).body("error", equalTo("invalid_request"));
        given().get("/control/google/refresh-tokens").then().body("refreshTokens", hasSize(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"count\": 1, \"accountPrefix\": \"chimp\", \"scopes\": [\"openid\"]}",
            "{\"count\": 1, \"accountPrefix\": \"chimp\", \"dc\": \"US 14\"}"
    })
    void refusesScopesOrABadDataCentreAtMailchimp(String body) {
        // When
        Response response = seed("mailchimp", body);

        // Then
        response.then().statusCode(400).body("error", equalTo("invalid_request"));
    }

    @Test
    void answers404ForAnUnknownProvider() {
        // When
        Response response = seed("yahoo", "{\"count\": 1, \"accountPrefix\": \"bulk\"}");

        // Then
        response.then().statusCode(404).body("error", equalTo("not_found"));
    }

    private static String header(String jwt) {
        return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]), StandardCharsets.UTF_8);
    }

    private static String payload(String jwt) {
        return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    private static Response seed(String provider, String body) {
        return given().contentType(ContentType.JSON).body(body).post("/control/" + provider + "/grants");
    }
}
