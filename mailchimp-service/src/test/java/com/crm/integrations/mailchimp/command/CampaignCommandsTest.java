package com.crm.integrations.mailchimp.command;

import static com.crm.integrations.mailchimp.command.CommandCalls.answer;
import static com.crm.integrations.mailchimp.command.CommandCalls.linkedTenant;
import static com.crm.integrations.mailchimp.command.CommandCalls.payloads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

/** Campaigns: created, filled, sent or scheduled, each step once; Mailchimp's send checklist when it refuses. */
@QuarkusTest
@WithTestResource(MailchimpInfrastructure.class)
class CampaignCommandsTest {

    private static TopicReader events;

    @BeforeAll
    static void setUp() {
        events = TopicReader.of(Topics.MAILCHIMP_EVENTS);
    }

    @AfterAll
    static void close() {
        events.close();
    }

    private static Map<String, Object> create(String audience, String replyTo, Map<String, Object> more) {
        Map<String, Object> command = new java.util.HashMap<>(Map.of("action", "create", "audienceId", audience,
                "settings", Map.of("subjectLine", "Autumn news", "fromName", "ACME", "replyTo", replyTo, "title", "autumn-" + System.nanoTime())));
        command.putAll(more);
        return command;
    }

    @Test
    void aCampaignIsCreatedFilledAndSentOnce() {
        Tenant tenant = linkedTenant("Campaigns");
        String commandId = CommandCalls.send(tenant.admin(), EventType.MAILCHIMP_CAMPAIGN_COMMAND,
                create(tenant.audienceId(), "news@acme.example", Map.of("content", Map.of("html", "<h1>News</h1>"), "send", true)));
        Answer done = answer(events, tenant.admin(), commandId);
        assertTrue(done.completed(), done.payload().encode());
        String campaignId = done.payload().getString("campaignId");
        assertEquals("sending", done.payload().getString("campaignStatus"));
        // Sent once at Mailchimp, and the command again (same id) changes nothing
        CommandCalls.send(tenant.admin(), commandId, EventType.MAILCHIMP_CAMPAIGN_COMMAND,
                create(tenant.audienceId(), "news@acme.example", Map.of("content", Map.of("html", "<h1>News</h1>"), "send", true)));
        assertEquals(1, SandboxMailchimp.campaigns(tenant.audienceId()).size());
        assertEquals(List.of("created", "updated", "send_requested"), payloads(events, tenant.admin(), EventType.CAMPAIGN_CHANGED).stream()
                .filter(event -> campaignId.equals(event.getString("campaignId"))).map(event -> event.getString("change")).toList());
        // Sending it again is refused as already sent
        String again = CommandCalls.send(tenant.admin(), EventType.MAILCHIMP_CAMPAIGN_COMMAND,
                Map.of("action", "send", "campaignId", campaignId));
        Answer refused = answer(events, tenant.admin(), again);
        assertEquals("already_sent", refused.payload().getString("code"), refused.payload().encode());
    }

    @Test
    void aSendMailchimpRefusesReportsItsChecklist() {
        Tenant tenant = linkedTenant("Unverified");
        SandboxMailchimp.domainVerified(tenant.account(), "unverified.example", false);
        String commandId = CommandCalls.send(tenant.admin(), EventType.MAILCHIMP_CAMPAIGN_COMMAND,
                create(tenant.audienceId(), "news@unverified.example", Map.of("content", Map.of("plainText", "News"), "send", true)));
        Answer failed = answer(events, tenant.admin(), commandId);
        assertFalse(failed.completed());
        assertEquals("not_ready", failed.payload().getString("code"));
        assertFalse(failed.payload().getJsonArray("problems").isEmpty());
        String campaignId = failed.payload().getString("campaignId");
        // The campaign stays as a draft the CRM can fix and send
        assertEquals("save", CommandCalls.campaignAtMailchimp(tenant.audienceId(), campaignId).get("status"));
    }

    @Test
    void aCampaignIsScheduledAndUnscheduled() {
        Tenant tenant = linkedTenant("Scheduled");
        Instant at = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        String created = CommandCalls.send(tenant.admin(), EventType.MAILCHIMP_CAMPAIGN_COMMAND,
                create(tenant.audienceId(), "news@acme.example", Map.of("content", Map.of("html", "<p>Later</p>"), "scheduleAt", at.toString())));
        Answer scheduled = answer(events, tenant.admin(), created);
        assertEquals("schedule", scheduled.payload().getString("campaignStatus"), scheduled.payload().encode());
        String campaignId = scheduled.payload().getString("campaignId");
        String back = CommandCalls.send(tenant.admin(), EventType.MAILCHIMP_CAMPAIGN_COMMAND,
                Map.of("action", "unschedule", "campaignId", campaignId));
        assertEquals("save", answer(events, tenant.admin(), back).payload().getString("campaignStatus"));
        // Another tenant cannot touch it
        Tenant other = linkedTenant("Other");
        String foreign = CommandCalls.send(other.admin(), EventType.MAILCHIMP_CAMPAIGN_COMMAND,
                Map.of("action", "send", "campaignId", campaignId));
        assertEquals("not_found", answer(events, other.admin(), foreign).payload().getString("code"));
        assertEquals("save", CommandCalls.campaignAtMailchimp(tenant.audienceId(), campaignId).get("status"));
    }
}
