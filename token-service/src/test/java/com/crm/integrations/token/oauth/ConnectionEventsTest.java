package com.crm.integrations.token.oauth;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.Topics;
import com.crm.integrations.testing.contract.SandboxTokens;
import com.crm.integrations.testing.contract.TestUser;
import com.crm.integrations.testing.events.AsyncApiCatalog;
import com.crm.integrations.testing.events.TopicReader;
import com.crm.integrations.testing.events.TopicReader.PublishedEvent;
import com.crm.integrations.token.TokenServiceInfrastructure;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/** A connection's life as connection.changed events: created, reconnected (same id), revoked; each as docs/asyncapi.yaml says. */
@QuarkusTest
@WithTestResource(TokenServiceInfrastructure.class)
class ConnectionEventsTest {

    private static final AsyncApiCatalog CATALOG = AsyncApiCatalog.fromProjectRoot();

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

    private static JsonObject json(PublishedEvent record) {
        return new JsonObject(record.json());
    }
}
