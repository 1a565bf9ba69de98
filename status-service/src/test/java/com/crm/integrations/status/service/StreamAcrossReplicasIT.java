package com.crm.integrations.status.service;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.payload.ConnectionChange;
import com.crm.integrations.common.events.payload.ConnectionStatus;
import com.crm.integrations.status.SiblingEvents;
import com.crm.integrations.status.SseClient;
import com.crm.integrations.status.SseClient.Event;
import com.crm.integrations.testing.IntegrationInfrastructure;
import com.crm.integrations.testing.contract.TestUser;
import com.crm.integrations.testing.services.TestAppReplica;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * Two replicas in one consumer group: each change is projected by one of them, and reaches the streams held by both
 * through the change log.
 */
@QuarkusTest
@WithTestResource(IntegrationInfrastructure.class)
class StreamAcrossReplicasIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    @Test
    void aChangeProjectedByEitherReplicaReachesTheStreamsOfBoth() {
        try (TestAppReplica other = TestAppReplica.start("status-service", Map.of())) {
            List<TestUser> users = new ArrayList<>();
            List<String> connections = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                TestUser user = TestUser.fresh();
                String connection = UUID.randomUUID().toString();
                SiblingEvents.send(new SiblingEvents(user.tenant()).connection(connection, "google", user.user(),
                        ConnectionChange.CREATED, ConnectionStatus.ACTIVE, T0));
                users.add(user);
                connections.add(connection);
            }
            for (TestUser user : users) {
                await().atMost(WAIT).until(() -> given().auth().oauth2(user.token()).get("/integrations/status").asString()
                        .contains("\"connected\":true"));
            }
            List<SseClient> streams = new ArrayList<>();
            try {
                for (TestUser user : users) {
                    streams.add(SseClient.open("/integrations/status/stream", Map.of("Authorization", "Bearer " + user.token())));
                    streams.add(SseClient.open(other.baseUrl(), "/integrations/status/stream",
                            Map.of("Authorization", "Bearer " + user.token())));
                }
                streams.forEach(stream -> stream.await(event -> "snapshot".equals(event.name()), WAIT, "snapshot"));

                for (int i = 0; i < users.size(); i++) {
                    SiblingEvents.send(new SiblingEvents(users.get(i).tenant()).connection(connections.get(i), "google",
                            users.get(i).user(), ConnectionChange.STATUS_CHANGED, ConnectionStatus.NEEDS_REAUTH, T0.plusSeconds(60)));
                }

                for (SseClient stream : streams) {
                    Event card = stream.await(event -> "integration".equals(event.name()), Duration.ofSeconds(10), "the change");
                    assertEquals("error", new JsonObject(card.data()).getString("status"));
                }
            } finally {
                streams.forEach(SseClient::close);
            }
        }
    }
}
