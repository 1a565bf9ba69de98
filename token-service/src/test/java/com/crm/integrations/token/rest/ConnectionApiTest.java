package com.crm.integrations.token.rest;

import static com.crm.integrations.testing.contract.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.crm.integrations.testing.contract.SandboxControl;
import com.crm.integrations.testing.contract.SandboxTokens;
import com.crm.integrations.testing.contract.TestUser;
import com.crm.integrations.token.oauth.OAuthBrowser;
import com.crm.integrations.token.TokenServiceInfrastructure;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The CRM-facing connection API and the internal token API: who sees and changes which connection,
 * what DELETE does per provider, and that no response carries a token or key.
 */
@QuarkusTest
@WithTestResource(TokenServiceInfrastructure.class)
class ConnectionApiTest {

    private final List<String> rules = new ArrayList<>();
    private String tenant;
    private String user;
    private String userToken;
    private String adminToken;

    @BeforeEach
    void setUp() {
        tenant = newTenant();
        user = TestUser.fresh().user();
        userToken = SandboxTokens.user(tenant, user);
        adminToken = SandboxTokens.user(tenant, "admin-" + UUID.randomUUID().toString().substring(0, 8), "tenant_admin");
    }

    @AfterEach
    void removeFaults() {
        rules.forEach(SandboxControl::removeRule);
    }

    // --- listing and visibility ---

    @Test
    void aUserListsTheirOwnOAuthConnectionsAndTheTenantsApiKeys() {
        // Given
        String own = connect("google", userToken, user);
        String otherUser = "u-other-" + UUID.randomUUID().toString().substring(0, 8);
        connect("google", SandboxTokens.user(tenant, otherUser), otherUser);
        String key = addMailchimpKey(adminToken);

        // When
        Response response = given().auth().oauth2(userToken).when().get("/connections");

        // Then
        response.then().statusCode(200).body("id", containsInAnyOrder(own, key));
    }

    @Test
    void aTenantAdminListsAllOfTheTenantsConnections() {
        // Given
        String own = connect("google", userToken, user);
        String otherUser = "u-other-" + UUID.randomUUID().toString().substring(0, 8);
        String others = connect("microsoft", SandboxTokens.user(tenant, otherUser), otherUser);
        String key = addMailchimpKey(adminToken);
        connect("google", SandboxTokens.user(newTenant(), user), user);

        // When
        Response response = given().auth().oauth2(adminToken).when().get("/connections");

        // Then
        response.then().statusCode(200).body("id", containsInAnyOrder(own, others, key));
    }

    @Test
    void listingHidesRevokedConnectionsByDefault() {
        // Given
        String revoked = connect("google", userToken, user);
        given().auth().oauth2(userToken).when().delete("/connections/" + revoked).then().statusCode(200);

        // When
        Response response = given().auth().oauth2(userToken).when().get("/connections");

        // Then
        response.then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void listingWithIncludeRevokedShowsRevokedConnections() {
        // Given
        String revoked = connect("google", userToken, user);
        given().auth().oauth2(userToken).when().delete("/connections/" + revoked).then().statusCode(200);

        // When
        Response response = given().auth().oauth2(userToken).queryParam("includeRevoked", true).when().get("/connections");

        // Then
        response.then().statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].id", equalTo(revoked))
                .body("[0].status", equalTo("revoked"));
    }

    // --- another tenant's, another user's, unknown and malformed ids ---

    @Test
    void anotherTenantsConnectionIsNotFound() {
        // Given
        String connection = connect("google", userToken, user);

        // When
        Response response = given().auth().oauth2(SandboxTokens.user(newTenant(), user, "tenant_admin")).when()
                .get("/connections/" + connection);

        // Then
        assertProblem(response, 404, "not-found");
    }

