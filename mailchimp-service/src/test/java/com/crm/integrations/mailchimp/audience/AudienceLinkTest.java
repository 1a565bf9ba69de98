package com.crm.integrations.mailchimp.audience;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.Topics;
import com.crm.integrations.mailchimp.MailchimpInfrastructure;
import com.crm.integrations.mailchimp.webhook.SubscriberHash;
import com.crm.integrations.testing.contract.Problems;
import com.crm.integrations.testing.contract.SandboxControl;
import com.crm.integrations.testing.contract.SandboxMailchimp;
import com.crm.integrations.testing.contract.TestUser;
import com.crm.integrations.testing.events.TopicReader;
import com.crm.integrations.testing.services.TokenServiceConnections;
import com.crm.integrations.testing.services.TokenServiceConnections.Connection;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;

@QuarkusTest
@WithTestResource(MailchimpInfrastructure.class)
class AudienceLinkTest {

    private static final String DC = TokenServiceConnections.MAILCHIMP_DATA_CENTRE;
    private static TopicReader events;

    @BeforeAll
    static void setUp() {
        events = TopicReader.of(Topics.MAILCHIMP_EVENTS);
        // Mailchimp's retries, shrunk: a post that failed is tried again within a second.
        SandboxMailchimp.retryTimings(5_000, 200, 2.0, 60_000);
    }

    @AfterAll
    static void close() {
        events.close();
    }

    private static List<JsonObject> payloads(String tenant, EventType type, int count) {
        return events.awaitType(tenant, type.type(), count).stream().map(event -> new JsonObject(event.json())).toList();
    }

    private static void awaitReceived(TestUser admin, String audienceId, int posts) {
        await().atMost(Audiences.WAIT).until(() -> Audiences.audience(admin, audienceId).getInt("webhook.deliveries.received") >= posts);
    }

