package com.crm.integrations.mailchimp.command;

import static com.crm.integrations.mailchimp.command.CommandCalls.answer;
import static com.crm.integrations.mailchimp.command.CommandCalls.linkedTenant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.Topics;
import com.crm.integrations.mailchimp.MailchimpInfrastructure;
import com.crm.integrations.mailchimp.command.CommandCalls.Answer;
import com.crm.integrations.mailchimp.command.CommandCalls.Tenant;
import com.crm.integrations.testing.contract.SandboxMailchimp;
import com.crm.integrations.testing.events.TopicReader;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Mailchimp's compliance rules and per-member refusals, as the CRM sees them. */
@QuarkusTest
@WithTestResource(MailchimpInfrastructure.class)
class MemberRulesTest {

    private static TopicReader events;

    @BeforeAll
    static void setUp() {
        events = TopicReader.of(Topics.MAILCHIMP_EVENTS);
    }

    @AfterAll
    static void close() {
        events.close();
    }

    private static Tenant tenantWithMembers(boolean doubleOptIn) {
        Tenant tenant = linkedTenant("Compliance");
        RestAssured.given().auth().oauth2(tenant.admin().adminToken()).contentType(ContentType.JSON)
                .body(Map.of("doubleOptIn", doubleOptIn, "tagPrefix", "crm-")).put("/mailchimp/settings").then().statusCode(200);
        SandboxMailchimp.seedMembers(tenant.audienceId(), List.of(
                Map.of("email", "gone@example.org", "status", "unsubscribed"),
                Map.of("email", "bounced@example.org", "status", "cleaned"),
                Map.of("email", "kept@example.org", "status", "subscribed")));
        return tenant;
    }

    @Test
    void anUnsubscribedAddressIsNeverSilentlySubscribedAgain() {
        Tenant tenant = tenantWithMembers(false);
        String audience = tenant.audienceId();
        // An upsert without a status: the member keeps its own
        String quiet = CommandCalls.send(tenant.admin(), EventType.MAILCHIMP_MEMBER_COMMAND,
                Map.of("action", "upsert", "audienceId", audience, "email", "gone@example.org", "mergeFields", Map.of("FNAME", "Gone")));
        Answer kept = answer(events, tenant.admin(), quiet);
        assertTrue(kept.completed(), kept.payload().encode());
        assertEquals("unsubscribed", kept.payload().getString("memberStatus"));
        assertEquals("unsubscribed", SandboxMailchimp.member(audience, "gone@example.org").orElseThrow().get("status"));
        // Asking for subscribed: refused, with what to do
        String forced = CommandCalls.send(tenant.admin(), EventType.MAILCHIMP_MEMBER_COMMAND,
                Map.of("action", "upsert", "audienceId", audience, "email", "gone@example.org", "status", "subscribed"));
        Answer refused = answer(events, tenant.admin(), forced);
        assertFalse(refused.completed());
        assertEquals("compliance_state", refused.payload().getString("code"));
        assertEquals("permanent", refused.payload().getString("category"));
        assertEquals("MemberInComplianceState", refused.payload().getString("providerCode"));
        assertTrue(refused.payload().getString("reason").contains("double opt-in"), refused.payload().getString("reason"));
        assertEquals("unsubscribed", SandboxMailchimp.member(audience, "gone@example.org").orElseThrow().get("status"));
        // A cleaned address: refused even through double opt-in
        String cleaned = CommandCalls.send(tenant.admin(), EventType.MAILCHIMP_MEMBER_COMMAND,
                Map.of("action", "upsert", "audienceId", audience, "email", "bounced@example.org", "status", "pending"));
        assertEquals("compliance_state", answer(events, tenant.admin(), cleaned).payload().getString("code"));
        // Double opt-in brings the unsubscribed one back as pending
        String optIn = CommandCalls.send(tenant.admin(), EventType.MAILCHIMP_MEMBER_COMMAND,
                Map.of("action", "upsert", "audienceId", audience, "email", "gone@example.org", "status", "pending"));
        assertEquals("pending", answer(events, tenant.admin(), optIn).payload().getString("memberStatus"));
    }

