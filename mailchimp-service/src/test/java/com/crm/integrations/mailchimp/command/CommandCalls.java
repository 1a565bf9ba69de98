package com.crm.integrations.mailchimp.command;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;

import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.Topics;
import com.crm.integrations.mailchimp.audience.Audiences;
import com.crm.integrations.testing.contract.SandboxMailchimp;
import com.crm.integrations.testing.contract.TestUser;
import com.crm.integrations.testing.events.CommandRecords;
import com.crm.integrations.testing.events.TopicReader;
import com.crm.integrations.testing.services.TokenServiceConnections;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;

/** The CRM's commands to mailchimp-service as its services send them (topic or REST), and their answers, for tests. */
final class CommandCalls {

    static final String DC = TokenServiceConnections.MAILCHIMP_DATA_CENTRE;
    static final Duration WAIT = Duration.ofSeconds(30);

    private CommandCalls() {
    }

    /** A tenant with a linked, imported audience of its own, through an API key of a Mailchimp account of its own. */
    record Tenant(TestUser admin, String account, String connectionId, String audienceId) {
    }

    static Tenant linkedTenant(String audienceName) {
        TestUser admin = TestUser.fresh();
        String account = "account-" + UUID.randomUUID() + "@example.com";
        String connectionId = TokenServiceConnections.connectApiKey(admin, "mailchimp", SandboxMailchimp.apiKey(DC, account)).id();
        String audienceId = SandboxMailchimp.createAudience(DC, audienceName);
        Audiences.link(admin, audienceId, connectionId).then().statusCode(201);
        Audiences.imported(admin, audienceId);
        return new Tenant(admin, account, connectionId, audienceId);
    }

    /** Publishes the command on mailchimp.commands under {@code commandId}. */
    static String send(TestUser user, String commandId, EventType type, Map<String, Object> command) {
        CommandRecords.send(CommandRecords.record(Topics.MAILCHIMP_COMMANDS, user.tenant(), commandId, type.type(), "/crm/marketing", command));
        return commandId;
    }

    static String send(TestUser user, EventType type, Map<String, Object> command) {
        return send(user, UUID.randomUUID().toString(), type, command);
    }

    /** POSTs the command to the REST API ({@code kind}: member, subscribe or campaign) with the key, when not null. */
    static Response post(TestUser user, String kind, String key, Map<String, Object> command) {
        var request = given().auth().oauth2(user.token()).contentType(ContentType.JSON).body(command);
        if (key != null) {
            request = request.header("Idempotency-Key", key);
        }
        return request.post("/mailchimp/" + kind + "-commands");
    }

    static Response command(TestUser user, String commandId) {
        return given().auth().oauth2(user.token()).get("/mailchimp/commands/{id}", commandId);
    }

    /** The answer to the command (completed or failed): its event's type and payload, checked against the catalogue. */
    static Answer answer(TopicReader events, TestUser user, String commandId) {
        Awaitility.await().atMost(WAIT).until(() -> answers(events, user, commandId).size() >= 1);
        return answers(events, user, commandId).get(0);
    }

    /** Every answer to the command read so far. */
    static List<Answer> answers(TopicReader events, TestUser user, String commandId) {
        return events.ofTenant(user.tenant()).stream()
                .filter(event -> EventType.MAILCHIMP_COMMAND_COMPLETED.type().equals(event.type())
                        || EventType.MAILCHIMP_COMMAND_FAILED.type().equals(event.type()))
                .map(event -> new Answer(event.type(), new JsonObject(event.json())))
                .filter(answer -> commandId.equals(answer.payload().getString("commandId")))
                .toList();
    }

    /** Events of {@code type} the tenant got so far, as payloads. */
    static List<JsonObject> payloads(TopicReader events, TestUser user, EventType type) {
        return events.ofTenant(user.tenant()).stream().filter(event -> type.type().equals(event.type()))
                .map(event -> new JsonObject(event.json())).toList();
    }

    record Answer(String type, JsonObject payload) {

        boolean completed() {
            return EventType.MAILCHIMP_COMMAND_COMPLETED.type().equals(type);
        }
    }

    /** The campaign at Mailchimp (the sandbox's view, with its content). */
    static Map<String, Object> campaignAtMailchimp(String audienceId, String campaignId) {
        return SandboxMailchimp.campaigns(audienceId).stream().filter(campaign -> campaignId.equals(campaign.get("id"))).findFirst()
                .orElseThrow(() -> new AssertionError("no campaign " + campaignId + " at Mailchimp"));
    }
}
