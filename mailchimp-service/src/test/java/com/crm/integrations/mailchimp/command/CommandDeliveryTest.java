package com.crm.integrations.mailchimp.command;

import static com.crm.integrations.mailchimp.command.CommandCalls.answer;
import static com.crm.integrations.mailchimp.command.CommandCalls.answers;
import static com.crm.integrations.mailchimp.command.CommandCalls.linkedTenant;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.Topics;
import com.crm.integrations.mailchimp.MailchimpInfrastructure;
import com.crm.integrations.mailchimp.command.CommandCalls.Answer;
import com.crm.integrations.mailchimp.command.CommandCalls.Tenant;
import com.crm.integrations.testing.contract.SandboxControl;
import com.crm.integrations.testing.contract.SandboxMailchimp;
import com.crm.integrations.testing.events.TopicReader;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Commands carried out once, for their own tenant only, within the account's connections, through Mailchimp's outages. */
@QuarkusTest
@WithTestResource(MailchimpInfrastructure.class)
class CommandDeliveryTest {

    private static TopicReader events;
    private static TopicReader deadLetters;

    @Inject
    Pool pool;

    @BeforeAll
    static void setUp() {
        events = TopicReader.of(Topics.MAILCHIMP_EVENTS);
        deadLetters = TopicReader.of("mailchimp-service.commands.dead-letter");
    }

    @AfterAll
    static void close() {
        events.close();
        deadLetters.close();
    }

    @Test
    void aCommandSentAgainIsCarriedOutOnce() {
        Tenant tenant = linkedTenant("Once");
        Map<String, Object> command = Map.of("action", "upsert", "audienceId", tenant.audienceId(), "email", "once@example.org");
        String commandId = CommandCalls.send(tenant.admin(), EventType.MAILCHIMP_MEMBER_COMMAND, command);
        CommandCalls.send(tenant.admin(), commandId, EventType.MAILCHIMP_MEMBER_COMMAND, command);
        assertTrue(answer(events, tenant.admin(), commandId).completed());
        // Through REST: the same key gets the first command back; another body under it is refused
        CommandCalls.post(tenant.admin(), "member", "key-1", command).then().statusCode(202);
        CommandCalls.post(tenant.admin(), "member", "key-1", command).then().statusCode(200).body("commandId", equalTo("key-1"));
        CommandCalls.post(tenant.admin(), "member", "key-1", Map.of("action", "unsubscribe", "audienceId", tenant.audienceId(),
                "email", "once@example.org")).then().statusCode(409);
        assertTrue(answer(events, tenant.admin(), "key-1").completed());
        // A later command that ends after them shows nothing more came for either
        String last = CommandCalls.send(tenant.admin(), EventType.MAILCHIMP_MEMBER_COMMAND, command);
        answer(events, tenant.admin(), last);
        assertEquals(1, answers(events, tenant.admin(), commandId).size());
        assertEquals(1, answers(events, tenant.admin(), "key-1").size());
    }

    @Test
    void anotherTenantsAudienceAndCommandsAreNotFound() {
        Tenant owner = linkedTenant("Owner");
        Tenant other = linkedTenant("Other");
        Map<String, Object> intoOwners = Map.of("action", "upsert", "audienceId", owner.audienceId(), "email", "intruder@example.org");
        CommandCalls.post(other.admin(), "member", null, intoOwners).then().statusCode(404);
        CommandCalls.post(other.admin(), "subscribe", null, Map.of("audienceId", owner.audienceId(),
                "members", List.of(Map.of("email", "intruder@example.org")))).then().statusCode(404);
        String viaTopic = CommandCalls.send(other.admin(), EventType.MAILCHIMP_MEMBER_COMMAND, intoOwners);
        Answer refused = answer(events, other.admin(), viaTopic);
        assertEquals("no_audience", refused.payload().getString("code"));
        assertEquals(0, refused.payload().getInteger("attempts"));
        assertTrue(SandboxMailchimp.member(owner.audienceId(), "intruder@example.org").isEmpty());
        String ownCommand = CommandCalls.send(owner.admin(), EventType.MAILCHIMP_MEMBER_COMMAND,
                Map.of("action", "upsert", "audienceId", owner.audienceId(), "email", "mine@example.org"));
        answer(events, owner.admin(), ownCommand);
        CommandCalls.command(other.admin(), ownCommand).then().statusCode(404);
        CommandCalls.command(owner.admin(), ownCommand).then().statusCode(200).body("state", equalTo("completed"));
        // An invalid command through REST is a 422 naming the field, and stores nothing
        CommandCalls.post(owner.admin(), "member", "bad-1", Map.of("action", "upsert", "audienceId", owner.audienceId(),
                "email", "not an address")).then().statusCode(422);
        CommandCalls.command(owner.admin(), "bad-1").then().statusCode(404);
    }

