package com.crm.integrations.sandbox.provider;

import static com.crm.integrations.sandbox.provider.OAuthFlow.ACCOUNT;
import static com.crm.integrations.sandbox.provider.OAuthFlow.MAILCHIMP_CLIENT;
import static com.crm.integrations.sandbox.provider.OAuthFlow.params;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
class MailchimpStandInTest {

    private static final String AUTHORIZE = "/mailchimp/oauth2/authorize";
    private static final String TOKEN = "/mailchimp/oauth2/token";
    private static final String REDIRECT = OAuthFlow.redirectUri("mailchimp");

    @BeforeEach
    void reset() {
        OAuthFlow.reset();
    }

    @Test
    void refusesAnUnregisteredRedirectUriWithAnErrorPageInsteadOfARedirect() {
        // When
        Response response = OAuthFlow.authorize(AUTHORIZE, query("redirect_uri", "http://127.0.0.1:8082/oauth/mailchimp/callback"));

        // Then
        response.then().statusCode(400).contentType(ContentType.HTML).header("Location", nullValue());
    }

    @Test
    void acceptsAndIgnoresPkceParameters() {
        // Given
        String consent = OAuthFlow.consentId(AUTHORIZE, query("code_challenge", "too-short", "code_challenge_method", "S512"));
        String code = OAuthFlow.queryOf(OAuthFlow.decide("mailchimp", consent, "approve", ACCOUNT, null, null)).get("code");

        // When
        Response response = redeem(code, REDIRECT);

        // Then
        response.then().statusCode(200);
    }

    @Test
    void offersADataCentreFieldOnTheConsentPage() {
        // When
        Response page = OAuthFlow.authorize(AUTHORIZE, query());

        // Then
        page.then().statusCode(200).body(org.hamcrest.Matchers.containsString("name=\"dc\" size=\"8\" value=\"us21\""));
    }

    @Test
    void redirectsADenialWithAccessDenied() {
        // Given
        String consent = OAuthFlow.consentId(AUTHORIZE, query());

        // When
        Response redirect = OAuthFlow.decide("mailchimp", consent, "deny", ACCOUNT, null, null);

        // Then
        redirect.then().statusCode(302);
        org.junit.jupiter.api.Assertions.assertEquals(Map.of("error", "access_denied", "state", "xyz"), OAuthFlow.queryOf(redirect));
    }

    @Test
    void exchangesACodeForExactlyMailchimpsTokenResponse() {
        // Given
        String code = code("us21");

        // When
        Response response = redeem(code, REDIRECT);

        // Then
        response.then().statusCode(200).header("Cache-Control", "no-store")
                .body("$", aMapWithSize(3))
                .body("access_token", matchesPattern("[0-9a-f]{32}"))
                .body("expires_in", equalTo(0))
                .body("scope", nullValue());
        assertFalse(response.asString().contains("refresh_token"));
        org.hamcrest.MatcherAssert.assertThat(response.asString(), org.hamcrest.Matchers.containsString("\"scope\":null"));
    }

    @Test
    void refusesACodeRedeemedTwice() {
        // Given
        String code = code("us21");
        redeem(code, REDIRECT).then().statusCode(200);

        // When
        Response again = redeem(code, REDIRECT);

        // Then
        again.then().statusCode(400).body("error", equalTo("invalid_grant")).body("error_description", not(nullValue()));
    }

    @Test
    void refusesAnExpiredCode() {
        // Given
        String code = code("us21");
        OAuthFlow.advanceClock(601);

        // When
        Response response = redeem(code, REDIRECT);

        // Then
        response.then().statusCode(400).body("error", equalTo("invalid_grant"));
    }

    @Test
    void refusesARedirectUriOtherThanTheAuthorizationRequests() {
        // Given
        String code = code("us21");

        // When
        Response response = redeem(code, "http://localhost:8081/oauth/mailchimp/callback");

        // Then
        response.then().statusCode(400).body("error", equalTo("invalid_grant"));
    }

