package com.crm.integrations.mailchimp.ingress;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.Topics;
import com.crm.integrations.mailchimp.MailchimpInfrastructure;
import com.crm.integrations.mailchimp.ingress.StoredHooks.StoredHook;
import com.crm.integrations.testing.Infrastructure;
import com.crm.integrations.testing.contract.Problems;
import com.crm.integrations.testing.contract.SandboxMailchimp;
import com.crm.integrations.testing.contract.TestUser;
import com.crm.integrations.testing.services.TokenServiceConnections;
import com.crm.integrations.testing.services.TokenServiceConnections.Connection;
import com.crm.integrations.testing.events.TopicReader;
import com.crm.integrations.testing.events.TopicReader.PublishedEvent;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;

@QuarkusTest
@WithTestResource(MailchimpInfrastructure.class)
class OutagesTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static TopicReader events;

    @Inject
    Pool pool;

    @BeforeAll
    static void read() {
        events = TopicReader.of(Topics.MAILCHIMP_EVENTS);
    }

    @AfterAll
    static void close() {
        events.close();
    }

    private static Map<String, String> subscribe(StoredHook hook, String email) {
        return Posts.of("subscribe", Instant.now().truncatedTo(ChronoUnit.SECONDS), hook.audienceId(), "email", email);
    }

    @Test
    void postgresDownIsA503WithRetryAfterAndTheRetryAfterItIsStoredOnce() {
        // Given: a hook this replica has read
        StoredHook hook = StoredHooks.create(pool, "t-outage-pg-" + System.nanoTime());
        Posts.post(hook.url(), subscribe(hook, "before@example.com"));
        Map<String, String> during = subscribe(hook, "during@example.com");
        // When
        Infrastructure.stopPostgres();
        try {
            // Then: never a 200 for what is not stored, never a 410 (that would disable the webhook at Mailchimp)
            Problems.assertProblem(given().contentType("application/x-www-form-urlencoded").body(Posts.form(during))
                    .post(hook.url()), 503, "service-unavailable").header("Retry-After", not(equalTo(null)));
        } finally {
            Infrastructure.startPostgres();
        }
        // Mailchimp retries the same post, maybe twice
        await().atMost(WAIT).ignoreExceptions().until(() -> given().contentType("application/x-www-form-urlencoded")
                .body(Posts.form(during)).post(hook.url()).statusCode() == 200);
        Posts.post(hook.url(), during);
        assertEquals(2, StoredHooks.deliveries(pool, hook.linkId()).size());
        await().atMost(WAIT).until(() -> StoredHooks.members(pool, hook.linkId()).size() == 2);
    }

    @Test
    void mailchimpsRetryOfAPostRefusedWhilePostgresWasDownIsStoredOnce() {
        // Given: a linked audience, and Mailchimp retrying quickly
        TestUser admin = TestUser.fresh();
        Connection connection = TokenServiceConnections.connectMailchimpKey(admin);
        String audienceId = SandboxMailchimp.createAudience(TokenServiceConnections.MAILCHIMP_DATA_CENTRE, "Outage");
        given().auth().oauth2(admin.adminToken()).contentType("application/json").body(Map.of("connectionId", connection.id()))
                .put("/mailchimp/audiences/{id}/link", audienceId).then().statusCode(201);
        SandboxMailchimp.retryTimings(5_000, 300, 2.0, 120_000);
        String webhookId = (String) SandboxMailchimp.webhooks(audienceId).get(0).get("id");
        // When: a subscriber joins while PostgreSQL is down
        Map<String, Object> outcome;
        Infrastructure.stopPostgres();
        try {
            outcome = SandboxMailchimp.subscribe(audienceId, "user", "patient@example.com", Map.of("FNAME", "Patient"), null);
            long delivery = SandboxMailchimp.deliveryId(outcome, 0, webhookId);
            // Then: refused with a 503, never a 200 or a 410
            assertEquals(503, ((Number) SandboxMailchimp.awaitAttempt(webhookId, delivery, 1, WAIT).get("status")).intValue());
        } finally {
            Infrastructure.startPostgres();
        }
        long delivery = SandboxMailchimp.deliveryId(outcome, 0, webhookId);
        Map<String, Object> last = SandboxMailchimp.awaitFinalAttempt(webhookId, delivery, WAIT);
        assertEquals(200, ((Number) last.get("status")).intValue());
        assertEquals("enabled", SandboxMailchimp.webhookState(webhookId));
        String hash = com.crm.integrations.mailchimp.webhook.SubscriberHash.of("patient@example.com");
        await().atMost(WAIT).until(() -> pool.preparedQuery("SELECT count(*) AS n FROM webhook_delivery WHERE tenant_id = $1"
                + " AND subscriber_hash = $2").execute(io.vertx.mutiny.sqlclient.Tuple.of(admin.tenant(), hash))
                .await().atMost(WAIT).iterator().next().getLong("n") == 1L);
    }

    @Test
    void kafkaDownChangesNothingAtTheIngressAndEveryEventIsPublishedAfterIt() {
        // Given
        StoredHook hook = StoredHooks.create(pool, "t-outage-kafka-" + System.nanoTime());
        // When: posts arrive while the broker is down
        Infrastructure.stopKafka();
        try {
            for (int i = 0; i < 20; i++) {
                Posts.post(hook.url(), subscribe(hook, "k" + i + "@example.com"));
            }
            // Then: stored and applied meanwhile (the events wait in the outbox)
            await().atMost(WAIT).until(() -> StoredHooks.members(pool, hook.linkId()).size() == 20);
        } finally {
            Infrastructure.startKafka();
        }
        List<PublishedEvent> published = events.await(hook.tenant(), 20, WAIT);
        Set<String> members = new HashSet<>();
        published.stream().filter(event -> EventType.SUBSCRIBER_CHANGED_V2.type().equals(event.type()))
                .forEach(event -> members.add(new JsonObject(event.json()).getString("subscriberHash")));
        assertEquals(20, members.size());
        assertTrue(published.stream().map(PublishedEvent::id).distinct().count() == published.size());
    }
}