    @Test
    void deletingAnotherTenantsConnectionIsNotFoundAndChangesNothing() {
        // Given
        String connection = connect("google", userToken, user);

        // When
        Response response = given().auth().oauth2(SandboxTokens.user(newTenant(), user, "tenant_admin")).when()
                .delete("/connections/" + connection);

        // Then
        assertProblem(response, 404, "not-found");
        assertStillActive(connection);
    }

    @Test
    void anotherUsersConnectionIsNotFound() {
        // Given
        String connection = connect("google", userToken, user);

        // When
        Response response = given().auth().oauth2(SandboxTokens.user(tenant, "u-other")).when().get("/connections/" + connection);

        // Then
        assertProblem(response, 404, "not-found");
    }

    @Test
    void deletingAnotherUsersConnectionIsNotFoundAndChangesNothing() {
        // Given
        String connection = connect("google", userToken, user);

        // When
        Response response = given().auth().oauth2(SandboxTokens.user(tenant, "u-other")).when().delete("/connections/" + connection);

        // Then
        assertProblem(response, 404, "not-found");
        assertStillActive(connection);
    }

    @Test
    void anUnknownConnectionIsNotFound() {
        // When
        Response response = given().auth().oauth2(userToken).when().get("/connections/" + UUID.randomUUID());

        // Then
        assertProblem(response, 404, "not-found");
    }

    @Test
    void deletingAnUnknownConnectionIsNotFound() {
        // When
        Response response = given().auth().oauth2(userToken).when().delete("/connections/" + UUID.randomUUID());

        // Then
        assertProblem(response, 404, "not-found");
    }

    @ParameterizedTest
    @ValueSource(strings = { "GET", "DELETE" })
    void aMalformedConnectionIdIsNotFound(String method) {
        // When
        Response response = given().auth().oauth2(userToken).when().request(method, "/connections/not-a-uuid");

        // Then
        assertProblem(response, 404, "not-found");
    }

    // --- never a token ---

    @Test
    void theListCarriesNoTokenOrKey() {
        // Given
        connect("google", userToken, user);
        connect("microsoft", userToken, user);
        connect("mailchimp", userToken, user);
        connect("acme", userToken, user);
        addMailchimpKey(adminToken);
        addMapboxToken(adminToken);

        // When
        Response response = given().auth().oauth2(adminToken).when().get("/connections");

        // Then
        response.then().statusCode(200).body("size()", equalTo(6));
        assertCarriesNoSecret(response.asString());
    }

    @ParameterizedTest
    @ValueSource(strings = { "google", "microsoft", "mailchimp", "acme", "mailchimp-key", "mapbox-token" })
    void aConnectionCarriesNoTokenOrKey(String kind) {
        // Given
        String connection = switch (kind) {
            case "mailchimp-key" -> addMailchimpKey(adminToken);
            case "mapbox-token" -> addMapboxToken(adminToken);
            default -> connect(kind, userToken, user);
        };

        // When
        Response response = given().auth().oauth2(adminToken).when().get("/connections/" + connection);

        // Then
        response.then().statusCode(200).body("id", equalTo(connection));
        assertCarriesNoSecret(response.asString());
    }

    // --- DELETE per provider ---

    @Test
    void deletingAGoogleConnectionRevokesItsGrantAtGoogle() {
        // Given
        String connection = connect("google", userToken, user);

        // When
        Response response = given().auth().oauth2(userToken).when().delete("/connections/" + connection);

        // Then
        response.then().statusCode(200)
                .body("providerRevocation", equalTo("revoked"))
                .body("localTokens", equalTo("destroyed"))
                .body("connection.id", equalTo(connection))
                .body("connection.status", equalTo("revoked"));
        List<Map<String, Object>> refreshTokens = SandboxControl.refreshTokens("google", account(user));
        assertFalse(refreshTokens.isEmpty());
        refreshTokens.forEach(token -> assertEquals("revoked", token.get("state"), refreshTokens.toString()));
    }

