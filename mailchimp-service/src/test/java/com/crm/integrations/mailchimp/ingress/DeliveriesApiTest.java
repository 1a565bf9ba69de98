package com.crm.integrations.mailchimp.ingress;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.crm.integrations.mailchimp.MailchimpInfrastructure;
import com.crm.integrations.mailchimp.ingress.StoredHooks.StoredHook;
import com.crm.integrations.testing.contract.Problems;
import com.crm.integrations.testing.contract.TestUser;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

@QuarkusTest
@WithTestResource(MailchimpInfrastructure.class)
class DeliveriesApiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    private static Instant firedAt(int secondsAgo) {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(secondsAgo);
    }

    private static JsonPath list(TestUser admin, String query) {
        return given().auth().oauth2(admin.adminToken()).get("/mailchimp/webhooks/deliveries" + query).then().statusCode(200)
                .extract().jsonPath();
    }

    private String statusOf(StoredHook hook, int index) {
        return StoredHooks.deliveries(pool, hook.linkId()).get(index).getString("status");
    }

    @Test
    void rejectedPostsAreListedWithTheirReasonAndBodyForTheTenantsAdminOnly() {
        // Given
        TestUser admin = TestUser.fresh();
        StoredHook hook = StoredHooks.create(pool, admin.tenant());
        Posts.post(hook.url(), Posts.of("resubscribe", firedAt(5), hook.audienceId(), "email", "a@example.com"));
        Posts.post(hook.url(), Posts.of("subscribe", firedAt(5), hook.audienceId(), "email", "b@example.com"));
        // When
        JsonPath rejected = list(admin, "?status=rejected");
        // Then
        assertEquals(1, rejected.getList("$").size());
        assertEquals("unknown type 'resubscribe'", rejected.getString("[0].reason"));
        assertEquals("resubscribe", rejected.getString("[0].type"));
        assertEquals(hook.audienceId(), rejected.getString("[0].audienceId"));
        assertEquals("a@example.com", rejected.getString("[0].fields.data.email"));
        assertEquals(true, rejected.getString("[0].rawBody").startsWith("type=resubscribe"));
        assertEquals(2, list(admin, "?audienceId=" + hook.audienceId()).getList("$").size());
        long first = rejected.getLong("[0].id");
        assertEquals(1, list(admin, "?after=" + first).getList("$").size());
        // and nobody else sees them
        TestUser stranger = TestUser.fresh();
        given().auth().oauth2(stranger.adminToken()).get("/mailchimp/webhooks/deliveries").then().statusCode(200).body("$", hasSize(0));
        Problems.assertProblem(given().auth().oauth2(stranger.adminToken()).get("/mailchimp/webhooks/deliveries/{id}", first), 404, "not-found");
        Problems.assertProblem(given().auth().oauth2(admin.token()).get("/mailchimp/webhooks/deliveries"), 403, "forbidden");
        Problems.assertProblem(given().get("/mailchimp/webhooks/deliveries"), 401, "unauthenticated");
    }

    @Test
    void badQueriesAreProblems() {
        TestUser admin = TestUser.fresh();
        Problems.assertProblem(given().auth().oauth2(admin.adminToken()).get("/mailchimp/webhooks/deliveries?status=lost"), 422,
                "validation-failed");
        Problems.assertProblem(given().auth().oauth2(admin.adminToken()).get("/mailchimp/webhooks/deliveries?limit=0"), 422,
                "validation-failed");
        Problems.assertProblem(given().auth().oauth2(admin.adminToken()).get("/mailchimp/webhooks/deliveries?audienceId=NOPE"), 422,
                "validation-failed");
        Problems.assertProblem(given().auth().oauth2(admin.adminToken()).get("/mailchimp/webhooks/deliveries?after=x"), 404,
                "not-found");
        Problems.assertProblem(given().auth().oauth2(admin.adminToken()).post("/mailchimp/webhooks/deliveries/{id}/replays", 999_999_999),
                404, "not-found");
    }

    @Test
    void aParkedPostIsReplayedOnceItsMemberExistsAndRejectedOrStalePostsAreNot() {
        // Given: a profile of a member nobody explains is parked after the wait
        TestUser admin = TestUser.fresh();
        StoredHook hook = StoredHooks.create(pool, admin.tenant());
        Posts.post(hook.url(), Posts.of("profile", firedAt(5), hook.audienceId(), "email", "late@example.com", "merges][FNAME", "Late"));
        await().atMost(WAIT).until(() -> "parked".equals(statusOf(hook, 0)));
        Posts.post(hook.url(), Posts.of("nonsense", firedAt(5), hook.audienceId(), "email", "x@example.com"));
        Posts.post(hook.url(), Posts.of("subscribe", firedAt(9 * 24 * 3600), hook.audienceId(), "email", "old@example.com"));
        List<Row> deliveries = StoredHooks.deliveries(pool, hook.linkId());
        long parked = deliveries.get(0).getLong("id");
        long rejected = deliveries.get(1).getLong("id");
        long stale = deliveries.get(2).getLong("id");
        // the member arrives afterwards
        Posts.post(hook.url(), Posts.of("subscribe", firedAt(30), hook.audienceId(), "email", "late@example.com", "merges][FNAME", "Early"));
        await().atMost(WAIT).until(() -> "applied".equals(statusOf(hook, 3)));
        // When
        given().auth().oauth2(admin.adminToken()).post("/mailchimp/webhooks/deliveries/{id}/replays", parked).then().statusCode(200)
                .body("status", equalTo("pending")).body("attempts", equalTo(0));
        // Then
        await().atMost(WAIT).until(() -> "applied".equals(statusOf(hook, 0)));
        assertEquals("Late", StoredHooks.members(pool, hook.linkId()).get(0).getJsonObject("merge_fields").getString("FNAME"));
        Problems.assertProblem(given().auth().oauth2(admin.adminToken()).post("/mailchimp/webhooks/deliveries/{id}/replays", rejected),
                409, "conflict").body("detail", equalTo("It still cannot be applied: unknown type 'nonsense'"));
        Problems.assertProblem(given().auth().oauth2(admin.adminToken()).post("/mailchimp/webhooks/deliveries/{id}/replays", stale),
                409, "conflict");
        Problems.assertProblem(given().auth().oauth2(admin.adminToken()).post("/mailchimp/webhooks/deliveries/{id}/replays", parked),
                409, "conflict");
        Problems.assertProblem(given().auth().oauth2(TestUser.fresh().adminToken()).post("/mailchimp/webhooks/deliveries/{id}/replays",
                parked), 404, "not-found");
    }
}
