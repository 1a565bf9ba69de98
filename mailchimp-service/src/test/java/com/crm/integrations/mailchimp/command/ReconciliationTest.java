package com.crm.integrations.mailchimp.command;

import static com.crm.integrations.mailchimp.command.CommandCalls.linkedTenant;
import static com.crm.integrations.mailchimp.command.CommandCalls.payloads;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.Topics;
import com.crm.integrations.mailchimp.MailchimpInfrastructure;
import com.crm.integrations.mailchimp.audience.Audiences;
import com.crm.integrations.mailchimp.command.CommandCalls.Tenant;
import com.crm.integrations.testing.contract.SandboxMailchimp;
import com.crm.integrations.testing.events.TopicReader;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonObject;

/** What other apps change through Mailchimp's API (the webhook does not report it) reaches the CRM by reconciliation. */
@QuarkusTest
@WithTestResource(MailchimpInfrastructure.class)
class ReconciliationTest {

    private static TopicReader events;

    @BeforeAll
    static void setUp() {
        events = TopicReader.of(Topics.MAILCHIMP_EVENTS);
    }

    @AfterAll
    static void close() {
        events.close();
    }

    private static void reconcile(Tenant tenant) {
        RestAssured.given().auth().oauth2(tenant.admin().adminToken())
                .post("/mailchimp/audiences/{id}/reconciliations", tenant.audienceId()).then().statusCode(202);
    }

    private static List<JsonObject> synced(Tenant tenant, String email) {
        return payloads(events, tenant.admin(), EventType.SUBSCRIBER_CHANGED_V2).stream()
                .filter(event -> email.equals(event.getString("email")) && "sync".equals(event.getString("source"))).toList();
    }

    @Test
    void aChangeAnotherAppMadeThroughTheApiIsFoundAndPublishedOnce() {
        Tenant tenant = linkedTenant("Reconciled");
        // Another app adds and changes members through the API: no webhook comes
        SandboxMailchimp.upsertMember(tenant.audienceId(), "other-app@example.org",
                Map.of("email_address", "other-app@example.org", "status_if_new", "subscribed", "merge_fields", Map.of("FNAME", "Other")));
        Awaitility.await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
        assertEquals(List.of(), synced(tenant, "other-app@example.org"));
        // Reconciliation reads it and publishes it, source sync
        reconcile(tenant);
        Awaitility.await().atMost(CommandCalls.WAIT).until(() -> synced(tenant, "other-app@example.org").size() == 1);
        JsonObject event = synced(tenant, "other-app@example.org").get(0);
        assertEquals("synced", event.getString("change"));
        assertEquals("subscribed", event.getString("status"));
        assertEquals("Other", event.getJsonObject("mergeFields").getString("FNAME"));
        Audiences.audience(tenant.admin(), tenant.audienceId());
        // Reconciled again with nothing new: nothing published again
        reconcile(tenant);
        SandboxMailchimp.upsertMember(tenant.audienceId(), "later@example.org",
                Map.of("email_address", "later@example.org", "status_if_new", "subscribed"));
        reconcile(tenant);
        Awaitility.await().atMost(CommandCalls.WAIT).until(() -> synced(tenant, "later@example.org").size() == 1);
        assertEquals(1, synced(tenant, "other-app@example.org").size());
        // Another tenant cannot ask for it
        Tenant other = linkedTenant("Other");
        RestAssured.given().auth().oauth2(other.admin().adminToken())
                .post("/mailchimp/audiences/{id}/reconciliations", tenant.audienceId()).then().statusCode(404);
    }
}
