package com.crm.integrations.token.rest;

import static com.crm.integrations.testing.contract.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.Topics;
import com.crm.integrations.testing.contract.SandboxTokens;
import com.crm.integrations.testing.contract.TenantSettingsApiContract;
import com.crm.integrations.testing.contract.TestUser;
import com.crm.integrations.testing.events.TopicReader;
import com.crm.integrations.testing.events.TopicReader.PublishedEvent;
import com.crm.integrations.token.TokenServiceInfrastructure;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;

@QuarkusTest
@WithTestResource(TokenServiceInfrastructure.class)
class ConnectionPolicyApiTest extends TenantSettingsApiContract {

    private static final String POLICY_CHANGED = EventType.CONNECTION_POLICY_CHANGED.type();

    @Override
    protected String path() {
        return "/connection-policy";
    }

    @Override
    protected String internalPath(String tenant) {
        return "/internal/tenants/" + tenant + "/connection-policy";
    }

    @Override
    protected Map<String, Object> validSettings() {
        return map("allowedProviders", java.util.List.of("google", "mapbox"), "apiKeysRequireAdmin", false);
    }

    @Override
    protected Map<String, Object> defaultSettings() {
        // Every configured provider, by name: the test configuration adds `acme`, `flaky` and `paced` by configuration alone.
        return map("allowedProviders", java.util.List.of("acme", "flaky", "google", "mailchimp", "mapbox", "microsoft", "paced"),
                "apiKeysRequireAdmin", true);
    }

    @Override
    protected Map<String, Object> invalidSettings() {
        return map("allowedProviders", null, "apiKeysRequireAdmin", true);
    }

    @Override
    protected String invalidField() {
        return "allowedProviders";
    }

    @Override
    protected Map<String, Object> wrongTypeSettings() {
        return map("allowedProviders", java.util.List.of("google"), "apiKeysRequireAdmin", "sometimes");
    }

    @Override
    protected String wrongTypeField() {
        return "apiKeysRequireAdmin";
    }

    // --- connection-policy.changed ---

    @Test
    void eachSaveIsPublishedOnceWithTheSavedPolicy() {
        // Given
        String tenant = TestUser.fresh().tenant();
        String admin = SandboxTokens.user(tenant, "admin-1", "tenant_admin");
        try (TopicReader records = TopicReader.of(Topics.TOKEN_EVENTS)) {
            // When: two saves, the first naming its providers out of order
            save(admin, null, List.of("mapbox", "google"), false).then().statusCode(200).header("ETag", "\"1\"");
            save(admin, "\"1\"", List.of("microsoft"), true).then().statusCode(200).header("ETag", "\"2\"");

            // Then: one event per save, in order, each with the policy as saved
            List<JsonObject> published = policyEventsUpToVersion(records, tenant, 2);
            assertEquals(2, published.size(), published.toString());
            assertEquals(new JsonObject().put("allowedProviders", List.of("google", "mapbox")).put("apiKeysRequireAdmin", false)
                    .put("version", 1), withoutTime(published.get(0)));
            assertEquals(new JsonObject().put("allowedProviders", List.of("microsoft")).put("apiKeysRequireAdmin", true)
                    .put("version", 2), withoutTime(published.get(1)));
        }
    }

    @Test
    void aRefusedSaveIsNotPublished() {
        // Given: a saved policy
        String tenant = TestUser.fresh().tenant();
        String admin = SandboxTokens.user(tenant, "admin-1", "tenant_admin");
        try (TopicReader records = TopicReader.of(Topics.TOKEN_EVENTS)) {
            save(admin, null, List.of("google"), true).then().statusCode(200).header("ETag", "\"1\"");

            // When: a stale If-Match (412), a provider that is not configured (422), a missing field (422), a user who is
            // no tenant admin (403); then a save that goes through
            assertProblem(save(admin, "\"7\"", List.of("mailchimp"), true), 412, "precondition-failed");
            assertProblem(save(admin, "\"1\"", List.of("mailchimp", "no-such-provider"), true), 422, "validation-failed");
            assertProblem(given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("allowedProviders", List.of("mapbox")))
                    .put(path()), 422, "validation-failed");
            assertProblem(save(SandboxTokens.user(tenant, "user-1"), "\"1\"", List.of("mapbox"), true), 403, "forbidden");
            save(admin, "\"1\"", List.of("microsoft"), true).then().statusCode(200).header("ETag", "\"2\"");

            // Then: the tenant's policy events are those of the two saves, nothing between them
            List<JsonObject> published = policyEventsUpToVersion(records, tenant, 2);
            assertEquals(List.of(List.of("google"), List.of("microsoft")),
                    published.stream().map(event -> event.getJsonArray("allowedProviders").getList()).toList());
            assertEquals(List.of(1L, 2L), published.stream().map(event -> event.getLong("version")).toList());
        }
    }

    private Response save(String token, String ifMatch, List<String> providers, boolean apiKeysRequireAdmin) {
        var request = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(map("allowedProviders", providers, "apiKeysRequireAdmin", apiKeysRequireAdmin));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return request.put(path());
    }

    /** The tenant's connection-policy events once the one of {@code version} arrived (what came before it, in order). */
    private static List<JsonObject> policyEventsUpToVersion(TopicReader records, String tenant, long version) {
        await().atMost(TopicReader.WAIT).until(() -> policyEvents(records, tenant).stream()
                .anyMatch(event -> event.getLong("version") == version));
        return policyEvents(records, tenant);
    }

    private static List<JsonObject> policyEvents(TopicReader records, String tenant) {
        return records.ofTenant(tenant).stream().filter(record -> POLICY_CHANGED.equals(record.type()))
                .map(PublishedEvent::json).map(JsonObject::new).toList();
    }

    private static JsonObject withoutTime(JsonObject event) {
        JsonObject copy = event.copy();
        copy.remove("changedAt");
        return copy;
    }
}
