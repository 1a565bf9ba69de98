package com.crm.integrations.status.health;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.DoublePredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.core.ConditionTimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.Channels;
import com.crm.integrations.status.SiblingEvents;
import com.crm.integrations.status.SseClient;
import com.crm.integrations.status.SseClient.Event;
import com.crm.integrations.status.health.SiblingProbes.Health;
import com.crm.integrations.testing.IntegrationInfrastructure;
import com.crm.integrations.testing.contract.TestUser;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Siblings whose facts may be out of date: each sibling's health endpoints are the test application's own
 * {@link StubSiblings} (probed every 200 ms, 1 s of grace, a lag threshold of 200 records: the test configuration), so a
 * test makes one unhealthy and watches a fresh tenant's cards and stream.
 */
@QuarkusTest
@WithTestResource(IntegrationInfrastructure.class)
class StaleSiblingsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration GRACE = Duration.ofSeconds(1);
    private static final String CALENDAR = "calendar-service";
    private static final String MAILCHIMP = "mailchimp-service";
    private static final List<String> CALENDAR_CARDS = List.of("google-calendar", "outlook-calendar");

    @Inject
    StubSiblings siblings;

    @Inject
    SiblingProbes probes;

    @Inject
    KafkaClientService kafka;

    @Inject
    Pool pool;

    @ConfigProperty(name = IntegrationInfrastructure.APP_URL)
    String appUrl;

    private TestUser ana;

    @BeforeEach
    void everySiblingHealthy() {
        siblings.reset();
        awaitNoSiblingStale();
        ana = TestUser.fresh();
    }

    @AfterEach
    void healthyAgain() {
        siblings.reset();
        kafka.getConsumer(Channels.STATUS_EVENTS).resume().await().atMost(WAIT);
        awaitNoSiblingStale();
    }

    @Test
    void aSiblingNotReadyForLongerThanTheGraceMakesExactlyItsCardsStale() {
        long changesBefore = everyTenantChanges();
        try (SseClient stream = open()) {
            stream.await(event -> "snapshot".equals(event.name()), WAIT, "snapshot");

            siblings.ready(CALENDAR, 503);

            JsonPath status = awaitStatus("the calendar cards stale", json -> CALENDAR_CARDS.stream()
                    .allMatch(id -> card(json, id).getBoolean("stale")));
            Instant seen = Instant.now();
            for (String id : CALENDAR_CARDS) {
                JsonPath card = card(status, id);
                Instant since = Instant.parse(card.getString("staleSince"));
                Instant firstFailure = siblings.sibling(CALENDAR).firstFailure().truncatedTo(ChronoUnit.MILLIS);
                assertFalse(since.isBefore(firstFailure), "stale since the first failed probe (" + firstFailure + "), not " + since);
                assertFalse(since.isAfter(seen.minus(GRACE)), "the grace passed between the first failure and the mark: " + since);
                assertEquals("calendar-service is not ready (HTTP 503)", card.getString("staleReason"));
            }
            for (String id : List.of("mailchimp", "mapbox")) {
                assertFalse(card(status, id).getBoolean("stale"), id + " is not built from calendar-service's facts");
                assertNull(card(status, id).getString("staleSince"));
            }
            stream.await(event -> stale(event, "google-calendar") == Boolean.TRUE, WAIT, "the stale calendar card on the stream");
            awaitMetric("status_sibling_healthy\\{sibling=\"calendar-service\",?} ([0-9.]+)", value -> value == 0);
            assertEquals(changesBefore + 1, everyTenantChanges(), "one change of every tenant's cards: the flip");
        }
    }

    @Test
    void aSiblingWhoseKafkaIsDownWhileReadyMakesItsCardsStaleUntilItRecovers() {
        long changesBefore = everyTenantChanges();
        String since;
        try (SseClient stream = open()) {
            stream.await(event -> "snapshot".equals(event.name()), WAIT, "snapshot");

            siblings.kafka(MAILCHIMP, false);

            JsonPath status = awaitStatus("the Mailchimp card stale", json -> card(json, "mailchimp").getBoolean("stale"));
            since = card(status, "mailchimp").getString("staleSince");
            assertEquals("mailchimp-service cannot reach Kafka", card(status, "mailchimp").getString("staleReason"));
            assertTrue(List.of("google-calendar", "outlook-calendar", "mapbox").stream().noneMatch(id -> card(status, id).getBoolean("stale")));
            int asked = siblings.sibling(MAILCHIMP).asked();
            await().atMost(WAIT).until(() -> siblings.sibling(MAILCHIMP).asked() >= asked + 5);
            assertEquals(since, card(status(), "mailchimp").getString("staleSince"), "rounds while it stays down keep the first failure");
            assertEquals(changesBefore + 1, everyTenantChanges(), "and log no change: the mark did not flip again");

            siblings.kafka(MAILCHIMP, true);

            JsonPath fresh = awaitStatus("the Mailchimp card fresh again", json -> !card(json, "mailchimp").getBoolean("stale"));
            assertNull(card(fresh, "mailchimp").getString("staleSince"));
            assertNull(card(fresh, "mailchimp").getString("staleReason"));
            Event stale = stream.await(event -> stale(event, "mailchimp") == Boolean.TRUE, WAIT, "the stale Mailchimp card on the stream");
            stream.await(event -> stale(event, "mailchimp") == Boolean.FALSE && Long.parseLong(event.id()) > Long.parseLong(stale.id()),
                    WAIT, "the fresh Mailchimp card on the stream after the stale one");
            assertEquals(changesBefore + 2, everyTenantChanges(), "a second change: the flip back");
        }
    }

    @Test
    void oneFailedProbeShorterThanTheGraceChangesNothing() {
        long changesBefore = everyTenantChanges();
        int asked = siblings.sibling(CALENDAR).asked();

        siblings.failReady(CALENDAR, 1);

        await().atMost(WAIT).until(() -> siblings.sibling(CALENDAR).failed() == 1);
        // Rounds for well over the grace after the failure: each found it healthy.
        await().atMost(WAIT).until(() -> siblings.sibling(CALENDAR).asked() >= asked + 8);
        assertEquals(changesBefore, everyTenantChanges(), "no flip either way");
        assertTrue(CALENDAR_CARDS.stream().noneMatch(id -> card(status(), id).getBoolean("stale")));
    }

    @Test
    void anUnreachableSiblingCountsAsDown() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0)) {
            port = closed.getLocalPort();
        }

        Health health = probes.probe("nowhere-service", "http://127.0.0.1:" + port).await().atMost(WAIT);

        assertFalse(health.healthy());
        assertEquals("nowhere-service cannot be reached (connection refused)", health.reason());
    }

    @Test
    void aSiblingThatDoesNotAnswerInTimeCountsAsDown() {
        siblings.delay("slow-service", Duration.ofSeconds(10));
        Instant asked = Instant.now();

        Health health = probes.probe("slow-service", appUrl + "/test-siblings/slow-service").await().atMost(WAIT);

        assertFalse(health.healthy());
        assertEquals("slow-service did not answer within 3000 ms", health.reason());
        assertTrue(Duration.between(asked, Instant.now()).compareTo(Duration.ofSeconds(9)) < 0, "bounded by the timeout");
    }

    @Test
    void theConsumerFallingBehindOnASiblingsTopicMakesItsCardsStaleUntilItCatchesUp() {
        kafka.getConsumer(Channels.STATUS_EVENTS).pause().await().atMost(WAIT);
        SiblingEvents events = new SiblingEvents(ana.tenant());
        String connection = UUID.randomUUID().toString();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            records.add(events.synced(connection, connection, ana.user(), i, i, Instant.parse("2026-11-30T10:00:00Z").plusSeconds(i)));
        }

        SiblingEvents.send(records);

        // Held paused all along: a rebalance (these machines are loaded) hands partitions back resumed.
        JsonPath status = awaitStatus("the calendar cards stale for the lag", json -> {
            kafka.getConsumer(Channels.STATUS_EVENTS).pause().await().atMost(WAIT);
            return CALENDAR_CARDS.stream().allMatch(id -> card(json, id).getBoolean("stale"));
        });
        String reason = card(status, "google-calendar").getString("staleReason");
        Matcher behind = Pattern.compile("status-service is ([0-9,]+) events behind on calendar-service's events").matcher(reason);
        assertTrue(behind.matches(), reason);
        assertTrue(Long.parseLong(behind.group(1).replace(",", "")) >= 250, reason);
        assertFalse(card(status, "mailchimp").getBoolean("stale"));
        assertFalse(card(status, "mapbox").getBoolean("stale"));
        awaitMetric("status_consumer_lag\\{topic=\"integrations.calendar-events\",?} ([0-9.E]+)", value -> {
            kafka.getConsumer(Channels.STATUS_EVENTS).pause().await().atMost(WAIT);
            return value >= 250;
        });

        kafka.getConsumer(Channels.STATUS_EVENTS).resume().await().atMost(WAIT);

        awaitStatus("the calendar cards fresh once the consumer caught up", json -> CALENDAR_CARDS.stream()
                .noneMatch(id -> card(json, id).getBoolean("stale")));
    }

    private SseClient open() {
        return SseClient.open("/integrations/status/stream", Map.of("Authorization", "Bearer " + ana.token()));
    }

    private JsonPath status() {
        return given().auth().oauth2(ana.token()).when().get("/integrations/status").then().statusCode(200).extract().jsonPath();
    }

    private JsonPath awaitStatus(String what, java.util.function.Predicate<JsonPath> matching) {
        try {
            return await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(this::status, matching);
        } catch (ConditionTimeoutException timeout) {
            throw new AssertionError("Not " + what + " within " + WAIT + ": " + status().prettify());
        }
    }

    private static JsonPath card(JsonPath status, String id) {
        Map<String, Object> card = status.getMap("integrations.find { it.id == '" + id + "' }");
        assertNotNull(card, "no card " + id);
        return new JsonPath(new JsonObject(card).encode());
    }

    /** Waits until the metric's sample (group 1 of {@code pattern}) matches. */
    private static void awaitMetric(String pattern, DoublePredicate matching) {
        Pattern metric = Pattern.compile(pattern);
        try {
            await().atMost(WAIT).until(() -> {
                Matcher sample = metric.matcher(given().when().get("/q/metrics").asString());
                return sample.find() && matching.test(Double.parseDouble(sample.group(1)));
            });
        } catch (ConditionTimeoutException timeout) {
            throw new AssertionError("No sample " + pattern + " as expected in " + given().when().get("/q/metrics").asString()
                    .lines().filter(line -> line.startsWith("status_")).toList());
        }
    }

    /** Whether the card {@code id} is stale in a stream event (a card, or a snapshot); null when the event has not got it. */
    private static Boolean stale(Event event, String id) {
        if (event.data() == null || event.id() == null) {
            return null;
        }
        JsonObject data = new JsonObject(event.data());
        if ("integration".equals(event.name())) {
            return id.equals(data.getString("id")) ? data.getBoolean("stale") : null;
        }
        return data.getJsonArray("integrations").stream().map(JsonObject.class::cast).filter(card -> id.equals(card.getString("id")))
                .findFirst().map(card -> card.getBoolean("stale")).orElse(null);
    }

    /** Changes of every tenant's cards logged so far. */
    private long everyTenantChanges() {
        return pool.query("SELECT count(*) FROM status_change WHERE tenant_id IS NULL").execute().await().atMost(WAIT)
                .iterator().next().getLong(0);
    }

    private void awaitNoSiblingStale() {
        await().atMost(WAIT).until(() -> pool.query("SELECT count(*) FROM status_source WHERE stale_since IS NOT NULL AND source LIKE '%-service'").execute()
                .await().atMost(WAIT).iterator().next().getLong(0) == 0);
    }
}
