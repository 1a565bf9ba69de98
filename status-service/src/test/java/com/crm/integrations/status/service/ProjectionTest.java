package com.crm.integrations.status.service;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.payload.AudienceChange;
import com.crm.integrations.common.events.payload.AudienceLinkState;
import com.crm.integrations.common.events.payload.ConnectionChange;
import com.crm.integrations.common.events.payload.ConnectionCheckOutcome;
import com.crm.integrations.common.events.payload.ConnectionStatus;
import com.crm.integrations.common.events.payload.DeliveryCounts;
import com.crm.integrations.common.events.payload.MemberCounts;
import com.crm.integrations.common.events.payload.TokenRefreshedV1;
import com.crm.integrations.common.retry.FailureCategory;
import com.crm.integrations.status.SiblingEvents;
import com.crm.integrations.testing.IntegrationInfrastructure;
import com.crm.integrations.testing.contract.TestUser;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The projection through its API: each event type moves a card as docs/status.md says, whatever order facts arrive in
 * and however often, and a caller sees only what is theirs.
 */
@QuarkusTest
// Without the real siblings: the facts here are made up, and calendar-service would act on made-up connections.
@WithTestResource(IntegrationInfrastructure.class)
class ProjectionTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    @Inject
    Pool pool;

    private TestUser ana;
    private SiblingEvents events;
    private String google;

    @BeforeEach
    void freshTenant() {
        ana = TestUser.fresh();
        events = new SiblingEvents(ana.tenant());
        google = UUID.randomUUID().toString();
    }

    @Test
    void aTenantWithNoFactsHasEveryDefaultIntegrationInactive() {
        JsonPath status = status(ana.token(), null);

        assertEquals(List.of("google-calendar", "outlook-calendar", "mailchimp", "mapbox"), status.getList("integrations.id"));
        assertEquals(List.of(false, false, false, false), status.getList("integrations.connected"));
        assertEquals(List.of("inactive", "inactive", "inactive", "inactive"), status.getList("integrations.status"));
        assertEquals("Not connected", status.getString("integrations[0].reason"));
        assertEquals(ana.tenant(), status.getString("tenantId"));
        assertEquals("user", status.getString("scope"));
    }

    /** One case of the table: the facts sent, and what the card of {@code integration} must then say. */
    private record Case(String name, String integration, List<ProducerRecord<String, byte[]>> facts,
            Map<String, Object> expected) {
    }

    @Test
    void everyEventTypeMovesItsCardAsDocumented() {
        TestUser someone = TestUser.fresh();
        List<Case> cases = List.of(
                new Case("connected", "google-calendar", List.of(), Map.of("connected", true, "status", "active",
                        "since", T0.toString(), "connection.status", "active", "owner.type", "user")),
                new Case("refreshed", "google-calendar",
                        List.of(events.refreshed(google, "google", ana.user(), T0.plusSeconds(3600), T0.plusSeconds(60))),
                        Map.of("status", "active", "connection.tokenExpiresAt", T0.plusSeconds(3600).toString(),
                                "connection.lastRefreshAt", T0.plusSeconds(60).toString())),
                new Case("one transient refresh failure: a note, not yet an error", "google-calendar",
                        List.of(events.refreshFailed(google, "google", ana.user(), FailureCategory.TRANSIENT, null, 1,
                                ConnectionStatus.ACTIVE, T0.plusSeconds(200), T0.plusSeconds(120))),
                        Map.of("status", "active", "action", "wait_and_retry", "lastFailure.source", "token_refresh",
                                "lastFailure.consecutiveFailures", 1)),
                new Case("three in a row: the attention policy's default turns it into an error", "google-calendar",
                        List.of(events.refreshFailed(google, "google", ana.user(), FailureCategory.TRANSIENT, "backendError", 3,
                                ConnectionStatus.ERROR, T0.plusSeconds(400), T0.plusSeconds(300))),
                        Map.of("status", "error", "action", "wait_and_retry", "since", T0.plusSeconds(300).toString(),
                                "lastFailure.providerCode", "backendError")),
                new Case("a refresh succeeds: the failure is over", "google-calendar",
                        List.of(events.refreshed(google, "google", ana.user(), T0.plusSeconds(4000), T0.plusSeconds(400)),
                                events.connection(google, "google", ana.user(), ConnectionChange.STATUS_CHANGED,
                                        ConnectionStatus.ACTIVE, T0.plusSeconds(400))),
                        Map.of("status", "active", "connection.status", "active")),
                new Case("the grant is dead: the user must reconnect", "google-calendar",
                        List.of(events.refreshFailed(google, "google", ana.user(), FailureCategory.AUTH, "invalid_grant", 1,
                                ConnectionStatus.NEEDS_REAUTH, null, T0.plusSeconds(500)),
                                events.connection(google, "google", ana.user(), ConnectionChange.STATUS_CHANGED,
                                        ConnectionStatus.NEEDS_REAUTH, T0.plusSeconds(500))),
                        Map.of("status", "error", "action", "user_must_reconnect", "actionBy", "user",
                                "since", T0.plusSeconds(500).toString(), "connection.status", "needs_reauth")),
                new Case("reconnected: the failure before it is over, though no refresh came yet", "google-calendar",
                        List.of(events.connection(google, "google", ana.user(), ConnectionChange.RECONNECTED, ConnectionStatus.ACTIVE,
                                T0.plusSeconds(600))),
                        Map.of("status", "active", "since", T0.plusSeconds(600).toString(), "lastFailure", "null")),
                new Case("synced: last sync and usage", "google-calendar",
                        List.of(events.synced(google, link(1), ana.user(), 42, 15, T0.plusSeconds(700))),
                        Map.of("status", "active", "lastSync", T0.plusSeconds(700).toString(),
                                "usageStats.label", "Synced Events", "usageStats.value", "15 upcoming / 42 total",
                                "usage.calendars", 1)),
                new Case("a second calendar adds up", "google-calendar",
                        List.of(events.synced(google, link(2), ana.user(), 8, 5, T0.plusSeconds(710))),
                        Map.of("usageStats.value", "20 upcoming / 50 total", "lastSync", T0.plusSeconds(710).toString(),
                                "usage.calendars", 2)),
                new Case("its calendar is gone: the user must choose another at once", "google-calendar",
                        List.of(events.syncFailed(google, link(2), ana.user(), FailureCategory.PERMANENT, true,
                                "The calendar was deleted or is no longer shared with you.", 1, null, T0.plusSeconds(800))),
                        Map.of("status", "error", "action", "user_must_choose_calendar", "actionBy", "user",
                                "reason", "The calendar was deleted or is no longer shared with you.",
                                "lastFailure.source", "calendar_sync")),
                new Case("it syncs again", "google-calendar",
                        List.of(events.synced(google, link(2), ana.user(), 9, 6, T0.plusSeconds(900))),
                        Map.of("status", "active", "usageStats.value", "21 upcoming / 51 total")),
                new Case("a Mailchimp key and its linked audience", "mailchimp",
                        List.of(events.connection("mc-" + google, "mailchimp", null, ConnectionChange.CREATED, ConnectionStatus.ACTIVE,
                                T0), events.audience("mc-" + google, "a6b5da1054", AudienceChange.ACTIVITY, AudienceLinkState.ACTIVE,
                                null, new MemberCounts(120, 4, 1, 2, 0, 3), T0.plusSeconds(30), new DeliveryCounts(10, 2, 0, 1),
                                T0.plusSeconds(40))),
                        Map.of("status", "active", "owner.type", "tenant", "usage.audiencesLinked", 1,
                                "usage.members.subscribed", 120, "usage.lastWebhookAt", T0.plusSeconds(30).toString(),
                                "usage.rejectedDeliveries", 2, "usageStats.value", "1 linked / 120 subscribed")),
                new Case("its audience paused", "mailchimp",
                        List.of(events.audience("mc-" + google, "a6b5da1054", AudienceChange.PAUSED, AudienceLinkState.PAUSED,
                                "Mailchimp refused the key", MemberCounts.NONE, null, DeliveryCounts.NONE, T0.plusSeconds(50))),
                        Map.of("status", "error", "action", "user_must_reconnect", "actionBy", "tenant_admin",
                                "reason", "Audience \u201cNewsletter\u201d is paused: Mailchimp refused the key")),
                new Case("a Mapbox key checked valid", "mapbox",
                        List.of(events.connection("mb-" + google, "mapbox", null, ConnectionChange.CREATED, ConnectionStatus.ACTIVE, T0),
                                events.checked("mb-" + google, "mapbox", ConnectionCheckOutcome.VALID, null, T0.plusSeconds(60))),
                        Map.of("status", "active", "usage.keyValid", true, "usage.lastCheckedAt", T0.plusSeconds(60).toString(),
                                "usageStats.value", "valid", "lastSync", T0.plusSeconds(60).toString())),
                new Case("then refused", "mapbox",
                        List.of(events.checked("mb-" + google, "mapbox", ConnectionCheckOutcome.REFUSED, "TokenRevoked",
                                T0.plusSeconds(120)),
                                events.connection("mb-" + google, "mapbox", null, ConnectionChange.STATUS_CHANGED,
                                        ConnectionStatus.NEEDS_REAUTH, T0.plusSeconds(120))),
                        Map.of("status", "error", "action", "user_must_reconnect", "actionBy", "tenant_admin",
                                "reason", "Mapbox refused the key (TokenRevoked): enter a new one", "usage.keyValid", false,
                                "usage.lastValidAt", T0.plusSeconds(60).toString())),
                new Case("misconfigured: an operator's job", "google-calendar",
                        List.of(events.connection(google, "google", ana.user(), ConnectionChange.STATUS_CHANGED,
                                ConnectionStatus.MISCONFIGURED, T0.plusSeconds(1000))),
                        Map.of("status", "error", "action", "operator_must_fix", "actionBy", "operator")),
                new Case("disconnected", "google-calendar",
                        List.of(events.connection(google, "google", ana.user(), ConnectionChange.REVOKED, ConnectionStatus.REVOKED,
                                T0.plusSeconds(1100))),
                        Map.of("connected", false, "status", "inactive", "reason", "Disconnected",
                                "since", T0.plusSeconds(1100).toString())));
        send(events.connection(google, "google", ana.user(), ConnectionChange.CREATED, ConnectionStatus.ACTIVE, T0));
        for (Case step : cases) {
            send(step.facts());
            awaitCard(ana.token(), step.integration(), step.name(), step.expected());
        }
        assertTrue(status(someone.token(), null).getList("integrations.connected").stream().noneMatch(Boolean.TRUE::equals),
                "another tenant sees none of it");
    }

    @Test
    void theTenantsAttentionPolicyDecidesWhenFailuresNeedAttention() {
        given().auth().oauth2(ana.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("failuresBeforeAttention", 1, "notifyTenantAdmins", true))
                .when().put("/status/attention-policy").then().statusCode(200);
        send(events.connection(google, "google", ana.user(), ConnectionChange.CREATED, ConnectionStatus.ACTIVE, T0),
                events.refreshFailed(google, "google", ana.user(), FailureCategory.RATE_LIMIT, "rateLimitExceeded", 1,
                        ConnectionStatus.ACTIVE, T0.plusSeconds(60), T0.plusSeconds(10)));

        awaitCard(ana.token(), "google-calendar", "one failure is enough for this tenant", Map.of("status", "error",
                "action", "wait_and_retry"));
    }

    @Test
    void theConnectionPolicyDecidesWhichIntegrationsShow() {
        send(events.policy(List.of("mapbox", "google"), 2, T0.plusSeconds(10)),
                events.policy(List.of("google", "microsoft", "mailchimp", "mapbox"), 1, T0));

        await().atMost(WAIT).untilAsserted(() -> assertEquals(List.of("google-calendar", "mapbox"),
                status(ana.token(), null).getList("integrations.id"), "the newest version wins, whatever the order"));
    }

    @Test
    void anOlderFactNeverOverwritesANewerOne() {
        send(events.connection(google, "google", ana.user(), ConnectionChange.STATUS_CHANGED, ConnectionStatus.ACTIVE,
                T0.plusSeconds(100)),
                events.synced(google, link(1), ana.user(), 30, 10, T0.plusSeconds(100)));
        awaitCard(ana.token(), "google-calendar", "the newer facts", Map.of("status", "active",
                "usageStats.value", "10 upcoming / 30 total"));

        send(events.connection(google, "google", ana.user(), ConnectionChange.STATUS_CHANGED, ConnectionStatus.NEEDS_REAUTH,
                T0.plusSeconds(50)),
                events.synced(google, link(1), ana.user(), 1, 1, T0.plusSeconds(50)),
                events.refreshed(google, "google", ana.user(), T0.plusSeconds(3000), T0.plusSeconds(20)));
        awaitCard(ana.token(), "google-calendar", "the last of the late facts is in",
                Map.of("connection.lastRefreshAt", T0.plusSeconds(20).toString()));

        JsonPath card = card(status(ana.token(), null), "google-calendar");
        assertEquals("active", card.getString("status"), "a late needs_reauth from before does not undo the newer active");
        assertEquals("10 upcoming / 30 total", card.getString("usageStats.value"));
        assertEquals(T0.plusSeconds(100).toString(), card.getString("lastSync"));
        assertEquals(T0.plusSeconds(100).toString(), card.getString("since"));

        send(events.connection(google, "google", ana.user(), ConnectionChange.STATUS_CHANGED, ConnectionStatus.ACTIVE,
                T0.plusSeconds(70)),
                events.connection(google, "google", ana.user(), ConnectionChange.STATUS_CHANGED, ConnectionStatus.ACTIVE,
                        T0.plusSeconds(40)));
        awaitCard(ana.token(), "google-calendar", "a late active after the needs_reauth: active since then; one before it: no",
                Map.of("status", "active", "since", T0.plusSeconds(70).toString()));
    }

    @Test
    void anEventDeliveredTwiceIsAppliedOnce() {
        String id = UUID.randomUUID().toString();
        TokenRefreshedV1 refreshed = new TokenRefreshedV1(google, "google", ana.user(), T0.plusSeconds(3600), T0.plusSeconds(5));
        send(events.connection(google, "google", ana.user(), ConnectionChange.CREATED, ConnectionStatus.ACTIVE, T0),
                events.record(EventType.TOKEN_REFRESHED, id, refreshed), events.record(EventType.TOKEN_REFRESHED, id, refreshed));
        awaitCard(ana.token(), "google-calendar", "refreshed", Map.of("connection.lastRefreshAt", T0.plusSeconds(5).toString()));

        assertEquals(1, count("SELECT count(*) FROM processed_event WHERE consumer = $1 AND event_id = $2",
                Tuple.of(Projection.LIVE_CONSUMER, id)));
        assertEquals(2, count("SELECT count(*) FROM status_change WHERE tenant_id = $1", Tuple.of(ana.tenant())),
                "two changes: the connection, then its refresh; the copy changed nothing");
    }

    @Test
    void aUserSeesTheirOwnConnectionsAndTheTenantsAndAnAdminEveryonesOnRequest() {
        TestUser bo = ana.colleague();
        String bos = UUID.randomUUID().toString();
        send(events.connection(google, "google", ana.user(), ConnectionChange.CREATED, ConnectionStatus.ACTIVE, T0),
                events.connection(bos, "google", bo.user(), ConnectionChange.CREATED, ConnectionStatus.ACTIVE, T0),
                events.connection("mb-" + google, "mapbox", null, ConnectionChange.CREATED, ConnectionStatus.ACTIVE, T0));
        await().atMost(WAIT).until(() -> status(ana.adminToken(), "tenant").getList("integrations.connected")
                .stream().filter(Boolean.TRUE::equals).count() == 3);

        JsonPath anas = status(ana.token(), null);
        assertEquals(List.of(google), anas.getList("integrations.connection.id").stream().filter(id -> google.equals(id)).toList());
        assertFalse(anas.getList("integrations.connection.id").contains(bos), "never another user's connection");
        assertEquals("active", card(anas, "mapbox").getString("status"), "the tenant's key is everyone's");
        JsonPath tenant = status(ana.adminToken(), "tenant");
        assertEquals("tenant", tenant.getString("scope"));
        assertNull(tenant.getString("userId"));
        assertTrue(tenant.getList("integrations.connection.id").containsAll(List.of(google, bos, "mb-" + google)));
        given().auth().oauth2(ana.token()).when().get("/integrations/status?scope=tenant").then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(ana.token()).when().get("/integrations/status?scope=everyone").then().statusCode(422)
                .contentType("application/problem+json");
        given().when().get("/integrations/status").then().statusCode(401);
    }

    @Test
    void answersNotModifiedWhileNothingChanged() {
        String etag = given().auth().oauth2(ana.token()).when().get("/integrations/status").then().statusCode(200)
                .header("Cache-Control", "no-cache, private").extract().header("ETag");

        given().auth().oauth2(ana.token()).header("If-None-Match", etag).when().get("/integrations/status").then()
                .statusCode(304).header("ETag", etag);
        send(events.connection(google, "google", ana.user(), ConnectionChange.CREATED, ConnectionStatus.ACTIVE, T0));
        await().atMost(WAIT).until(() -> given().auth().oauth2(ana.token()).header("If-None-Match", etag)
                .when().get("/integrations/status").statusCode() == 200);
    }

    private String link(int n) {
        return UUID.nameUUIDFromBytes((google + n).getBytes()).toString();
    }

    private static void send(List<ProducerRecord<String, byte[]>> records) {
        if (!records.isEmpty()) {
            SiblingEvents.send(records);
        }
    }

    @SafeVarargs
    private static void send(ProducerRecord<String, byte[]>... records) {
        SiblingEvents.send(records);
    }

    private static JsonPath status(String token, String scope) {
        var request = given().auth().oauth2(token);
        if (scope != null) {
            request = request.queryParam("scope", scope);
        }
        return request.when().get("/integrations/status").then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath card(JsonPath status, String integration) {
        List<Map<String, Object>> cards = status.getList("integrations");
        Map<String, Object> card = cards.stream().filter(one -> integration.equals(one.get("id"))).findFirst().orElseThrow();
        return JsonPath.from(toJson(card));
    }

    private static String toJson(Object value) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static void awaitCard(String token, String integration, String step, Map<String, Object> expected) {
        Predicate<JsonPath> matches = card -> expected.entrySet().stream()
                .allMatch(entry -> {
                    Object actual = card.get(entry.getKey());
                    return String.valueOf(entry.getValue()).equals(String.valueOf(actual));
                });
        try {
            await().atMost(WAIT).until(() -> matches.test(card(status(token, null), integration)));
        } catch (org.awaitility.core.ConditionTimeoutException timeout) {
            throw new AssertionError(step + ": expected " + expected + " in " + card(status(token, null), integration).prettify());
        }
    }

    private long count(String sql, Tuple arguments) {
        return pool.preparedQuery(sql).execute(arguments).await().atMost(WAIT).iterator().next().getLong(0);
    }
}
