package com.crm.integrations.token.rest;

import static com.crm.integrations.testing.contract.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.crm.integrations.testing.contract.SandboxControl;
import com.crm.integrations.testing.contract.SandboxTokens;
import com.crm.integrations.testing.contract.TestUser;
import com.crm.integrations.token.TokenServiceInfrastructure;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The tenant's API-key connections (Mailchimp API keys, Mapbox tokens): checked with the provider
 * before anything is stored, refused without a request when the key names a foreign host.
 */
@QuarkusTest
@WithTestResource(TokenServiceInfrastructure.class)
class ApiKeyConnectionTest {

    private final List<String> rules = new ArrayList<>();
    private String tenant;
    private String adminToken;

    @BeforeEach
    void setUp() {
        tenant = TestUser.fresh().tenant();
        adminToken = SandboxTokens.user(tenant, "admin-1", "tenant_admin");
    }

    @AfterEach
    void removeFaults() {
        rules.forEach(SandboxControl::removeRule);
    }

    // --- Mailchimp ---

    @Test
    void aValidMailchimpKeyConnectsTheTenant() {
        // Given
        String key = SandboxControl.mailchimpKey("us14");

        // When
        Response response = addKey(adminToken, "mailchimp", key);

        // Then
        response.then().statusCode(201)
                .body("id", notNullValue())
                .body("provider", equalTo("mailchimp"))
                .body("kind", equalTo("api_key"))
                .body("status", equalTo("active"))
                .body("ownerUserId", nullValue())
                .body("account.dataCentre", equalTo("us14"))
                .body("account.apiEndpoint", equalTo(SandboxControl.url() + "/mailchimp-api/us14"))
                .body(not(containsString(key)));
    }

    @Test
    void aMailchimpKeyConnectionHandsOutTheKeyAndItsEndpoint() {
        // Given
        String key = SandboxControl.mailchimpKey("us14");
        String connection = addKey(adminToken, "mailchimp", key).then().statusCode(201).extract().path("id");

        // When
        Response response = given().auth().oauth2(SandboxTokens.service("mailchimp-service")).when()
                .get("/internal/connections/" + connection + "/access-token");

        // Then
        response.then().statusCode(200)
                .body("accessToken", equalTo(key))
                .body("apiEndpoint", equalTo(SandboxControl.url() + "/mailchimp-api/us14"))
                .body("expiresAt", nullValue());
    }

    @Test
    void aSecondMailchimpKeyReplacesTheFirstInPlace() {
        // Given
        String connection = addKey(adminToken, "mailchimp", SandboxControl.mailchimpKey("us14")).then().statusCode(201)
                .extract().path("id");
        String second = SandboxControl.mailchimpKey("us14");

        // When
        Response response = addKey(adminToken, "mailchimp", second);

        // Then
        response.then().statusCode(200).body("id", equalTo(connection)).body("status", equalTo("active"));
        given().auth().oauth2(adminToken).when().get("/connections").then().statusCode(200).body("size()", equalTo(1));
        given().auth().oauth2(SandboxTokens.service("mailchimp-service")).when()
                .get("/internal/connections/" + connection + "/access-token").then().statusCode(200)
                .body("accessToken", equalTo(second));
    }

    @Test
    void refusesAnUnknownMailchimpKey() {
        // Given
        String unknown = hex32() + "-us14";

        // When
        Response response = addKey(adminToken, "mailchimp", unknown);

        // Then
        assertProblem(response, 422, "validation-failed").body(not(containsString(unknown)));
        assertNothingStored();
    }

    @Test
    void refusesADeletedMailchimpKey() {
        // Given
        String key = SandboxControl.mailchimpKey("us14");
        given().when().delete(SandboxControl.url() + "/control/mailchimp/api-keys/" + key).then().statusCode(204);

        // When
        Response response = addKey(adminToken, "mailchimp", key);

        // Then
        assertProblem(response, 422, "validation-failed");
        assertNothingStored();
    }

    @ParameterizedTest
    @ValueSource(strings = { "not-a-key", "0123456789abcdef-us14", "0123456789ABCDEF0123456789ABCDEF-us14" })
    void refusesAMalformedMailchimpKeyWithoutARequest(String key) {
        // Given
        long calls = SandboxControl.calls("/mailchimp-api/*");

        // When
        Response response = addKey(adminToken, "mailchimp", key);

        // Then
        assertProblem(response, 422, "validation-failed");
        assertEquals(calls, SandboxControl.calls("/mailchimp-api/*"));
        assertNothingStored();
    }

    @ParameterizedTest
    @ValueSource(strings = { "-evil.example.com", "-us1.evil", "-evil", "-us1.evil.example.com/x", "-123" })
    void refusesAKeyOfAForeignDataCentreWithoutARequest(String suffix) {
        // Given
        long calls = SandboxControl.calls("/mailchimp-api/*");

        // When
        Response response = addKey(adminToken, "mailchimp", hex32() + suffix);

        // Then
        assertProblem(response, 422, "validation-failed");
        assertEquals(calls, SandboxControl.calls("/mailchimp-api/*"));
        assertNothingStored();
    }

