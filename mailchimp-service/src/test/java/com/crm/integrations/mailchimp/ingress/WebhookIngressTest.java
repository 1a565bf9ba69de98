package com.crm.integrations.mailchimp.ingress;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.crm.integrations.mailchimp.ingress.StoredHooks.StoredHook;
import com.crm.integrations.mailchimp.MailchimpInfrastructure;
import com.crm.integrations.testing.contract.Problems;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

@QuarkusTest
@WithTestResource(MailchimpInfrastructure.class)
class WebhookIngressTest {

    private static final DateTimeFormatter FIRED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Inject
    Pool pool;
    @Inject
    com.crm.integrations.mailchimp.repository.HookRows hookRows;
    @Inject
    com.crm.integrations.mailchimp.service.HookRegistry registry;
    @Inject
    com.crm.integrations.mailchimp.service.InboxPruner pruner;

    private static String now() {
        return LocalDateTime.now(ZoneOffset.UTC).format(FIRED_AT).replace(' ', '+').replace(":", "%3A");
    }

    private static String subscribe(StoredHook hook, String email, String firedAt) {
        return "type=subscribe&fired_at=" + firedAt + "&data%5Bid%5D=8a25ff1d98&data%5Blist_id%5D=" + hook.audienceId()
                + "&data%5Bemail%5D=" + email.replace("@", "%40") + "&data%5Bemail_type%5D=html"
                + "&data%5Bmerges%5D%5BEMAIL%5D=" + email.replace("@", "%40")
                + "&data%5Bmerges%5D%5BFNAME%5D=Ada&data%5Bmerges%5D%5BLNAME%5D=Love+lace"
                + "&data%5Bmerges%5D%5BINTERESTS%5D=Group1%2CGroup2"
                + "&data%5Bmerges%5D%5BGROUPINGS%5D%5B0%5D%5Bid%5D=1&data%5Bmerges%5D%5BGROUPINGS%5D%5B0%5D%5Bname%5D=Topics"
                + "&data%5Bmerges%5D%5BGROUPINGS%5D%5B0%5D%5Bgroups%5D=News%2C+Offers"
                + "&data%5Bip_opt%5D=10.20.10.30&data%5Bip_signup%5D=10.20.10.30&data%5Bextra%5D=kept";
    }

    private static void post(StoredHook hook, String body, int status) {
        given().contentType("application/x-www-form-urlencoded").body(body)
                .post(hook.url()).then().statusCode(status);
    }

    private StoredHook newHook() {
        return StoredHooks.create(pool, "t-" + UUID.randomUUID());
    }

    @Test
    void aPostIsStoredWithItsDecodedFieldsBeforeThe200() {
        // Given
        StoredHook hook = newHook();
        // When
        given().contentType("application/x-www-form-urlencoded").body(subscribe(hook, "ada@example.com", now()))
                .post(hook.url()).then().statusCode(200).body(emptyString());
        // Then: stored when the 200 came
        List<Row> rows = StoredHooks.deliveries(pool, hook.linkId());
        assertEquals(1, rows.size());
        Row row = rows.get(0);
        assertEquals("subscribe", row.getString("type"));
        assertEquals(hook.tenant(), row.getString("tenant_id"));
        assertEquals(hook.audienceId(), row.getString("audience_id"));
        assertNotNull(row.getOffsetDateTime("fired_at"));
        assertNotNull(row.getOffsetDateTime("received_at"));
        assertEquals(32, row.getBuffer("content_hash").length());
        assertEquals("Love lace", row.getJsonObject("fields").getJsonObject("data").getJsonObject("merges").getString("LNAME"));
        assertEquals("News, Offers", row.getJsonObject("fields").getJsonObject("data").getJsonObject("merges")
                .getJsonObject("GROUPINGS").getJsonObject("0").getString("groups"));
        assertEquals("kept", row.getJsonObject("fields").getJsonObject("data").getString("extra"));
        assertTrue(new String(row.getBuffer("raw_body").getBytes(), StandardCharsets.UTF_8).startsWith("type=subscribe&fired_at="));
        assertEquals("9ba2cbfa4a8e2cbdc1ba2ca3e1a49c8c".length(), row.getString("subscriber_hash").length());
    }

    @Test
    void theSamePostAgainIsStoredOnceAndAnswered200() {
        // Given
        StoredHook hook = newHook();
        String body = subscribe(hook, "twice@example.com", now());
        post(hook, body, 200);
        // When: Mailchimp retries, with the same content encoded differently
        post(hook, body, 200);
        post(hook, body.replace("Love+lace", "Love%20lace"), 200);
        // Then
        assertEquals(1, StoredHooks.deliveries(pool, hook.linkId()).size());
    }

