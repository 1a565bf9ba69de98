package com.crm.integrations.mailchimp.command;

import static com.crm.integrations.mailchimp.command.CommandCalls.answer;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.Topics;
import com.crm.integrations.mailchimp.MailchimpInfrastructure;
import com.crm.integrations.mailchimp.cluster.MailchimpReplica;
import com.crm.integrations.mailchimp.command.CommandCalls.Tenant;
import com.crm.integrations.testing.contract.SandboxControl;
import com.crm.integrations.testing.contract.SandboxMailchimp;
import com.crm.integrations.testing.events.TopicReader;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Two replicas carry out one account's commands at once (the test's app and a mailchimp-service from the packaged
 * jar): every call to Mailchimp is slowed to 150 ms, so each replica alone would fill the account's connections; the
 * account never has more than 5 open (its connection slots are shared in the database), both replicas do part of the
 * work, and Mailchimp never answers 429.
 */
@QuarkusTest
@WithTestResource(MailchimpInfrastructure.class)
class TwoReplicasShareTheConnectionLimitIT {

    private static TopicReader events;

    @BeforeAll
    static void setUp() {
        events = TopicReader.of(Topics.MAILCHIMP_EVENTS);
    }

    @AfterAll
    static void close() {
        events.close();
    }

    @Test
    void theAccountsConnectionsAreHeldToTheLimitAcrossReplicas() {
        Tenant tenant = CommandCalls.linkedTenant("Shared");
        String account = tenant.account();
        try (MailchimpReplica other = MailchimpReplica.start(Map.of())) {
            SandboxMailchimp.resetConnections();
            String slow = SandboxControl.latency("PUT", "/mailchimp-api/" + CommandCalls.DC + "/3.0/*", 150, 10_000);
            try {
                List<String> sent = new ArrayList<>();
                for (int i = 0; i < 80; i++) {
                    sent.add(CommandCalls.send(tenant.admin(), EventType.MAILCHIMP_MEMBER_COMMAND,
                            Map.of("action", "upsert", "audienceId", tenant.audienceId(), "email", "shared" + i + "@example.org")));
                }
                for (String commandId : sent) {
                    assertTrue(answer(events, tenant.admin(), commandId).completed());
                }
            } finally {
                SandboxControl.removeRule(slow);
            }
            int peak = SandboxMailchimp.peakConnections(account);
            assertTrue(peak <= 5, "at most 5 connections at once across replicas, was " + peak);
            assertTrue(SandboxMailchimp.tooManyRequests(account) == 0, "no 429");
            assertTrue(completedBy(other.baseUrl()) > 0, "the other replica carried out some commands");
            assertTrue(completedBy("") > 0, "the test's app carried out some commands");
        }
    }

    /** Commands the replica at {@code baseUrl} completed, from its {@code /q/metrics} ("" for the test's app). */
    private static double completedBy(String baseUrl) {
        String series = "mailchimp_command_attempts_total{";
        return given().when().get(baseUrl + "/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith(series) && line.contains("outcome=\"completed\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
