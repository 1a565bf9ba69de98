package com.crm.integrations.token.rest;

import static com.crm.integrations.testing.contract.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.Topics;
import com.crm.integrations.testing.contract.SandboxControl;
import com.crm.integrations.testing.contract.SandboxTokens;
import com.crm.integrations.testing.contract.TestUser;
import com.crm.integrations.testing.events.TopicReader;
import com.crm.integrations.token.TokenServiceInfrastructure;
import com.crm.integrations.token.oauth.OAuthBrowser;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;

/**
 * {@code GET /internal/connections/{id}}: a connection's facts for sibling services (whose it is, which provider,
 * whether it works, the account's fingerprint, Mailchimp's endpoint), for a service token only, never a secret.
 */
@QuarkusTest
@WithTestResource(TokenServiceInfrastructure.class)
class InternalConnectionApiTest {

    private static final String SERVICE = "mailchimp-service";

    private String tenant;
    private String user;
    private String userToken;
    private String adminToken;

    @BeforeEach
    void setUp() {
        TestUser fresh = TestUser.fresh();
        tenant = fresh.tenant();
        user = fresh.user();
        userToken = SandboxTokens.user(tenant, user);
        adminToken = SandboxTokens.user(tenant, "admin-" + UUID.randomUUID().toString().substring(0, 8), "tenant_admin");
    }

    @Test
    void anOAuthConnectionsFactsNameItsTenantOwnerAndAccountFingerprint() {
        // Given: a user's Google connection, and the fingerprint connection.changed.v2 published for it
        String login = user + "@example.com";
        String connection;
        String published;
        try (TopicReader records = TopicReader.of(Topics.TOKEN_EVENTS)) {
            connection = connect("google", login);
            published = new JsonObject(records.awaitType(tenant, EventType.CONNECTION_CHANGED_V2.type(), 1).get(0).json())
                    .getString("accountFingerprint");
        }

        // When
        Response response = facts(connection);

        // Then
        response.then().statusCode(200)
                .body("id", equalTo(connection))
                .body("tenantId", equalTo(tenant))
                .body("provider", equalTo("google"))
                .body("kind", equalTo("oauth"))
                .body("ownerUserId", equalTo(user))
                .body("status", equalTo("active"))
                .body("accountFingerprint", equalTo(published))
                .body("apiEndpoint", nullValue())
                .body("createdAt", notNullValue())
                .body("updatedAt", notNullValue());
        assertTrue(published.matches("[A-Za-z0-9_-]{43}"), published);
        assertFalse(response.asString().toLowerCase(Locale.ROOT).contains(login.toLowerCase(Locale.ROOT)), response.asString());
        assertCarriesNoSecret(response.asString());
    }

    @Test
    void aMailchimpApiKeyConnectionsFactsNameItsDataCentresEndpointAndNoOwner() {
        // Given
        String key = SandboxControl.mailchimpKey("us14");
        String connection = given().auth().oauth2(adminToken).contentType(ContentType.JSON).body(Map.of("key", key))
                .when().post("/connections/mailchimp/api-keys").then().statusCode(201).extract().path("id");

        // When
        Response response = facts(connection);

        // Then: every field is there, those that do not apply as null
        response.then().statusCode(200)
                .body("id", equalTo(connection))
                .body("tenantId", equalTo(tenant))
                .body("provider", equalTo("mailchimp"))
                .body("kind", equalTo("api_key"))
                .body("status", equalTo("active"))
                .body("apiEndpoint", equalTo(SandboxControl.url() + "/mailchimp-api/us14"));
        JsonObject body = new JsonObject(response.asString());
        assertTrue(body.containsKey("ownerUserId") && body.getValue("ownerUserId") == null, body.encode());
        assertTrue(body.containsKey("accountFingerprint") && body.getValue("accountFingerprint") == null, body.encode());
        assertFalse(response.asString().contains(key), response.asString());
        assertCarriesNoSecret(response.asString());
    }

    @Test
    void aMailchimpOAuthConnectionsFactsNameTheAccountsDataCentreEndpoint() {
        // Given: the sandbox's Mailchimp accounts consent in data centre us21
        String connection = connect("mailchimp", user + "@example.com");

        // When
        Response response = facts(connection);

        // Then
        response.then().statusCode(200)
                .body("provider", equalTo("mailchimp"))
                .body("kind", equalTo("oauth"))
                .body("ownerUserId", equalTo(user))
                .body("accountFingerprint", notNullValue())
                .body("apiEndpoint", equalTo(SandboxControl.url() + "/mailchimp-api/us21"));
        assertCarriesNoSecret(response.asString());
    }

    @Test
    void aDisconnectedConnectionsFactsSayRevoked() {
        // Given
        String connection = connect("google", user + "@example.com");
        given().auth().oauth2(userToken).when().delete("/connections/" + connection).then().statusCode(200);

        // When
        Response response = facts(connection);

        // Then
        response.then().statusCode(200).body("status", equalTo("revoked"));
    }

    @Test
    void anUnknownConnectionIsNotFound() {
        // When
        Response response = facts(UUID.randomUUID().toString());

        // Then
        assertProblem(response, 404, "not-found");
    }

    @Test
    void aUserTokenIsRefusedEvenForTheirOwnConnection() {
        // Given
        String connection = connect("google", user + "@example.com");

        // When
        Response response = given().auth().oauth2(adminToken).when().get("/internal/connections/" + connection);

        // Then
        assertProblem(response, 403, "forbidden");
    }

    @Test
    void aCallWithoutATokenIsUnauthenticated() {
        // Given
        String connection = connect("google", user + "@example.com");

        // When
        Response response = given().when().get("/internal/connections/" + connection);

        // Then
        assertProblem(response, 401, "unauthenticated");
    }

    private String connect(String provider, String login) {
        Map<String, String> outcome = new OAuthBrowser(provider, userToken).connect(login);
        assertEquals("connected", outcome.get("outcome"), outcome.toString());
        return outcome.get("connection");
    }

    private static Response facts(String connection) {
        return given().auth().oauth2(SandboxTokens.service(SERVICE)).when().get("/internal/connections/" + connection);
    }

    private static void assertCarriesNoSecret(String body) {
        List<String> secrets = SandboxControl.issuedSecrets();
        assertFalse(secrets.isEmpty());
        for (String secret : secrets) {
            assertFalse(body.contains(secret), () -> "the facts carry an issued secret: " + body);
        }
    }
}