    @Test
    void aHookWhoseAudienceWasUnlinkedStoresNothingAndAnswers404() {
        // Given: a hook this replica has read (and keeps in memory for a few seconds)
        StoredHook hook = newHook();
        post(hook, subscribe(hook, "before@example.com", now()), 200);
        // When: the audience is unlinked (by another replica: this one's memory is not told)
        pool.preparedQuery("DELETE FROM audience_link WHERE id = $1").execute(io.vertx.mutiny.sqlclient.Tuple.of(hook.linkId()))
                .await().atMost(java.time.Duration.ofSeconds(10));
        // Then
        Problems.assertProblem(given().contentType("application/x-www-form-urlencoded").body(subscribe(hook, "after@example.com", now()))
                .post(hook.url()), 404, "not-found");
        assertEquals(1, StoredHooks.deliveries(pool, hook.linkId()).size());
    }

    @Test
    void aRotatedSecretOpensTheHookAndThePreviousOneOnlyUntilItsOverlapEnds() {
        // Given
        StoredHook hook = newHook();
        com.crm.integrations.mailchimp.webhook.HookSecret next = com.crm.integrations.mailchimp.webhook.HookSecret.generate();
        java.time.Instant now = java.time.Instant.now();
        // When: rotated with an overlap of 2 s
        pool.withTransaction(tx -> hookRows.retire(tx, hook.hookId(), now.plusSeconds(2), now)
                .chain(() -> hookRows.addSecret(tx, hook.hookId(), next.hash(), now))).await().atMost(java.time.Duration.ofSeconds(10));
        registry.forget(hook.hookId());
        String nextUrl = "/webhooks/mailchimp/" + hook.hookId() + "?secret=" + next.reveal();
        // Then: both open it during the overlap, only the new one after
        given().get(nextUrl).then().statusCode(200);
        given().get(hook.url()).then().statusCode(200);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> given().get(hook.url()).statusCode() == 404);
        post(hook, subscribe(hook, "new.secret@example.com", now()), 404);
        given().contentType("application/x-www-form-urlencoded").body(subscribe(hook, "new.secret@example.com", now()))
                .post(nextUrl).then().statusCode(200);
        assertEquals(1, StoredHooks.deliveries(pool, hook.linkId()).size());
    }

    @Test
    void pruningDeletesSettledDeliveriesAndOldFingerprintsButNeverAPendingDelivery() {
        // Given: two posts received 40 days ago (by the database's clock), one settled, one still pending
        StoredHook hook = newHook();
        String body = subscribe(hook, "pruned@example.com", now());
        post(hook, body, 200);
        post(hook, subscribe(hook, "kept@example.com", now()), 200);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> StoredHooks.deliveries(pool, hook.linkId())
                .stream().noneMatch(row -> "pending".equals(row.getString("status"))));
        List<Row> stored = StoredHooks.deliveries(pool, hook.linkId());
        pool.withTransaction(tx -> tx.query("UPDATE webhook_delivery SET received_at = now() - interval '40 days',"
                + " status = CASE WHEN id = " + stored.get(0).getLong("id") + " THEN 'applied' ELSE 'pending' END,"
                + " due_at = now() + interval '1 day' WHERE link_id = '" + hook.linkId() + "'").execute()
                .chain(() -> tx.query("UPDATE delivery_fingerprint SET seen_at = now() - interval '40 days' WHERE link_id = '"
                        + hook.linkId() + "'").execute())).await().atMost(java.time.Duration.ofSeconds(10));
        // When
        pruner.prune().await().atMost(java.time.Duration.ofSeconds(30));
        // Then: the settled one is gone, the pending one stays, and the same content is new again
        assertEquals(List.of("pending"), StoredHooks.deliveries(pool, hook.linkId()).stream().map(row -> row.getString("status")).toList());
        post(hook, body, 200);
        assertEquals(2, StoredHooks.deliveries(pool, hook.linkId()).size());
    }

    @Test
    void getAndAnEmptyPostAreMailchimpsValidationAnswered200WithNoSideEffect() {
        // Given
        StoredHook hook = newHook();
        // When / Then
        given().get(hook.url()).then().statusCode(200).body(emptyString());
        given().post(hook.url()).then().statusCode(200).body(emptyString());
        given().contentType("application/x-www-form-urlencoded").body("").post(hook.url()).then().statusCode(200);
        assertEquals(0, StoredHooks.deliveries(pool, hook.linkId()).size());
    }

    @Test
    void aWrongSecretOrAnUnknownHookIs404WithAProblemAndNothingStored() {
        // Given
        StoredHook hook = newHook();
        String body = subscribe(hook, "nobody@example.com", now());
        // When / Then
        for (String url : List.of("/webhooks/mailchimp/" + hook.hookId() + "?secret=wrong" + hook.secret().substring(5),
                "/webhooks/mailchimp/" + hook.hookId(), "/webhooks/mailchimp/" + hook.hookId() + "?secret=",
                "/webhooks/mailchimp/nosuchhook?secret=" + hook.secret())) {
            Problems.assertProblem(given().contentType("application/x-www-form-urlencoded").body(body).post(url), 404, "not-found");
            Problems.assertProblem(given().get(url), 404, "not-found");
        }
        assertEquals(0, StoredHooks.deliveries(pool, hook.linkId()).size());
    }

    @Test
    void malformedButAuthenticPostsAreStoredAsRejectedWithTheirReasonAndAnswered200() {
        // Given
        StoredHook hook = newHook();
        // When
        post(hook, "type=subscribe&fired_at=2026-01-01+10%3A00%3A00&data%5Bemail%5D=%ZZ", 200);
        post(hook, "type=resubscribe&fired_at=" + now() + "&data%5Bemail%5D=a%40example.com", 200);
        post(hook, "type=unsubscribe&fired_at=" + now() + "&data%5Blist_id%5D=" + hook.audienceId(), 200);
        post(hook, "type=profile&fired_at=" + now() + "&data%5Bemail%5D=%C3%28", 200);
        post(hook, "type=cleaned&fired_at=" + now() + "&data%5Bemail%5D=a%40example.com&data%5Blist_id%5D=otheraudie", 200);
        post(hook, "type=profile&fired_at=yesterday&data%5Bemail%5D=a%40example.com", 200);
        post(hook, "type=campaign&fired_at=" + now() + "&data%5Bid%5D=c1&data%5Bstatus%5D=exploded", 200);
        // Then
        List<String> reasons = StoredHooks.deliveries(pool, hook.linkId()).stream()
                .map(row -> row.getString("status") + ": " + row.getString("reason")).toList();
        assertEquals(List.of("rejected: not a form we can read: a '%' not followed by two hexadecimal digits",
                "rejected: unknown type 'resubscribe'", "rejected: no data[email]",
                "rejected: not a form we can read: a field that is not UTF-8",
                "rejected: posted for audience 'otheraudie', not this hook's audience",
                "rejected: fired_at is not 'YYYY-MM-DD HH:MM:SS'",
                "rejected: a campaign post whose data[status] is neither sent nor canceled"), reasons);
    }

    @Test
    void aPostFiredOutsideTheReplayToleranceIsKeptAsStale() {
        // Given
        StoredHook hook = newHook();
        String old = LocalDateTime.now(ZoneOffset.UTC).minusDays(8).format(FIRED_AT).replace(' ', '+').replace(":", "%3A");
        String ahead = LocalDateTime.now(ZoneOffset.UTC).plusDays(2).format(FIRED_AT).replace(' ', '+').replace(":", "%3A");
        // When
        post(hook, subscribe(hook, "old@example.com", old), 200);
        post(hook, subscribe(hook, "ahead@example.com", ahead), 200);
        // Then
        List<Row> rows = StoredHooks.deliveries(pool, hook.linkId());
        assertEquals(List.of("stale", "stale"), rows.stream().map(row -> row.getString("status")).toList());
        assertTrue(rows.get(0).getString("reason").contains("before receipt"));
        assertTrue(rows.get(1).getString("reason").contains("after receipt"));
    }

    @Test
    void aBodyOverTheLimitIs413WithAProblem() {
        // Given
        StoredHook hook = newHook();
        String huge = "type=profile&data%5Bnote%5D=" + "x".repeat(70 * 1024);
        // When / Then
        Problems.assertProblem(given().contentType("application/x-www-form-urlencoded").body(huge).post(hook.url()), 413, "payload-too-large")
                .body("detail", containsString("65536"));
        assertEquals(0, StoredHooks.deliveries(pool, hook.linkId()).size());
    }

    @Test
    void otherMethodsAre405() {
        StoredHook hook = newHook();
        Problems.assertProblem(given().contentType(ContentType.JSON).body("{}").put(hook.url()), 405, "method-not-allowed")
                .header("Allow", not(equalTo(null)));
    }
}
