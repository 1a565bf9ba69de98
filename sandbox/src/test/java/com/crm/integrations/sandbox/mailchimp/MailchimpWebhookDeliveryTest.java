package com.crm.integrations.sandbox.mailchimp;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.crm.integrations.testing.contract.SandboxMailchimp;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;

/** How posts are delivered (PROVIDERS.md §6.4): waits, retries, 410, and the control API's hold on sending. */
@QuarkusTest
class MailchimpWebhookDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Vertx vertx;

    private MailchimpFixture chimp;
    private WebhookReceiver receiver;
    private String hook;

    @BeforeEach
    void start() throws Exception {
        chimp = MailchimpFixture.start("us14");
        receiver = WebhookReceiver.start(vertx);
        hook = chimp.webhook(receiver.url("/hooks/t1?secret=abc"));
        receiver.clear();
    }

    @AfterEach
    void stop() throws Exception {
        SandboxMailchimp.resumeWebhooks();
        receiver.close();
    }

    @Test
    void retriesAFailedPostWithGrowingDelaysUntilItIsAnswered() {
        // Given
        SandboxMailchimp.retryTimings(2000, 150, 2, 10_000);
        receiver.answer(500, 503);

        // When
        long delivery = subscribe("ada@example.com");

        // Then
        Map<String, Object> last = SandboxMailchimp.awaitFinalAttempt(hook, delivery, WAIT);
        assertEquals(200, last.get("status"));
        assertEquals(3, last.get("attempt"));
        List<Map<String, Object>> log = SandboxMailchimp.deliveryLog(hook);
        assertEquals(List.of(500, 503, 200), log.stream().map(attempt -> attempt.get("status")).toList());
        assertEquals(List.of(false, false, true), log.stream().map(attempt -> attempt.get("final")).toList());
        assertEquals("subscribe", log.get(0).get("type"));
        assertTrue(((String) log.get(0).get("body")).startsWith("type=subscribe&fired_at="));
        List<WebhookReceiver.Received> posts = receiver.received("POST");
        long first = Duration.ofNanos(posts.get(1).atNanos() - posts.get(0).atNanos()).toMillis();
        long second = Duration.ofNanos(posts.get(2).atNanos() - posts.get(1).atNanos()).toMillis();
        assertTrue(first >= 150, "first retry after " + first + " ms");
        assertTrue(second >= 300 && second > first, "second retry after " + second + " ms, first after " + first + " ms");
        assertEquals(posts.get(0).body(), posts.get(2).body());
    }

    @Test
    void disablesAWebhookThatAnswers410AndPostsNothingMoreToIt() {
        // Given
        SandboxMailchimp.retryTimings(2000, 60_000, 2, 600_000);
        receiver.answer(500, 410);
        long failed = subscribe("ada@example.com");
        SandboxMailchimp.awaitAttempt(hook, failed, 1, WAIT);

        // When
        long gone = subscribe("bob@example.com");

        // Then
        Map<String, Object> last = SandboxMailchimp.awaitFinalAttempt(hook, gone, WAIT);
        assertEquals(410, last.get("status"));
        assertEquals(1, last.get("attempt"));
        assertEquals("disabled", SandboxMailchimp.webhookState(hook));
        assertEquals(0, SandboxMailchimp.deliverNow()); // the failed post's retry was dropped with the webhook
        Map<String, Object> later = SandboxMailchimp.subscribe(chimp.listId(), "user", "cy@example.com", null, null);
        assertEquals(Map.of(), posts(later).get(0).get("deliveries"));
        chimp.api().get(chimp.list("/webhooks/" + hook)).then().statusCode(200).body("enabled", equalTo(false));
        assertEquals(2, receiver.received("POST").size());
    }

    @Test
    void countsAnAnswerSlowerThanTheWaitAsAFailure() {
        // Given
        SandboxMailchimp.retryTimings(300, 100, 2, 10_000);
        receiver.answerLate(200, Duration.ofMillis(1500));

        // When
        long delivery = subscribe("ada@example.com");

        // Then
        Map<String, Object> last = SandboxMailchimp.awaitFinalAttempt(hook, delivery, WAIT);
        assertEquals(2, last.get("attempt"));
        assertEquals(200, last.get("status"));
        Map<String, Object> first = SandboxMailchimp.deliveryLog(hook).get(0);
        assertNull(first.get("status"));
        assertEquals("timeout", first.get("error"));
        assertEquals(false, first.get("final"));
        assertTrue(((Number) first.get("millis")).longValue() < 1500, "gave up after " + first.get("millis") + " ms");
    }

    @Test
    void givesUpOnceTheRetryWindowIsOver() {
        // Given
        SandboxMailchimp.retryTimings(2000, 50, 2, 500);
        receiver.answerByDefault(500);

        // When
        long delivery = subscribe("ada@example.com");

        // Then
        Map<String, Object> last = SandboxMailchimp.awaitFinalAttempt(hook, delivery, WAIT);
        assertEquals(500, last.get("status"));
        int attempts = (Integer) last.get("attempt");
        assertTrue(attempts >= 3 && attempts <= 4, attempts + " attempts"); // 0, 50, 150, 350 ms: the next, at 750, is past 500
        assertEquals(0, SandboxMailchimp.deliverNow());
        assertEquals("enabled", SandboxMailchimp.webhookState(hook));
    }

    @Test
    void holdsPostsWhilePausedAndSendsThemOnResume() throws InterruptedException {
        // Given
        SandboxMailchimp.pauseWebhooks();
        long first = subscribe("ada@example.com");
        long second = subscribe("bob@example.com");
        Thread.sleep(300);
        assertTrue(receiver.received("POST").isEmpty());
        assertEquals(2, SandboxMailchimp.webhooks(chimp.listId()).get(0).get("pending"));

        // When
        SandboxMailchimp.resumeWebhooks();

        // Then
        SandboxMailchimp.awaitFinalAttempt(hook, first, WAIT);
        SandboxMailchimp.awaitFinalAttempt(hook, second, WAIT);
        assertEquals(2, receiver.received("POST").size());
    }

    @Test
    void sendsAPendingRetryAtOnceWhenAsked() {
        // Given
        SandboxMailchimp.retryTimings(2000, 600_000, 2, 3_600_000);
        receiver.answer(500);
        long delivery = subscribe("ada@example.com");
        SandboxMailchimp.awaitAttempt(hook, delivery, 1, WAIT);

        // When
        int sent = SandboxMailchimp.deliverNow();

        // Then
        assertEquals(1, sent);
        Map<String, Object> last = SandboxMailchimp.awaitFinalAttempt(hook, delivery, WAIT);
        assertEquals(2, last.get("attempt"));
        assertEquals(200, last.get("status"));
    }

    private long subscribe(String email) {
        return SandboxMailchimp.deliveryId(SandboxMailchimp.subscribe(chimp.listId(), "user", email, null, null), 0, hook);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> posts(Map<String, Object> outcome) {
        return (List<Map<String, Object>>) outcome.get("posts");
    }
}
