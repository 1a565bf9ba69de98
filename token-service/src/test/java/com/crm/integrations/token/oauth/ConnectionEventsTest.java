package com.crm.integrations.token.oauth;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.Topics;
import com.crm.integrations.testing.contract.SandboxControl;
import com.crm.integrations.testing.contract.SandboxTokens;
import com.crm.integrations.testing.contract.TestUser;
import com.crm.integrations.testing.events.AsyncApiCatalog;
import com.crm.integrations.testing.events.TopicReader;
import com.crm.integrations.testing.events.TopicReader.PublishedEvent;
import com.crm.integrations.token.TokenServiceInfrastructure;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;

/**
 * A connection's life as connection.changed events: created, reconnected (same id), revoked; each as docs/asyncapi.yaml
 * says, in v1 and in v2 with the fingerprint of the provider account, which never gives the account's login away.
 */
@QuarkusTest
@WithTestResource(TokenServiceInfrastructure.class)
class ConnectionEventsTest {

    private static final AsyncApiCatalog CATALOG = AsyncApiCatalog.fromProjectRoot();
    private static final String V1 = EventType.CONNECTION_CHANGED.type();
    private static final String V2 = EventType.CONNECTION_CHANGED_V2.type();

    @Test
    void aConnectionsLifeIsPublishedInOrderWithoutATokenAndAsCatalogued() throws Exception {
        // Given
        String tenant = TestUser.fresh().tenant();
        String token = SandboxTokens.user(tenant, "ana");
        try (TopicReader records = TopicReader.of(Topics.TOKEN_EVENTS)) {
            // When: connect, reconnect, disconnect
            Map<String, String> first = new OAuthBrowser("google", token).connect("ana@example.com");
            Map<String, String> second = new OAuthBrowser("google", token).connect("ana@example.com");
            given().auth().oauth2(token).when().delete("/connections/" + first.get("connection")).then().statusCode(200);

            // Then
            assertEquals(first.get("connection"), second.get("connection"));
            List<PublishedEvent> mine = records.awaitType(tenant, "crm.integrations.connection.changed.v1", 3);
            assertEquals(List.of("created", "reconnected", "revoked"),
                    mine.stream().map(record -> json(record).getString("change")).toList());
            assertEquals(List.of("active", "active", "revoked"), mine.stream().map(record -> json(record).getString("status")).toList());
            for (PublishedEvent record : mine) {
                JsonObject payload = json(record);
                assertEquals(first.get("connection"), payload.getString("connectionId"));
                assertEquals("google", payload.getString("provider"));
                assertEquals("oauth", payload.getString("kind"));
                assertEquals("ana", payload.getString("ownerUserId"));
                assertFalse(payload.encode().toLowerCase().contains("token\":\""), payload.encode());
                CATALOG.assertConforms(record.topic(), record.key(), record.headers(), record.value());
            }
            assertEquals("active", json(mine.get(2)).getString("previousStatus"));
        }
    }

    @Test
    void eachChangeIsPublishedAsV1ThenV2WithTheSameContentAndTheAccountsFingerprint() {
        // Given
        String tenant = TestUser.fresh().tenant();
        String token = SandboxTokens.user(tenant, "ana");
        String login = uniqueLogin("ana");
        try (TopicReader records = TopicReader.of(Topics.TOKEN_EVENTS)) {
            // When: connect, reconnect to the same account, disconnect
            Map<String, String> first = new OAuthBrowser("google", token).connect(login);
            new OAuthBrowser("google", token).connect(login);
            given().auth().oauth2(token).when().delete("/connections/" + first.get("connection")).then().statusCode(200);

            // Then: v1, v2 for each change, in that order
            records.awaitType(tenant, V2, 3);
            List<PublishedEvent> changes = connectionChanges(records, tenant);
            assertEquals(List.of(V1, V2, V1, V2, V1, V2), changes.stream().map(PublishedEvent::type).toList());
            List<String> fingerprints = new ArrayList<>();
            for (int i = 0; i < changes.size(); i += 2) {
                JsonObject v1 = json(changes.get(i));
                JsonObject v2 = json(changes.get(i + 1));
                fingerprints.add(v2.getString("accountFingerprint"));
                v2.remove("accountFingerprint");
                assertEquals(v1, v2);
            }
            assertEquals(List.of("created", "reconnected", "revoked"), changes.stream().filter(record -> V2.equals(record.type()))
                    .map(record -> json(record).getString("change")).toList());
            // the same account throughout: one fingerprint, a SHA-256 in base64url
            assertEquals(1, new HashSet<>(fingerprints).size(), fingerprints.toString());
            assertTrue(fingerprints.get(0).matches("[A-Za-z0-9_-]{43}"), fingerprints.get(0));
            assertLoginAbsent(changes, login);
        }
    }