    private static List<Map<String, Object>> seeds(int count) {
        List<Map<String, Object>> seeds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            seeds.add(Map.of("email", "member" + i + "@example.com", "status", i % 10 == 0 ? "unsubscribed" : i % 15 == 0 ? "cleaned" : "subscribed",
                    "mergeFields", Map.of("FNAME", "Member", "LNAME", "No " + i)));
        }
        return seeds;
    }

    @Test
    void linkingRegistersTheWebhookWithoutTheApiSourceAndImportsTheMembers() {
        // Given
        TestUser admin = TestUser.fresh();
        Connection connection = TokenServiceConnections.connectMailchimpKey(admin);
        String audienceId = SandboxMailchimp.createAudience(DC, "Newsletter");
        SandboxMailchimp.seedMembers(audienceId, seeds(45));
        // When
        Audiences.link(admin, audienceId, connection.id()).then().statusCode(201)
                .header("Location", endsWith("/mailchimp/audiences/" + audienceId))
                .body("state", equalTo("linking")).body("name", equalTo("Newsletter")).body("webhook.registered", equalTo(true));
        // Then: one webhook at Mailchimp, all six events, sources user and admin, never api
        List<Map<String, Object>> webhooks = SandboxMailchimp.webhooks(audienceId);
        assertEquals(1, webhooks.size());
        assertEquals(Set.of("user", "admin"), Set.copyOf((List<?>) webhooks.get(0).get("sources")));
        assertEquals(Set.of("subscribe", "unsubscribe", "profile", "upemail", "cleaned", "campaign"),
                Set.copyOf((List<?>) webhooks.get(0).get("events")));
        // and the members, imported over three pages of 20, are in the projection and published as synced
        JsonPath audience = Audiences.imported(admin, audienceId);
        assertEquals("active", audience.getString("state"));
        assertEquals(45, audience.getInt("membersImport.imported"));
        assertEquals(45, audience.getInt("membersImport.total"));
        assertEquals(39, audience.getInt("members.subscribed"));
        assertEquals(5, audience.getInt("members.unsubscribed"));
        assertEquals(1, audience.getInt("members.cleaned"));
        List<JsonObject> synced = payloads(admin.tenant(), EventType.SUBSCRIBER_CHANGED_V2, 45);
        assertTrue(synced.stream().allMatch(json -> "synced".equals(json.getString("change")) && "sync".equals(json.getString("source"))));
        assertEquals("No 7", synced.stream().filter(json -> json.getString("subscriberHash").equals(SubscriberHash.of("member7@example.com")))
                .findFirst().orElseThrow().getJsonObject("crmFields").getString("lastName"));
        List<String> changes = payloads(admin.tenant(), EventType.AUDIENCE_CHANGED, 2).stream()
                .map(json -> json.getString("change") + ":" + json.getString("state")).toList();
        assertEquals(List.of("linked:linking", "imported:active"), changes.subList(0, 2));
    }

    @Test
    void eachOfTheSixPostsFromMailchimpReachesTheProjectionAndTheTopic() {
        // Given
        TestUser admin = TestUser.fresh();
        Connection connection = TokenServiceConnections.connectMailchimpKey(admin);
        String audienceId = SandboxMailchimp.createAudience(DC, "Customers");
        SandboxMailchimp.seedMembers(audienceId, List.of(Map.of("email", "kept@example.com", "mergeFields", Map.of("FNAME", "Kept"))));
        Audiences.link(admin, audienceId, connection.id()).then().statusCode(201);
        Audiences.imported(admin, audienceId);
        payloads(admin.tenant(), EventType.SUBSCRIBER_CHANGED_V2, 1);
        // When: the subscriber and the admin act at Mailchimp, each once the post before was received: posts of one second
        // that overtake each other are ordered by receipt, which may supersede one (DeliveryApplierTest.ofTwoFactsOfOneSecond…)
        SandboxMailchimp.subscribe(audienceId, "user", "ada@example.com", Map.of("FNAME", "Ada", "LNAME", "Lovelace"), null);
        awaitReceived(admin, audienceId, 1);
        SandboxMailchimp.updateProfile(audienceId, "admin", "ada@example.com", Map.of("FNAME", "Augusta", "LNAME", "Lovelace"), null);
        awaitReceived(admin, audienceId, 2);
        SandboxMailchimp.changeEmail(audienceId, "user", "ada@example.com", "augusta@example.com");
        awaitReceived(admin, audienceId, 4); // the upemail and its profile
        SandboxMailchimp.unsubscribe(audienceId, "user", "augusta@example.com", "unsub", "manual", "cmp0000001");
        awaitReceived(admin, audienceId, 5);
        SandboxMailchimp.clean(audienceId, "admin", "kept@example.com", "hard", "cmp0000002");
        awaitReceived(admin, audienceId, 6);
        SandboxMailchimp.campaign(audienceId, "cmp0000003", "Winter news", "sent");
        // Then
        List<JsonObject> changes = payloads(admin.tenant(), EventType.SUBSCRIBER_CHANGED_V2, 7);
        List<String> seen = changes.subList(1, 7).stream().map(json -> json.getString("change") + ":" + json.getString("status")).toList();
        assertTrue(seen.containsAll(List.of("subscribe:subscribed", "profile:subscribed", "upemail:subscribed",
                "unsubscribe:unsubscribed", "cleaned:cleaned")), seen.toString());
        JsonObject campaign = payloads(admin.tenant(), EventType.CAMPAIGN_CHANGED, 1).get(0);
        assertEquals("Winter news", campaign.getString("subject"));
        assertEquals("sent", campaign.getString("status"));
        JsonPath audience = Audiences.audience(admin, audienceId);
        await().atMost(Audiences.WAIT).until(() -> Audiences.audience(admin, audienceId).getInt("members.unsubscribed") == 1);
        assertEquals(1, Audiences.audience(admin, audienceId).getInt("members.cleaned"));
        assertEquals(0, Audiences.audience(admin, audienceId).getInt("members.subscribed"));
        assertEquals(7, audience.getInt("webhook.deliveries.received"));
    }

    @Test
    void unlinkingRemovesTheWebhookAtMailchimpAndTheIngressStopsTakingItsPosts() {
        // Given
        TestUser admin = TestUser.fresh();
        Connection connection = TokenServiceConnections.connectMailchimpKey(admin);
        String audienceId = SandboxMailchimp.createAudience(DC, "Leaving");
        Audiences.link(admin, audienceId, connection.id()).then().statusCode(201);
        // When
        Audiences.unlink(admin, audienceId).then().statusCode(200).body("webhookRemoval", equalTo("removed"));
        // Then
        assertEquals(List.of(), SandboxMailchimp.webhooks(audienceId));
        Problems.assertProblem(given().auth().oauth2(admin.adminToken()).get("/mailchimp/audiences/{id}", audienceId), 404, "not-found");
        Problems.assertProblem(Audiences.unlink(admin, audienceId), 404, "not-found");
        await().atMost(Audiences.WAIT).until(() -> events.ofTenant(admin.tenant()).stream()
                .anyMatch(event -> EventType.AUDIENCE_CHANGED.type().equals(event.type())
                        && "unlinked".equals(new JsonObject(event.json()).getString("change"))));
    }

    @Test
    void rotatingTheSecretMovesTheWebhookAtMailchimpAndPostsKeepArriving() {
        // Given
        TestUser admin = TestUser.fresh();
        Connection connection = TokenServiceConnections.connectMailchimpKey(admin);
        String audienceId = SandboxMailchimp.createAudience(DC, "Rotating");
        Audiences.link(admin, audienceId, connection.id()).then().statusCode(201);
        Audiences.imported(admin, audienceId);
        // When
        Audiences.rotate(admin, audienceId, "PT10M").then().statusCode(200);
        SandboxMailchimp.subscribe(audienceId, "user", "after.rotation@example.com", Map.of("FNAME", "After"), null);
        // Then: the post went to the new URL (Mailchimp validated it with a GET when the webhook moved)
        JsonObject change = payloads(admin.tenant(), EventType.SUBSCRIBER_CHANGED_V2, 1).get(0);
        assertEquals(SubscriberHash.of("after.rotation@example.com"), change.getString("subscriberHash"));
        // and bad overlaps are refused
        Problems.assertProblem(Audiences.rotate(admin, audienceId, "-PT1M"), 422, "validation-failed");
        Problems.assertProblem(Audiences.rotate(admin, audienceId, "P8D"), 422, "validation-failed");
    }

    @Test
    void mailchimpRefusingTheKeyIsReportedToTokenServiceAndPausesTheAudience() {
        // Given
        TestUser admin = TestUser.fresh();
        String key = SandboxControl.mailchimpKey(DC);
        Connection connection = TokenServiceConnections.connectApiKey(admin, "mailchimp", key);
        String audienceId = SandboxMailchimp.createAudience(DC, "Refused");
        Audiences.link(admin, audienceId, connection.id()).then().statusCode(201);
        Audiences.imported(admin, audienceId);
        // When: the account owner deletes the key at Mailchimp, and we next call Mailchimp
        given().delete(SandboxMailchimp.url() + "/control/mailchimp/api-keys/{key}", key).then().statusCode(204);
        Problems.assertProblem(Audiences.rotate(admin, audienceId, null), 409, "conflict");
        // Then: token-service checked the report and found the key dead; the audience is paused
        assertEquals("needs_reauth", TokenServiceConnections.status(connection));
        await().atMost(Audiences.WAIT).until(() -> "paused".equals(Audiences.audience(admin, audienceId).getString("state")));
        JsonObject paused = payloads(admin.tenant(), EventType.AUDIENCE_CHANGED, 3).get(2);
        assertEquals("paused", paused.getString("change"));
        assertNotEquals(null, paused.getString("pausedReason"));
    }

    @Test
    void anotherTenantsAudienceIsNotFoundAndItsConnectionUnknown() {
        // Given
        TestUser owner = TestUser.fresh();
        TestUser other = TestUser.fresh();
        Connection connection = TokenServiceConnections.connectMailchimpKey(owner);
        String audienceId = SandboxMailchimp.createAudience(DC, "Private");
        Audiences.link(owner, audienceId, connection.id()).then().statusCode(201);
        // When / Then
        Problems.assertProblem(given().auth().oauth2(other.adminToken()).get("/mailchimp/audiences/{id}", audienceId), 404, "not-found");
        Problems.assertProblem(Audiences.unlink(other, audienceId), 404, "not-found");
        Problems.assertProblem(Audiences.rotate(other, audienceId, null), 404, "not-found");
        Problems.assertProblem(Audiences.link(other, audienceId, connection.id()), 422, "validation-failed");
        given().auth().oauth2(other.adminToken()).get("/mailchimp/audiences").then().statusCode(200).body("size()", equalTo(0));
        assertEquals(1, SandboxMailchimp.webhooks(audienceId).size());
    }

    @Test
    void badInputIsAProblem() {
        // Given
        TestUser admin = TestUser.fresh();
        Connection connection = TokenServiceConnections.connectMailchimpKey(admin);
        String audienceId = SandboxMailchimp.createAudience(DC, "Checked");
        // When / Then
        Problems.assertProblem(Audiences.link(admin, "NOT-AN-ID", connection.id()), 422, "validation-failed");
        Problems.assertProblem(given().auth().oauth2(admin.adminToken()).contentType("application/json").body("{}")
                .put("/mailchimp/audiences/{id}/link", audienceId), 422, "validation-failed");
        Problems.assertProblem(given().auth().oauth2(admin.adminToken()).contentType("application/json").body("{\"connectionId\":")
                .put("/mailchimp/audiences/{id}/link", audienceId), 400, "malformed-request");
        Problems.assertProblem(Audiences.link(admin, audienceId, "00000000-0000-0000-0000-000000000000"), 422, "validation-failed");
        Problems.assertProblem(Audiences.link(admin, "zzzzzzzzzz", connection.id()), 422, "validation-failed");
        Problems.assertProblem(given().auth().oauth2(admin.token()).contentType("application/json")
                .body(Map.of("connectionId", connection.id())).put("/mailchimp/audiences/{id}/link", audienceId), 403, "forbidden");
        Problems.assertProblem(given().contentType("application/json").body(Map.of("connectionId", connection.id()))
                .put("/mailchimp/audiences/{id}/link", audienceId), 401, "unauthenticated");
        Problems.assertProblem(given().auth().oauth2(admin.adminToken()).get("/mailchimp/audiences/{id}", "BAD!"), 422, "validation-failed");
        Problems.assertProblem(Audiences.unlink(admin, "BAD!"), 422, "validation-failed");
        Problems.assertProblem(given().auth().oauth2(admin.adminToken()).contentType("application/json").body("{\"overlap\":")
                .post("/mailchimp/audiences/{id}/webhook/secret-rotations", audienceId), 400, "malformed-request");
        Problems.assertProblem(given().auth().oauth2(admin.adminToken()).contentType("application/json").body("{\"overlap\":\"soon\"}")
                .post("/mailchimp/audiences/{id}/webhook/secret-rotations", audienceId), 400, "malformed-request");
        Problems.assertProblem(Audiences.rotate(admin, audienceId, null), 404, "not-found");
        Problems.assertProblem(Audiences.unlink(admin, audienceId), 404, "not-found");
        Problems.assertProblem(given().auth().oauth2(admin.token()).delete("/mailchimp/audiences/{id}/link", audienceId), 403, "forbidden");
        assertEquals(List.of(), SandboxMailchimp.webhooks(audienceId));
    }
}