    @Test
    void deletingAMicrosoftConnectionSaysRevocationIsNotSupported() {
        // Given
        String connection = connect("microsoft", userToken, user);

        // When
        Response response = given().auth().oauth2(userToken).when().delete("/connections/" + connection);

        // Then
        response.then().statusCode(200)
                .body("providerRevocation", equalTo("not_supported"))
                .body("localTokens", equalTo("destroyed"))
                .body("connection.status", equalTo("revoked"));
    }

    @Test
    void deletingAStandardsProviderConnectionRevokesItsGrantThere() {
        // Given
        String connection = connect("acme", userToken, user);

        // When
        Response response = given().auth().oauth2(userToken).when().delete("/connections/" + connection);

        // Then
        response.then().statusCode(200)
                .body("providerRevocation", equalTo("revoked"))
                .body("localTokens", equalTo("destroyed"))
                .body("connection.status", equalTo("revoked"));
        List<Map<String, Object>> refreshTokens = SandboxControl.refreshTokens("generic", account(user));
        assertFalse(refreshTokens.isEmpty());
        refreshTokens.forEach(token -> assertEquals("revoked", token.get("state"), refreshTokens.toString()));
    }

    @Test
    void deletingWhileGoogleCannotRevokeStillRevokesLocally() {
        // Given
        String connection = connect("google", userToken, user);
        rules.add(SandboxControl.fault("POST", "/google/revoke", 503));

        // When
        Response response = given().auth().oauth2(userToken).when().delete("/connections/" + connection);

        // Then
        response.then().statusCode(200)
                .body("providerRevocation", equalTo("provider_unreachable"))
                .body("localTokens", equalTo("destroyed"))
                .body("connection.status", equalTo("revoked"));
        given().auth().oauth2(userToken).when().get("/connections/" + connection).then().statusCode(200)
                .body("status", equalTo("revoked"));
    }

    @Test
    void deletingWhenTheProviderRefusesOurAppSaysRefusedAndStillRevokesLocally() {
        // Given
        String connection = connect("acme", userToken, user);
        rules.add(SandboxControl.fault("POST", "/generic/revoke", 401,
                "{\"error\":\"invalid_client\",\"error_description\":\"client authentication failed\"}", null, null));

        // When
        Response response = given().auth().oauth2(userToken).when().delete("/connections/" + connection);

        // Then
        response.then().statusCode(200)
                .body("providerRevocation", equalTo("refused"))
                .body("localTokens", equalTo("destroyed"))
                .body("connection.status", equalTo("revoked"));
    }

    @Test
    void aDeletedConnectionHandsOutNoAccessToken() {
        // Given
        String connection = connect("google", userToken, user);
        given().auth().oauth2(userToken).when().delete("/connections/" + connection).then().statusCode(200);

        // When
        Response response = given().auth().oauth2(SandboxTokens.service("calendar-service")).when()
                .get("/internal/connections/" + connection + "/access-token");

        // Then
        assertProblem(response, 409, "conflict");
    }

    @Test
    void deletingAfterTheUserRemovedTheAppAtGoogleSaysTheGrantWasAlreadyInvalid() {
        // Given
        String connection = connect("google", userToken, user);
        given().when().post(SandboxControl.url() + "/control/google/accounts/" + account(user) + "/revoke").then().statusCode(204);

        // When
        Response response = given().auth().oauth2(userToken).when().delete("/connections/" + connection);

        // Then
        response.then().statusCode(200)
                .body("providerRevocation", equalTo("already_invalid"))
                .body("localTokens", equalTo("destroyed"))
                .body("connection.status", equalTo("revoked"));
    }

