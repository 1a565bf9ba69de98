package com.crm.integrations.mailchimp.command;

import static com.crm.integrations.mailchimp.command.CommandCalls.answer;
import static com.crm.integrations.mailchimp.command.CommandCalls.linkedTenant;
import static com.crm.integrations.mailchimp.command.CommandCalls.payloads;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.Topics;
import com.crm.integrations.mailchimp.MailchimpInfrastructure;
import com.crm.integrations.mailchimp.command.CommandCalls.Answer;
import com.crm.integrations.mailchimp.command.CommandCalls.Tenant;
import com.crm.integrations.testing.contract.SandboxMailchimp;
import com.crm.integrations.testing.contract.TestUser;
import com.crm.integrations.testing.events.TopicReader;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * Every kind of command, sent once through {@code mailchimp.commands} by one tenant and once through the REST API by
 * another: the same answers, the same members and campaigns at Mailchimp, the same events.
 */
@QuarkusTest
@WithTestResource(MailchimpInfrastructure.class)
class CommandKindsTest {

    private static TopicReader events;

    @BeforeAll
    static void setUp() {
        events = TopicReader.of(Topics.MAILCHIMP_EVENTS);
    }

    @AfterAll
    static void close() {
        events.close();
    }

    /** Sends one command of a kind ({@code member}, {@code subscribe}, {@code campaign}); answers its id. */
    private interface Sender {
        String send(TestUser user, String kind, Map<String, Object> command);
    }

    private static final Sender TOPIC = (user, kind, command) -> CommandCalls.send(user, typeOf(kind), command);

    private static final Sender REST = (user, kind, command) -> {
        String key = UUID.randomUUID().toString();
        CommandCalls.post(user, kind, key, command).then().statusCode(202).header("Location", endsWith("/mailchimp/commands/" + key))
                .body("commandId", equalTo(key)).body("state", equalTo("pending"));
        return key;
    };

    private static EventType typeOf(String kind) {
        switch (kind) {
            case "member":
                return EventType.MAILCHIMP_MEMBER_COMMAND;
            case "subscribe":
                return EventType.MAILCHIMP_SUBSCRIBE_COMMAND;
            default:
                return EventType.MAILCHIMP_CAMPAIGN_COMMAND;
        }
    }

    @Test
    void everyKindOfCommandDoesTheSameThroughTheTopicAndThroughRest() {
        // Given two tenants, each with a linked audience
        Tenant viaTopic = linkedTenant("Topic newsletter");
        Tenant viaRest = linkedTenant("REST newsletter");
        // When each sends the same commands, one through the topic, the other through REST
        List<Object> topicResults = scenario(viaTopic, TOPIC);
        List<Object> restResults = scenario(viaRest, REST);
        // Then the answers and what Mailchimp holds are the same
        assertEquals(topicResults, restResults);
        // And the member's writes were published as subscriber.changed.v2, source command, in order
        for (Tenant tenant : List.of(viaTopic, viaRest)) {
            List<JsonObject> ada = payloads(events, tenant.admin(), EventType.SUBSCRIBER_CHANGED_V2).stream()
                    .filter(event -> "ada@example.org".equalsIgnoreCase(event.getString("email"))).toList();
            assertEquals("subscribe", ada.get(0).getString("change"));
            assertEquals("pending", ada.get(0).getString("status"));
            assertEquals("command", ada.get(0).getString("source"));
            assertEquals("Lovelace", ada.get(0).getJsonObject("mergeFields").getString("LNAME"));
            assertEquals("Lovelace", ada.get(0).getJsonObject("crmFields").getString("lastName"));
            List<String> campaignChanges = payloads(events, tenant.admin(), EventType.CAMPAIGN_CHANGED).stream()
                    .map(event -> event.getString("change")).toList();
            assertEquals(List.of("created", "updated", "send_requested"), campaignChanges);
        }
    }

    /** The commands, each awaited, and what each left: its answer (ids taken out) and the state at Mailchimp. */
    private static List<Object> scenario(Tenant tenant, Sender sender) {
        TestUser user = tenant.admin();
        String audience = tenant.audienceId();
        List<Object> results = new ArrayList<>();

        String upsert = sender.send(user, "member", Map.of("action", "upsert", "audienceId", audience, "email", "Ada@Example.org ",
                "mergeFields", Map.of("FNAME", "Ada"), "crmFields", Map.of("lastName", "Lovelace"),
                "tags", List.of(Map.of("name", "vip", "active", true))));
        results.add(answered(user, upsert));
        results.add(member(audience, "ada@example.org"));

        String tags = sender.send(user, "member", Map.of("action", "set_tags", "audienceId", audience, "email", "ada@example.org",
                "tags", List.of(Map.of("name", "customer", "active", true), Map.of("name", "vip", "active", false))));
        results.add(answered(user, tags));
        results.add(member(audience, "ada@example.org"));

        String unsubscribe = sender.send(user, "member", Map.of("action", "unsubscribe", "audienceId", audience, "email",
                "grace@example.org"));
        results.add(answered(user, unsubscribe));
        results.add(member(audience, "grace@example.org"));

        String subscribe = sender.send(user, "subscribe", Map.of("audienceId", audience, "members", List.of(
                Map.of("email", "one@example.org"), Map.of("email", "two@example.org", "status", "subscribed"),
                Map.of("email", "not an address"))));
        results.add(answered(user, subscribe));
        results.add(member(audience, "one@example.org"));
        results.add(member(audience, "two@example.org"));

        String campaign = sender.send(user, "campaign", Map.of("action", "create", "audienceId", audience,
                "settings", Map.of("subjectLine", "Spring news", "fromName", "ACME", "replyTo", "news@acme.example"),
                "content", Map.of("html", "<p>Hello</p>"), "send", true));
        Answer created = answer(events, user, campaign);
        assertTrue(created.completed(), created.payload().encode());
        String campaignId = created.payload().getString("campaignId");
        results.add(normalised(created.payload()));
        Map<String, Object> atMailchimp = CommandCalls.campaignAtMailchimp(audience, campaignId);
        results.add(List.of(((Map<?, ?>) atMailchimp.get("settings")).get("subject_line"), ((Map<?, ?>) atMailchimp.get("content")).get("html")));
        return results;
    }

    private static Object answered(TestUser user, String commandId) {
        Answer answer = answer(events, user, commandId);
        assertTrue(answer.completed(), answer.payload().encode());
        return normalised(answer.payload());
    }

    private static Map<String, Object> normalised(JsonObject payload) {
        Map<String, Object> kept = new TreeMap<>(payload.getMap());
        kept.remove("commandId");
        kept.remove("completedAt");
        kept.remove("audienceId");
        kept.remove("campaignId");
        return kept;
    }

    /** The member at Mailchimp: status, merge fields, tag names. */
    private static Object member(String audience, String email) {
        Map<String, Object> member = SandboxMailchimp.member(audience, email).orElseThrow();
        List<String> tags = new ArrayList<>();
        ((List<?>) member.getOrDefault("tags", List.of())).forEach(tag -> tags.add(String.valueOf(((Map<?, ?>) tag).get("name"))));
        return List.of(member.get("status"), member.get("merge_fields"), tags);
    }
}
