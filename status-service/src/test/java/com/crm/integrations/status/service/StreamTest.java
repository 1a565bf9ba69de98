package com.crm.integrations.status.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.payload.ConnectionChange;
import com.crm.integrations.common.events.payload.ConnectionCheckOutcome;
import com.crm.integrations.common.events.payload.ConnectionStatus;
import com.crm.integrations.status.SiblingEvents;
import com.crm.integrations.status.SseClient;
import com.crm.integrations.status.SseClient.Event;
import com.crm.integrations.testing.IntegrationInfrastructure;
import com.crm.integrations.testing.contract.SandboxTokens;
import com.crm.integrations.testing.contract.TestUser;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** The live view: a snapshot, then each change of the caller's cards as the projection makes it, resumable. */
@QuarkusTest
// Without the real siblings: the facts here are made up, and calendar-service would act on made-up connections.
@WithTestResource(IntegrationInfrastructure.class)
class StreamTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    @Inject
    Pool pool;

    private TestUser ana;
    private SiblingEvents events;

    @BeforeEach
    void freshTenant() {
        ana = TestUser.fresh();
        events = new SiblingEvents(ana.tenant());
    }

    private SseClient open(String token, Map<String, String> headers) {
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.put("Authorization", "Bearer " + token);
        return SseClient.open("/integrations/status/stream", all);
    }

    /** Connects {@code owner}'s {@code provider} (null owner: the tenant's key) and waits until the projection shows it. */
    private String connected(String provider, String owner) {
        String connection = UUID.randomUUID().toString();
        SiblingEvents.send(events.connection(connection, provider, owner, ConnectionChange.CREATED, ConnectionStatus.ACTIVE, T0));
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> io.restassured.RestAssured.given().auth()
                .oauth2(ana.adminToken()).queryParam("scope", "tenant").get("/integrations/status").asString().contains(connection));
        return connection;
    }

    @Test
    void startsWithASnapshotThenPushesEachCardAsItChanges() {
        String connection = connected("google", ana.user());
        try (SseClient stream = open(ana.token(), Map.of())) {
            assertEquals(200, stream.status());
            assertTrue(stream.header("content-type").startsWith("text/event-stream"), stream.header("content-type"));
            Event snapshot = stream.await(event -> "snapshot".equals(event.name()), WAIT, "snapshot");
            assertEquals(4, new JsonObject(snapshot.data()).getJsonArray("integrations").size());

            SiblingEvents.send(events.connection(connection, "google", ana.user(), ConnectionChange.STATUS_CHANGED,
                    ConnectionStatus.NEEDS_REAUTH, T0.plusSeconds(60)));

            Event card = stream.await(event -> "integration".equals(event.name()), WAIT, "card");
            JsonObject json = new JsonObject(card.data());
            assertEquals("google-calendar", json.getString("id"));
            assertEquals("error", json.getString("status"));
            assertTrue(Long.parseLong(card.id()) > Long.parseLong(snapshot.id()), "ids grow: " + snapshot.id() + " then " + card.id());
            assertEquals(1, stream.named().stream().filter(event -> "integration".equals(event.name())).count(),
                    "only the card that changed");
            stream.await(event -> "heartbeat".equals(event.comment()), WAIT, "heartbeat");
        }
    }

    @Test
    void aNewCardComesAsASnapshot() {
        try (SseClient stream = open(ana.token(), Map.of())) {
            stream.await(event -> "snapshot".equals(event.name()), WAIT, "snapshot");
            SiblingEvents.send(events.connection(UUID.randomUUID().toString(), "google", ana.user(), ConnectionChange.CREATED,
                    ConnectionStatus.ACTIVE, T0));

            Event second = stream.await(event -> event.name() != null && !event.id().equals(stream.named().get(0).id()), WAIT,
                    "second event");
            assertEquals("snapshot", second.name(), "the set of cards changed: the never-connected card became Ana's");
            assertTrue(second.data().contains("\"userId\":\"" + ana.user() + "\""));
        }
    }

    @Test
    void resumesAfterTheLastEventItGot() {
        String connection = connected("mapbox", null);
        String lastId;
        try (SseClient stream = open(ana.token(), Map.of())) {
            lastId = stream.await(event -> "snapshot".equals(event.name()), WAIT, "snapshot").id();
        }
        SiblingEvents.send(events.checked(connection, "mapbox", ConnectionCheckOutcome.VALID, null, T0.plusSeconds(60)));
        awaitChangeLogged(2);

        try (SseClient resumed = open(ana.token(), Map.of("Last-Event-ID", lastId))) {
            Event first = resumed.await(event -> event.name() != null, WAIT, "first event");
            assertEquals("integration", first.name(), "the missed change, not a snapshot");
            assertEquals("mapbox", new JsonObject(first.data()).getString("id"));
        }
        try (SseClient unknown = open(ana.token(), Map.of("Last-Event-ID", "not-a-number"))) {
            assertEquals("snapshot", unknown.await(event -> event.name() != null, WAIT, "first event").name());
        }
    }

    @Test
    void aResumeFromBeforeWhatWasPrunedGetsASnapshot() {
        pool.query("UPDATE status_change_pruned SET up_to = greatest(up_to, (SELECT coalesce(max(seq), 0) FROM status_change))")
                .execute().await().atMost(WAIT);

        try (SseClient resumed = open(ana.token(), Map.of("Last-Event-ID", "0"))) {
            assertEquals("snapshot", resumed.await(event -> event.name() != null, WAIT, "first event").name());
        }
    }

    @Test
    void aUserIsToldOfTheirOwnAndTheTenantsCardsOnly() {
        TestUser bo = ana.colleague();
        String bos = connected("google", bo.user());
        String anas = connected("microsoft", ana.user());
        try (SseClient stream = open(ana.token(), Map.of())) {
            stream.await(event -> "snapshot".equals(event.name()), WAIT, "snapshot");
            SiblingEvents.send(events.refreshed(bos, "google", bo.user(), T0.plusSeconds(3600), T0.plusSeconds(10)),
                    events.refreshed(anas, "microsoft", ana.user(), T0.plusSeconds(3600), T0.plusSeconds(10)));

            Event first = stream.await(event -> "integration".equals(event.name()), WAIT, "card");
            assertEquals("outlook-calendar", new JsonObject(first.data()).getString("id"), "Bo's Google card is not Ana's business");
            assertFalse(stream.named().stream().anyMatch(event -> event.data() != null && event.data().contains(bo.user())));
        }
        try (SseClient everyone = SseClient.open("/integrations/status/stream?scope=tenant",
                Map.of("Authorization", "Bearer " + ana.adminToken()))) {
            Event snapshot = everyone.await(event -> "snapshot".equals(event.name()), WAIT, "snapshot");
            assertTrue(snapshot.data().contains(bo.user()), "a tenant admin asking for the tenant sees Bo's card");
        }
    }

    @Test
    void aChangeProjectedElsewhereReachesTheStreamThroughTheChangeLog() {
        String connection = connected("mapbox", null);
        try (SseClient stream = open(ana.token(), Map.of())) {
            stream.await(event -> "snapshot".equals(event.name()), WAIT, "snapshot");
            // What another replica's projection writes: the row and the change, in its own transaction on its own connection.
            pool.withTransaction(tx -> tx.preparedQuery("""
                    UPDATE status_connection SET status = 'needs_reauth', status_at = now(), status_event = 'elsewhere'
                    WHERE tenant_id = $1 AND connection_id = $2
                    """).execute(Tuple.of(ana.tenant(), connection))
                    .chain(() -> tx.preparedQuery("INSERT INTO status_change (tenant_id, owner_user_id, integration) VALUES ($1, NULL, 'mapbox')")
                            .execute(Tuple.of(ana.tenant()))))
                    .await().atMost(WAIT);

            Event card = stream.await(event -> "integration".equals(event.name()), Duration.ofSeconds(5), "card");
            assertEquals("mapbox", new JsonObject(card.data()).getString("id"));
            assertEquals("error", new JsonObject(card.data()).getString("status"));
        }
    }

    @Test
    void endsWhenTheTokenExpires() {
        try (SseClient stream = open(SandboxTokens.userExpiringIn(ana.tenant(), ana.user(), 3), Map.of())) {
            stream.await(event -> "snapshot".equals(event.name()), WAIT, "snapshot");
            Event expired = stream.await(event -> "expired".equals(event.name()), WAIT, "expired");
            assertTrue(expired.data().contains("expired"));
            org.awaitility.Awaitility.await().atMost(WAIT).until(stream::ended);
        }
    }

    @Test
    void refusesWhoMayNotFollow() {
        try (SseClient tenantScope = SseClient.open("/integrations/status/stream?scope=tenant",
                Map.of("Authorization", "Bearer " + ana.token()))) {
            assertEquals(403, tenantScope.status());
        }
        try (SseClient anonymous = SseClient.open("/integrations/status/stream", Map.of())) {
            assertEquals(401, anonymous.status());
        }
    }

    private void awaitChangeLogged(long changes) {
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> pool.preparedQuery("SELECT count(*) FROM status_change WHERE tenant_id = $1")
                .execute(Tuple.of(ana.tenant())).await().atMost(WAIT).iterator().next().getLong(0) >= changes);
    }
}