    @Test
    void aReconnectToAnotherProviderAccountChangesTheFingerprintAndBackRestoresIt() {
        // Given
        String tenant = TestUser.fresh().tenant();
        String token = SandboxTokens.user(tenant, "ana");
        String work = uniqueLogin("ana.work");
        String home = uniqueLogin("ana.home");
        try (TopicReader records = TopicReader.of(Topics.TOKEN_EVENTS)) {
            // When: the same CRM user reconnects the same connection with another Google account, then with the first again
            Map<String, String> first = new OAuthBrowser("google", token).connect(work);
            Map<String, String> second = new OAuthBrowser("google", token).connect(home);
            Map<String, String> third = new OAuthBrowser("google", token).connect(work);

            // Then
            assertEquals(List.of(first.get("connection"), first.get("connection")), List.of(second.get("connection"),
                    third.get("connection")));
            List<PublishedEvent> v2 = records.awaitType(tenant, V2, 3);
            assertEquals(List.of("created", "reconnected", "reconnected"), v2.stream().map(record -> json(record).getString("change"))
                    .toList());
            List<String> fingerprints = v2.stream().map(record -> json(record).getString("accountFingerprint")).toList();
            assertNotNull(fingerprints.get(0));
            assertNotEquals(fingerprints.get(0), fingerprints.get(1), "another account");
            assertEquals(fingerprints.get(0), fingerprints.get(2), "the first account again");
            List<PublishedEvent> changes = connectionChanges(records, tenant);
            assertLoginAbsent(changes, work);
            assertLoginAbsent(changes, home);
        }
    }

    @Test
    void aMailchimpApiKeyNamesNoAccountSoItsFingerprintIsAbsent() {
        // Given
        String tenant = TestUser.fresh().tenant();
        String admin = SandboxTokens.user(tenant, "admin-1", "tenant_admin");
        try (TopicReader records = TopicReader.of(Topics.TOKEN_EVENTS)) {
            // When
            addKey(admin, "mailchimp", SandboxControl.mailchimpKey("us14"));

            // Then
            JsonObject v2 = json(records.awaitType(tenant, V2, 1).get(0));
            assertEquals("api_key", v2.getString("kind"));
            assertNull(v2.getValue("accountFingerprint"), v2.encode()); // null or absent: unknown
        }
    }

    @Test
    void aMapboxTokenIsFingerprintedByItsMapboxUser() {
        // Given
        String tenant = TestUser.fresh().tenant();
        String admin = SandboxTokens.user(tenant, "admin-1", "tenant_admin");
        String mapboxUser = "mapbox-" + UUID.randomUUID().toString().substring(0, 8);
        try (TopicReader records = TopicReader.of(Topics.TOKEN_EVENTS)) {
            // When
            addKey(admin, "mapbox", SandboxControl.mapboxToken(mapboxUser));

            // Then
            List<PublishedEvent> v2 = records.awaitType(tenant, V2, 1);
            assertTrue(json(v2.get(0)).getString("accountFingerprint").matches("[A-Za-z0-9_-]{43}"), v2.get(0).json());
            assertLoginAbsent(connectionChanges(records, tenant), mapboxUser);
        }
    }

    private static List<PublishedEvent> connectionChanges(TopicReader records, String tenant) {
        return records.ofTenant(tenant).stream().filter(record -> V1.equals(record.type()) || V2.equals(record.type())).toList();
    }

    /** Neither the value nor a header holds the login, in any case. */
    private static void assertLoginAbsent(List<PublishedEvent> records, String login) {
        for (PublishedEvent record : records) {
            assertFalse(record.json().toLowerCase(Locale.ROOT).contains(login.toLowerCase(Locale.ROOT)), record.json());
            record.headers().values().forEach(header -> assertFalse(header != null && header.contains(login), header));
        }
    }

    private static String uniqueLogin(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    private static void addKey(String token, String provider, String key) {
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("key", key)).when()
                .post("/connections/" + provider + "/api-keys").then().statusCode(201);
    }

    private static JsonObject json(PublishedEvent record) {
        return new JsonObject(record.json());
    }
}