    @Test
    void aBulkSubscribeReportsEachRefusedMemberAndWritesTheRest() {
        Tenant tenant = tenantWithMembers(false);
        String audience = tenant.audienceId();
        List<Map<String, Object>> members = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            members.add(Map.of("email", "new" + i + "@example.org", "mergeFields", Map.of("FNAME", "New " + i)));
        }
        members.add(Map.of("email", "gone@example.org"));
        members.add(Map.of("email", "bounced@example.org"));
        members.add(Map.of("email", "kept@example.org", "crmFields", Map.of("firstName", "Kept")));
        members.add(Map.of("email", "no-at-sign.example.org"));
        members.add(Map.of("email", "NEW0@example.org "));
        members.add(Map.of("email", "odd@example.org", "crmFields", Map.of("shoeSize", "44")));
        String key = "bulk-" + System.nanoTime();
        CommandCalls.post(tenant.admin(), "subscribe", key, Map.of("audienceId", audience, "members", members)).then().statusCode(202);

        Answer done = answer(events, tenant.admin(), key);
        assertTrue(done.completed(), done.payload().encode());
        JsonObject counts = done.payload().getJsonObject("counts");
        assertEquals(13, counts.getInteger("requested"));
        assertEquals(7, counts.getInteger("created"));
        assertEquals(1, counts.getInteger("updated"));
        assertEquals(5, counts.getInteger("failed"));
        Map<String, String> codes = new java.util.TreeMap<>();
        JsonArray errors = done.payload().getJsonArray("errors");
        for (int i = 0; i < errors.size(); i++) {
            codes.put(errors.getJsonObject(i).getString("email"), errors.getJsonObject(i).getString("code"));
        }
        assertEquals(Map.of("gone@example.org", "compliance_state", "bounced@example.org", "compliance_state",
                "no-at-sign.example.org", "invalid_email", "NEW0@example.org ", "duplicate", "odd@example.org", "invalid_member"), codes);
        // The rest were written, in chunks (3 per call in tests), and the refused left as they were
        for (int i = 0; i < 7; i++) {
            assertEquals("subscribed", SandboxMailchimp.member(audience, "new" + i + "@example.org").orElseThrow().get("status"));
        }
        assertEquals("unsubscribed", SandboxMailchimp.member(audience, "gone@example.org").orElseThrow().get("status"));
        assertEquals("cleaned", SandboxMailchimp.member(audience, "bounced@example.org").orElseThrow().get("status"));
        assertEquals("Kept", ((Map<?, ?>) SandboxMailchimp.member(audience, "kept@example.org").orElseThrow().get("merge_fields")).get("FNAME"));
        // The REST API lists every refused member, and the command
        List<Map<String, Object>> listed = RestAssured.given().auth().oauth2(tenant.admin().token())
                .get("/mailchimp/commands/{id}/errors", key).then().statusCode(200).extract().jsonPath().getList("$");
        assertEquals(5, listed.size());
        CommandCalls.command(tenant.admin(), key).then().statusCode(200)
                .body("state", org.hamcrest.Matchers.equalTo("completed"))
                .body("completed.counts.created", org.hamcrest.Matchers.equalTo(7));
    }

    @Test
    void aLargeSetGoesThroughMailchimpsAsynchronousBatch() {
        Tenant tenant = tenantWithMembers(false);
        List<Map<String, Object>> members = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            members.add(Map.of("email", "bulk" + i + "@example.org"));
        }
        members.add(Map.of("email", "gone@example.org"));
        SandboxMailchimp.batchProcessing(Duration.ofMillis(500), 50);
        String commandId = CommandCalls.send(tenant.admin(), EventType.MAILCHIMP_SUBSCRIBE_COMMAND,
                Map.of("audienceId", tenant.audienceId(), "members", members));
        Answer done = answer(events, tenant.admin(), commandId);
        assertTrue(done.completed(), done.payload().encode());
        assertEquals(120, done.payload().getJsonObject("counts").getInteger("created"));
        assertEquals(1, done.payload().getJsonObject("counts").getInteger("failed"));
        assertEquals("compliance_state", done.payload().getJsonArray("errors").getJsonObject(0).getString("code"));
        List<Map<String, Object>> batches = SandboxMailchimp.batches().stream()
                .filter(batch -> tenant.account().equals(batch.get("account"))).toList();
        assertEquals(1, batches.size(), "one asynchronous batch, not chunks");
        assertEquals(121, ((Number) batches.get(0).get("total_operations")).intValue(), "every member it could send, the refused one too");
        assertEquals("subscribed", SandboxMailchimp.member(tenant.audienceId(), "bulk119@example.org").orElseThrow().get("status"));
    }
}