    @Test
    void answers503WhenTheMailchimpPingFails() {
        // Given
        String key = SandboxControl.mailchimpKey("us15");
        rules.add(SandboxControl.fault("GET", "/mailchimp-api/us15/3.0/ping", 503));

        // When
        Response response = addKey(adminToken, "mailchimp", key);

        // Then
        assertProblem(response, 503, "service-unavailable").header("Retry-After", notNullValue())
                .body(not(containsString(key)));
        assertNothingStored();
    }

    // --- Mapbox ---

    @Test
    void aValidMapboxTokenConnectsTheTenantAsItsMapboxUser() {
        // Given
        String mapboxUser = "mapbox-" + UUID.randomUUID().toString().substring(0, 8);
        String token = SandboxControl.mapboxToken(mapboxUser);

        // When
        Response response = addKey(adminToken, "mapbox", token);

        // Then
        response.then().statusCode(201)
                .body("provider", equalTo("mapbox"))
                .body("kind", equalTo("api_key"))
                .body("ownerUserId", nullValue())
                .body("account.id", equalTo(mapboxUser))
                .body(not(containsString(token)));
    }

    @Test
    void refusesARevokedMapboxToken() {
        // Given
        String token = SandboxControl.mapboxToken("mapbox-" + UUID.randomUUID().toString().substring(0, 8));
        SandboxControl.revokeMapboxToken(token);

        // When
        Response response = addKey(adminToken, "mapbox", token);

        // Then
        assertProblem(response, 422, "validation-failed").body(not(containsString(token)));
        assertNothingStored();
    }

    @ParameterizedTest
    @ValueSource(strings = { "not-a-token", "pk.only-two", "xx.eyJ1IjoiYSJ9.abc", "pk.eyJ1IjoiYSJ9.abc/../x" })
    void refusesAMalformedMapboxTokenWithoutARequest(String token) {
        // Given
        long calls = SandboxControl.calls("/mapbox/*");

        // When
        Response response = addKey(adminToken, "mapbox", token);

        // Then
        assertProblem(response, 422, "validation-failed");
        assertEquals(calls, SandboxControl.calls("/mapbox/*"));
        assertNothingStored();
    }

    // --- policy ---

    @Test
    void aUserMayNotAddTheTenantsKeysUnderTheDefaultPolicy() {
        // Given
        String key = SandboxControl.mailchimpKey("us14");

        // When
        Response response = addKey(SandboxTokens.user(tenant, "u-1"), "mailchimp", key);

        // Then
        assertProblem(response, 403, "forbidden");
        assertNothingStored();
    }

    @Test
    void aUserMayAddTheTenantsKeysWhenThePolicyAllows() {
        // Given
        given().auth().oauth2(adminToken).contentType(ContentType.JSON)
                .body(Map.of("allowedProviders", List.of("google", "microsoft", "mailchimp", "mapbox"), "apiKeysRequireAdmin", false))
                .when().put("/connection-policy").then().statusCode(200);
        String key = SandboxControl.mailchimpKey("us14");

        // When
        Response response = addKey(SandboxTokens.user(tenant, "u-1"), "mailchimp", key);

        // Then
        response.then().statusCode(201).body("kind", equalTo("api_key")).body("ownerUserId", nullValue());
    }

    @Test
    void refusesAKeyOfAProviderThePolicyDisallows() {
        // Given
        given().auth().oauth2(adminToken).contentType(ContentType.JSON)
                .body(Map.of("allowedProviders", List.of("google"), "apiKeysRequireAdmin", true))
                .when().put("/connection-policy").then().statusCode(200);
        String key = SandboxControl.mailchimpKey("us14");

        // When
        Response response = addKey(adminToken, "mailchimp", key);

        // Then
        assertProblem(response, 403, "forbidden");
        assertNothingStored();
    }

    @Test
    void refusesAKeyForAProviderWithoutApiKeys() {
        // When
        Response response = addKey(adminToken, "google", "anything");

        // Then
        assertProblem(response, 404, "not-found");
        assertNothingStored();
    }

    // --- bad bodies ---

    @Test
    void refusesAnEmptyBody() {
        // When
        Response response = given().auth().oauth2(adminToken).contentType(ContentType.JSON).when()
                .post("/connections/mailchimp/api-keys");

        // Then
        assertProblem(response, 422, "validation-failed");
        assertNothingStored();
    }

    @Test
    void refusesABodyWithoutAKey() {
        // When
        Response response = given().auth().oauth2(adminToken).contentType(ContentType.JSON).body(Map.of()).when()
                .post("/connections/mailchimp/api-keys");

        // Then
        assertProblem(response, 422, "validation-failed");
        assertNothingStored();
    }

    @Test
    void refusesABlankKey() {
        // When
        Response response = addKey(adminToken, "mailchimp", "   ");

        // Then
        assertProblem(response, 422, "validation-failed");
        assertNothingStored();
    }

    // --- helpers ---

    private static Response addKey(String token, String provider, String key) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("key", key)).when()
                .post("/connections/" + provider + "/api-keys");
    }

    private void assertNothingStored() {
        given().auth().oauth2(adminToken).queryParam("includeRevoked", true).when().get("/connections").then().statusCode(200)
                .body("size()", equalTo(0));
    }

    private static String hex32() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