    @Test
    void refusesAWrongClientSecret() {
        // Given
        String code = code("us21");

        // When
        Response response = given().contentType(ContentType.URLENC).formParam("client_id", MAILCHIMP_CLIENT)
                .formParam("client_secret", "wrong").formParam("grant_type", "authorization_code").formParam("code", code)
                .formParam("redirect_uri", REDIRECT).post(TOKEN);

        // Then
        response.then().statusCode(401).body("error", equalTo("invalid_client"));
    }

    @Test
    void refusesTheRefreshTokenGrant() {
        // When
        Response response = OAuthFlow.token(TOKEN, MAILCHIMP_CLIENT, params("grant_type", "refresh_token", "refresh_token", "anything"));

        // Then
        response.then().statusCode(400).body("error", equalTo("unsupported_grant_type")).body("error_description", not(nullValue()));
    }

    @Test
    void describesTheAccountWithTheOAuthPrefix() {
        // Given
        String accessToken = redeem(code("us14"), REDIRECT).path("access_token");

        // When
        Response metadata = given().header("Authorization", "OAuth " + accessToken).get("/mailchimp/oauth2/metadata");

        // Then
        metadata.then().statusCode(200)
                .body("dc", equalTo("us14"))
                .body("role", equalTo("owner"))
                .body("accountname", equalTo("Example"))
                .body("user_id", instanceOf(Integer.class))
                .body("login.email", equalTo(ACCOUNT))
                .body("login.login_email", equalTo(ACCOUNT))
                .body("login.login_id", instanceOf(Integer.class))
                .body("login_url", equalTo("https://login.mailchimp.com"))
                .body("api_endpoint", equalTo("http://sandbox.test/mailchimp-api/us14"));
    }

    @Test
    void refusesMetadataWithABearerToken() {
        // Given
        String accessToken = redeem(code("us21"), REDIRECT).path("access_token");

        // When
        Response metadata = given().header("Authorization", "Bearer " + accessToken).get("/mailchimp/oauth2/metadata");

        // Then
        metadata.then().statusCode(401).contentType("application/problem+json")
                .body("type", equalTo("https://mailchimp.com/developer/marketing/docs/errors/"))
                .body("title", equalTo("API Key Invalid"))
                .body("status", equalTo(401))
                .body("detail", not(nullValue()))
                .body("instance", not(nullValue()));
    }

    @Test
    void refusesMetadataAndPingOnceTheUserRemovedTheApp() {
        // Given
        String accessToken = redeem(code("us21"), REDIRECT).path("access_token");
        String otherAccount = seededAccessToken("other");
        given().header("Authorization", "OAuth " + accessToken).get("/mailchimp/oauth2/metadata").then().statusCode(200);
        given().post("/control/mailchimp/accounts/" + ACCOUNT + "/revoke").then().statusCode(204);

        // When
        Response metadata = given().header("Authorization", "OAuth " + accessToken).get("/mailchimp/oauth2/metadata");

        // Then
        metadata.then().statusCode(401).contentType("application/problem+json").body("title", equalTo("API Key Invalid"))
                .body("status", equalTo(401));
        given().header("Authorization", "Bearer " + accessToken).get("/mailchimp-api/us21/3.0/ping").then().statusCode(401)
                .body("title", equalTo("API Key Invalid"));
        given().header("Authorization", "OAuth " + otherAccount).get("/mailchimp/oauth2/metadata").then().statusCode(200);
    }

    @Test
    void refusesMetadataForASeededGrantOnceItsAccountIsRevoked() {
        // Given
        String accessToken = seededAccessToken("chimp");
        given().post("/control/mailchimp/accounts/chimp-1@example.com/revoke").then().statusCode(204);

        // When
        Response metadata = given().header("Authorization", "OAuth " + accessToken).get("/mailchimp/oauth2/metadata");

        // Then
        metadata.then().statusCode(401).contentType("application/problem+json").body("title", equalTo("API Key Invalid"));
    }

    @Test
    void pingsWithAnApiKeyByBasic() {
        // Given
        String key = apiKey("us14");

        // When
        Response ping = given().auth().preemptive().basic("anystring", key).get("/mailchimp-api/us14/3.0/ping");

        // Then
        ping.then().statusCode(200).body("health_status", equalTo("Everything's Chimpy!"));
    }