    @Test
    void aTenantAdminMayDeleteAUsersConnection() {
        // Given
        String connection = connect("google", userToken, user);

        // When
        Response response = given().auth().oauth2(adminToken).when().delete("/connections/" + connection);

        // Then
        response.then().statusCode(200).body("connection.status", equalTo("revoked"));
        given().auth().oauth2(userToken).when().get("/connections").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void aUserMayNotDeleteTheTenantsApiKeyUnderTheDefaultPolicy() {
        // Given
        String key = addMailchimpKey(adminToken);

        // When
        Response response = given().auth().oauth2(userToken).when().delete("/connections/" + key);

        // Then
        assertProblem(response, 403, "forbidden");
        given().auth().oauth2(adminToken).when().get("/connections/" + key).then().statusCode(200).body("status", equalTo("active"));
    }

    @Test
    void aUserMayNotDeleteTheTenantsRevokedApiKeyEither() {
        // Given
        String key = addMailchimpKey(adminToken);
        given().auth().oauth2(adminToken).when().delete("/connections/" + key).then().statusCode(200);

        // When
        Response response = given().auth().oauth2(userToken).when().delete("/connections/" + key);

        // Then
        assertProblem(response, 403, "forbidden");
    }

    @Test
    void deletingAnApiKeyConnectionDoesNotRevokeAtTheProvider() {
        // Given
        String key = addMailchimpKey(adminToken);

        // When
        Response response = given().auth().oauth2(adminToken).when().delete("/connections/" + key);

        // Then
        response.then().statusCode(200)
                .body("providerRevocation", equalTo("not_supported"))
                .body("localTokens", equalTo("destroyed"))
                .body("connection.status", equalTo("revoked"));
    }

    // --- internal API ---

    @Test
    void theInternalTokenApiRefusesAUserToken() {
        // Given
        String connection = connect("google", userToken, user);

        // When
        Response response = given().auth().oauth2(adminToken).when().get("/internal/connections/" + connection + "/access-token");

        // Then
        assertProblem(response, 403, "forbidden").body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("ya29.")));
    }

    @Test
    void theInternalTokenApiNeedsAToken() {
        // Given
        String connection = connect("google", userToken, user);

        // When
        Response response = given().when().get("/internal/connections/" + connection + "/access-token");

        // Then
        assertProblem(response, 401, "unauthenticated");
    }

    @Test
    void theInternalTokenApiHandsAServiceTheAccessToken() {
        // Given
        String connection = connect("google", userToken, user);

        // When
        Response response = given().auth().oauth2(SandboxTokens.service("calendar-service")).when()
                .get("/internal/connections/" + connection + "/access-token");

        // Then
        response.then().statusCode(200).body("accessToken", startsWith("ya29.")).body("tokenType", equalTo("Bearer"));
        assertTrue(SandboxControl.issuedSecrets().contains(response.path("accessToken")));
    }

    @Test
    void theInternalTokenApiDoesNotKnowAnUnknownConnection() {
        // When
        Response response = given().auth().oauth2(SandboxTokens.service("calendar-service")).when()
                .get("/internal/connections/" + UUID.randomUUID() + "/access-token");

        // Then
        assertProblem(response, 404, "not-found");
    }

    // --- starting an authorization ---

    @Test
    void startingAnAuthorizationForAnUnknownProviderIsNotFound() {
        // When
        Response response = given().auth().oauth2(userToken).contentType(ContentType.JSON).when()
                .post("/connections/dropbox/authorizations");

        // Then
        assertProblem(response, 404, "not-found");
    }

    @Test
    void startingAnAuthorizationForAnApiKeyOnlyProviderIsNotFound() {
        // When
        Response response = given().auth().oauth2(userToken).contentType(ContentType.JSON).when()
                .post("/connections/mapbox/authorizations");

        // Then
        assertProblem(response, 404, "not-found");
    }

    @Test
    void startingAnAuthorizationNeedsAToken() {
        // When
        Response response = given().contentType(ContentType.JSON).when().post("/connections/google/authorizations");

        // Then
        assertProblem(response, 401, "unauthenticated");
    }

    @Test
    void startingAnAuthorizationForAProviderThePolicyDisallowsIsForbidden() {
        // Given
        given().auth().oauth2(adminToken).contentType(ContentType.JSON)
                .body(Map.of("allowedProviders", List.of("microsoft", "mailchimp", "mapbox"), "apiKeysRequireAdmin", true))
                .when().put("/connection-policy").then().statusCode(200);

        // When
        Response response = given().auth().oauth2(userToken).contentType(ContentType.JSON).when()
                .post("/connections/google/authorizations");

        // Then
        assertProblem(response, 403, "forbidden");
    }

    @Test
    void startingAnAuthorizationForAProviderThePolicyAllowsGivesAStartUrl() {
        // Given
        given().auth().oauth2(adminToken).contentType(ContentType.JSON)
                .body(Map.of("allowedProviders", List.of("google"), "apiKeysRequireAdmin", true))
                .when().put("/connection-policy").then().statusCode(200);

        // When
        Response response = given().auth().oauth2(userToken).contentType(ContentType.JSON).when()
                .post("/connections/google/authorizations");

        // Then
        response.then().statusCode(201).body("startUrl", org.hamcrest.Matchers.containsString("/oauth/google/start?session="));
    }

    @Test
    void thePolicyGovernsAProviderAddedByConfigurationToo() {
        // Given
        given().auth().oauth2(adminToken).contentType(ContentType.JSON)
                .body(Map.of("allowedProviders", List.of("google"), "apiKeysRequireAdmin", true))
                .when().put("/connection-policy").then().statusCode(200);

        // When
        Response response = given().auth().oauth2(userToken).contentType(ContentType.JSON).when()
                .post("/connections/acme/authorizations");

        // Then
        assertProblem(response, 403, "forbidden");
    }

    @Test
    void aPolicyNamingAnUnconfiguredProviderIsRefused() {
        // When
        Response response = given().auth().oauth2(adminToken).contentType(ContentType.JSON)
                .body(Map.of("allowedProviders", List.of("google", "yahoo"), "apiKeysRequireAdmin", true))
                .when().put("/connection-policy");

        // Then
        assertProblem(response, 422, "validation-failed");
        given().auth().oauth2(adminToken).when().get("/connection-policy").then().statusCode(200)
                .body("allowedProviders", org.hamcrest.Matchers.hasItem("acme"));
    }

    // --- helpers ---

    private static String newTenant() {
        return TestUser.fresh().tenant();
    }

    private static String account(String user) {
        return user + "@example.com";
    }

    /** A full OAuth flow for {@code user} to {@code provider}; returns the connection id. */
    private static String connect(String provider, String token, String user) {
        Map<String, String> outcome = new OAuthBrowser(provider, token).connect(account(user));
        assertTrue(outcome.get("outcome").endsWith("connected"), outcome.toString());
        return outcome.get("connection");
    }

    private static String addMailchimpKey(String adminToken) {
        return given().auth().oauth2(adminToken).contentType(ContentType.JSON)
                .body(Map.of("key", SandboxControl.mailchimpKey("us14"))).when().post("/connections/mailchimp/api-keys")
                .then().statusCode(201).extract().path("id");
    }

    private static String addMapboxToken(String adminToken) {
        return given().auth().oauth2(adminToken).contentType(ContentType.JSON)
                .body(Map.of("key", SandboxControl.mapboxToken("mapbox-" + UUID.randomUUID().toString().substring(0, 8))))
                .when().post("/connections/mapbox/api-keys").then().statusCode(201).extract().path("id");
    }

    private void assertStillActive(String connection) {
        given().auth().oauth2(userToken).when().get("/connections/" + connection).then().statusCode(200)
                .body("status", equalTo("active"));
        given().auth().oauth2(userToken).when().get("/connections").then().statusCode(200).body("id", hasItem(connection));
        given().auth().oauth2(SandboxTokens.service("calendar-service")).when()
                .get("/internal/connections/" + connection + "/access-token").then().statusCode(200);
    }

    private static void assertCarriesNoSecret(String body) {
        List<String> secrets = SandboxControl.issuedSecrets();
        assertFalse(secrets.isEmpty());
        for (String secret : secrets) {
            assertFalse(body.contains(secret), () -> "a response carries an issued secret: " + body);
        }
    }
}
