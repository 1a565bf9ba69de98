package com.crm.integrations.token.oauth;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.Topics;
import com.crm.integrations.testing.IntegrationInfrastructure;
import com.crm.integrations.testing.contract.SandboxTokens;
import com.crm.integrations.testing.events.AsyncApiCatalog;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vertx.core.json.JsonObject;

/** A connection's life as connection.changed events: created, reconnected (same id), revoked; each as docs/asyncapi.yaml says. */
@QuarkusTest
@WithTestResource(IntegrationInfrastructure.class)
class ConnectionEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final AsyncApiCatalog CATALOG = AsyncApiCatalog.fromProjectRoot();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aConnectionsLifeIsPublishedInOrderWithoutATokenAndAsCatalogued() throws Exception {
        // Given
        String tenant = "ev-" + UUID.randomUUID().toString().substring(0, 8);
        String token = SandboxTokens.user(tenant, "ana");
        KafkaCompanion kafka = new KafkaCompanion(bootstrap);
        ConsumerTask<String, byte[]> records = kafka.consume(Serdes.String(), Serdes.ByteArray()).withGroupId("ev-" + UUID.randomUUID())
                .withOffsetReset(OffsetResetStrategy.EARLIEST).fromTopics(Topics.TOKEN_EVENTS);
        try {
            // When: connect, reconnect, disconnect
            Map<String, String> first = new OAuthBrowser("google", token).connect("ana@example.com");
            Map<String, String> second = new OAuthBrowser("google", token).connect("ana@example.com");
            given().auth().oauth2(token).when().delete("/connections/" + first.get("connection")).then().statusCode(200);

            // Then
            assertEquals(first.get("connection"), second.get("connection"));
            List<ConsumerRecord<String, byte[]>> mine = awaitRecords(records, tenant, 3);
            assertEquals(List.of("created", "reconnected", "revoked"),
                    mine.stream().map(record -> json(record).getString("change")).toList());
            assertEquals(List.of("active", "active", "revoked"), mine.stream().map(record -> json(record).getString("status")).toList());
            for (ConsumerRecord<String, byte[]> record : mine) {
                JsonObject payload = json(record);
                assertEquals(first.get("connection"), payload.getString("connectionId"));
                assertEquals("google", payload.getString("provider"));
                assertEquals("oauth", payload.getString("kind"));
                assertEquals("ana", payload.getString("ownerUserId"));
                assertFalse(payload.encode().toLowerCase().contains("token\":\""), payload.encode());
                CATALOG.assertConforms(record.topic(), record.key(), headers(record), record.value());
            }
            assertEquals("active", json(mine.get(2)).getString("previousStatus"));
        } finally {
            records.stop();
            kafka.close();
        }
    }

    private static List<ConsumerRecord<String, byte[]>> awaitRecords(ConsumerTask<String, byte[]> task, String tenant, int count)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<ConsumerRecord<String, byte[]>> mine;
        do {
            mine = task.getRecords().stream().filter(record -> tenant.equals(record.key()))
                    .filter(record -> "crm.integrations.connection.changed.v1".equals(header(record, "ce_type"))).toList();
            if (mine.size() >= count) {
                return mine;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return mine;
    }

    private static JsonObject json(ConsumerRecord<String, byte[]> record) {
        return new JsonObject(new String(record.value(), StandardCharsets.UTF_8));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Map<String, String> headers(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        record.headers().forEach(header -> headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8)));
        return headers;
    }
}