    @Test
    void pingsWithAnApiKeyByBearer() {
        // Given
        String key = apiKey("us14");

        // When
        Response ping = given().header("Authorization", "Bearer " + key).get("/mailchimp-api/us14/3.0/ping");

        // Then
        ping.then().statusCode(200);
    }

    @Test
    void pingsWithAnOAuthTokenOfAnAccountInThatDataCentre() {
        // Given
        String accessToken = redeem(code("us14"), REDIRECT).path("access_token");

        // When
        Response ping = given().header("Authorization", "Bearer " + accessToken).get("/mailchimp-api/us14/3.0/ping");

        // Then
        ping.then().statusCode(200);
        given().header("Authorization", "Bearer " + accessToken).get("/mailchimp-api/us21/3.0/ping").then().statusCode(401);
    }

    @Test
    void refusesAKeyOfAnotherDataCentre() {
        // Given
        String key = apiKey("us14");

        // When
        Response ping = given().auth().preemptive().basic("anystring", key).get("/mailchimp-api/us21/3.0/ping");

        // Then
        ping.then().statusCode(401).contentType("application/problem+json").body("title", equalTo("API Key Invalid"));
    }

    @Test
    void refusesADeletedKey() {
        // Given
        String key = apiKey("us14");
        String otherKey = apiKey("us14");
        given().auth().preemptive().basic("anystring", key).get("/mailchimp-api/us14/3.0/ping").then().statusCode(200);
        given().delete("/control/mailchimp/api-keys/" + key).then().statusCode(204);

        // When
        Response ping = given().auth().preemptive().basic("anystring", key).get("/mailchimp-api/us14/3.0/ping");

        // Then
        ping.then().statusCode(401).contentType("application/problem+json").body("title", equalTo("API Key Invalid"))
                .body("status", equalTo(401));
        given().header("Authorization", "Bearer " + key).get("/mailchimp-api/us14/3.0/ping").then().statusCode(401);
        given().auth().preemptive().basic("anystring", otherKey).get("/mailchimp-api/us14/3.0/ping").then().statusCode(200);
        given().delete("/control/mailchimp/api-keys/" + key).then().statusCode(404);
    }

    @Test
    void refusesAPingWithoutCredentials() {
        // When
        Response ping = given().get("/mailchimp-api/us14/3.0/ping");

        // Then
        ping.then().statusCode(401).contentType("application/problem+json").body("title", equalTo("API Key Missing"));
    }

    @Test
    void refusesABadDataCentreForAKey() {
        // When
        Response response = given().contentType(ContentType.JSON).body("{\"dc\": \"US 14\"}").post("/control/mailchimp/api-keys");

        // Then
        response.then().statusCode(400).body("error", equalTo("invalid_request"));
    }

    private static Map<String, String> query(String... overrides) {
        Map<String, String> query = params("response_type", "code", "client_id", MAILCHIMP_CLIENT, "redirect_uri", REDIRECT, "state", "xyz");
        query.putAll(params(overrides));
        return query;
    }

    private static String code(String dc) {
        String consent = OAuthFlow.consentId(AUTHORIZE, query());
        return OAuthFlow.queryOf(OAuthFlow.decide("mailchimp", consent, "approve", ACCOUNT, null, dc)).get("code");
    }

    private static Response redeem(String code, String redirectUri) {
        return OAuthFlow.token(TOKEN, MAILCHIMP_CLIENT, params("grant_type", "authorization_code", "code", code, "redirect_uri", redirectUri));
    }

    /** The access token of {@code <prefix>-1@example.com}, connected in us21 through the control API. */
    private static String seededAccessToken(String prefix) {
        return given().contentType(ContentType.JSON).body("{\"count\": 1, \"accountPrefix\": \"" + prefix + "\"}")
                .post("/control/mailchimp/grants").then().statusCode(200).extract().path("grants[0].accessToken");
    }

    private static String apiKey(String dc) {
        return given().contentType(ContentType.JSON).body("{\"dc\": \"" + dc + "\"}").post("/control/mailchimp/api-keys")
                .then().statusCode(201).body("key", matchesPattern("[0-9a-f]{32}-" + dc)).extract().path("key");
    }
}