    @Test
    void anAccountsCallsStayWithinItsConnectionLimit() {
        Tenant tenant = linkedTenant("Busy");
        String account = tenant.account();
        SandboxMailchimp.resetConnections();
        String slow = SandboxControl.latency("PUT", "/mailchimp-api/" + CommandCalls.DC + "/3.0/*", 150, 1000);
        try {
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                sent.add(CommandCalls.send(tenant.admin(), EventType.MAILCHIMP_MEMBER_COMMAND,
                        Map.of("action", "upsert", "audienceId", tenant.audienceId(), "email", "busy" + i + "@example.org")));
            }
            for (String commandId : sent) {
                assertTrue(answer(events, tenant.admin(), commandId).completed());
            }
        } finally {
            SandboxControl.removeRule(slow);
        }
        // Settled side by side, each member's write is projected and published (none skipped for a busy audience row)
        List<JsonObject> published = CommandCalls.payloads(events, tenant.admin(), EventType.SUBSCRIBER_CHANGED_V2).stream()
                .filter(event -> "command".equals(event.getString("source"))).toList();
        assertEquals(30, published.stream().map(event -> event.getString("email")).distinct().count());
        int peak = SandboxMailchimp.peakConnections(account);
        assertTrue(peak <= 5, "at most 5 connections at once, was " + peak);
        assertTrue(peak >= 4, "the limit is used, not serialised: peak " + peak);
        assertEquals(0, SandboxMailchimp.tooManyRequests(account));
    }

    @Test
    void a429HoldsBackItsAccountOnlyAndItsCommandsStillComplete() {
        Tenant throttled = linkedTenant("Throttled");
        Tenant other = linkedTenant("Unaffected");
        // The account's other apps use up most of its connections: Mailchimp answers our third call at once with 429
        SandboxMailchimp.connectionLimit(2);
        String slow = SandboxControl.latency("PUT", "/mailchimp-api/" + CommandCalls.DC + "/3.0/*", 150, 1000);
        List<String> sent = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                sent.add(CommandCalls.send(throttled.admin(), EventType.MAILCHIMP_MEMBER_COMMAND,
                        Map.of("action", "upsert", "audienceId", throttled.audienceId(), "email", "crowded" + i + "@example.org")));
            }
            Awaitility.await().atMost(CommandCalls.WAIT).until(() -> SandboxMailchimp.tooManyRequests(throttled.account()) > 0);
            // Another account's command goes through meanwhile: the 429 held back one account, not Mailchimp
            String elsewhere = CommandCalls.send(other.admin(), EventType.MAILCHIMP_MEMBER_COMMAND,
                    Map.of("action", "upsert", "audienceId", other.audienceId(), "email", "free@example.org"));
            assertTrue(answer(events, other.admin(), elsewhere).completed());
            // The hold is written once the throttled call's attempt ends, which may be after the other command completed
            Awaitility.await("the throttled account is held back").atMost(CommandCalls.WAIT).until(() -> pool
                    .preparedQuery("SELECT count(*) FROM mailchimp_account WHERE account_key = $1")
                    .execute(Tuple.of("mailchimp-connection:" + throttled.connectionId()))
                    .await().atMost(CommandCalls.WAIT).iterator().next().getLong(0) == 1L);
        } finally {
            SandboxMailchimp.connectionLimit(10);
            SandboxControl.removeRule(slow);
        }
        for (String commandId : sent) {
            Answer answer = answer(events, throttled.admin(), commandId);
            assertTrue(answer.completed(), answer.payload().encode());
        }
    }

    @Test
    void commandsWaitOutAMinuteOfMailchimpOutageAndSucceed() {
        Tenant tenant = linkedTenant("Outage");
        String outage = SandboxControl.fault(null, "/mailchimp-api/" + CommandCalls.DC + "/3.0/*", 503);
        List<String> sent = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                sent.add(CommandCalls.send(tenant.admin(), EventType.MAILCHIMP_MEMBER_COMMAND,
                        Map.of("action", "upsert", "audienceId", tenant.audienceId(), "email", "patient" + i + "@example.org")));
            }
            Awaitility.await().pollDelay(Duration.ofSeconds(60)).atMost(Duration.ofSeconds(61)).until(() -> true);
            for (String commandId : sent) {
                assertTrue(answers(events, tenant.admin(), commandId).isEmpty(), "no answer while Mailchimp is down");
                CommandCalls.command(tenant.admin(), commandId).then().statusCode(200).body("state", org.hamcrest.Matchers.anyOf(equalTo("pending"), equalTo("running")));
            }
        } finally {
            SandboxControl.removeRule(outage);
        }
        for (String commandId : sent) {
            assertTrue(answer(events, tenant.admin(), commandId).completed());
        }
        assertTrue(deadLetters.ofTenant(tenant.admin().tenant()).isEmpty(), "nothing dead-lettered");
    }
}
