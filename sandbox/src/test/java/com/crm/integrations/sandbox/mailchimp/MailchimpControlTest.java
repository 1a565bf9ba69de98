package com.crm.integrations.sandbox.mailchimp;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.crm.integrations.testing.contract.SandboxMailchimp;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.core.Vertx;

@QuarkusTest
class MailchimpControlTest {

    @Inject
    Vertx vertx;

    private MailchimpFixture chimp;
    private WebhookReceiver receiver;

    @BeforeEach
    void start() throws Exception {
        chimp = MailchimpFixture.start("us14");
        receiver = WebhookReceiver.start(vertx);
    }

    @AfterEach
    void stop() throws Exception {
        receiver.close();
    }

    @Test
    void makesAnAudienceIdWhenNoneIsGivenAndRefusesATakenOne() {
        // When
        Response created = given().contentType(ContentType.JSON).body(Map.of("dc", "us14", "name", "Leads")).post("/control/mailchimp/lists");

        // Then
        created.then().statusCode(201).body("id", matchesPattern("[a-z0-9]{10}")).body("dc", equalTo("us14"))
                .body("mergeFields", equalTo(List.of("FNAME", "LNAME")));
        given().contentType(ContentType.JSON).body(Map.of("dc", "us14", "name", "Again", "id", chimp.listId())).post("/control/mailchimp/lists")
                .then().statusCode(400).body("error", equalTo("invalid_request"));
        given().contentType(ContentType.JSON).body(Map.of("dc", "US 14", "name", "Bad")).post("/control/mailchimp/lists").then().statusCode(400);
    }

    @Test
    void seedsAllMembersOrNone() {
        // Given
        List<Map<String, Object>> members = List.of(Map.of("email", "ada@example.com"),
                Map.of("email", "bob@example.com", "mergeFields", Map.of("COMPANY", "Acme")));

        // When
        Response seeded = given().contentType(ContentType.JSON).body(Map.of("members", members))
                .post("/control/mailchimp/lists/" + chimp.listId() + "/members/seed");

        // Then
        seeded.then().statusCode(400).body("error_description", containsString("COMPANY"));
        assertTrue(SandboxMailchimp.members(chimp.listId()).isEmpty());
    }

    @Test
    void seedsWithoutPostingAndActsWithPosting() {
        // Given
        String hook = chimp.webhook(receiver.url("/hooks/t1"));

        // When
        List<Map<String, Object>> seeded = SandboxMailchimp.seedMembers(chimp.listId(),
                List.of(Map.of("email", "ada@example.com", "status", "unsubscribed")));

        // Then
        assertEquals(MailchimpMarketingApiTest.md5("ada@example.com"), seeded.get(0).get("id"));
        Map<String, Object> outcome = SandboxMailchimp.subscribe(chimp.listId(), "user", "ada@example.com", Map.of("FNAME", "Ada"), null);
        assertEquals("subscribed", ((Map<?, ?>) outcome.get("member")).get("status"));
        long delivery = SandboxMailchimp.deliveryId(outcome, 0, hook);
        SandboxMailchimp.awaitFinalAttempt(hook, delivery, java.time.Duration.ofSeconds(10));
        assertEquals(1, receiver.received("POST").size());
    }

    @Test
    void refusesActionsThatDoNotFitTheMember() {
        // Given
        SandboxMailchimp.seedMembers(chimp.listId(), List.of(Map.of("email", "ada@example.com")));
        String actions = "/control/mailchimp/lists/" + chimp.listId();

        // When
        Response again = given().contentType(ContentType.JSON).body(Map.of("source", "user", "email", "ada@example.com"))
                .post(actions + "/subscribe");

        // Then
        again.then().statusCode(400).body("error", equalTo("invalid_request"));
        given().contentType(ContentType.JSON).body(Map.of("source", "user", "email", "nobody@example.com")).post(actions + "/unsubscribe")
                .then().statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("source", "robot", "email", "ada@example.com")).post(actions + "/profile")
                .then().statusCode(400).body("error_description", containsString("source"));
        given().contentType(ContentType.JSON).body(Map.of("source", "admin", "email", "ada@example.com", "reason", "soft"))
                .post(actions + "/clean").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("source", "user", "email", "ada@example.com")).post("/control/mailchimp/lists/none/profile")
                .then().statusCode(404);
    }

    @Test
    void showsWebhooksWithoutTheirUrl() {
        // Given
        String hook = chimp.webhook(receiver.url("/hooks/t1?secret=abc"));

        // When
        Response webhooks = given().queryParam("listId", chimp.listId()).get("/control/mailchimp/webhooks");

        // Then
        webhooks.then().statusCode(200).body("paused", equalTo(false)).body("webhooks[0].id", equalTo(hook))
                .body("webhooks[0].state", equalTo("enabled")).body("webhooks[0].sources", equalTo(List.of("user", "admin", "api")))
                .body("webhooks[0]", not(hasKey("url")));
        assertTrue(!webhooks.asString().contains("secret"));
    }

    @Test
    void setsTheRetryPolicyUntilReset() {
        // Given
        given().contentType(ContentType.JSON).body(Map.of("firstRetryMillis", 100)).put("/control/mailchimp/webhooks/retry-policy")
                .then().statusCode(200).body("firstRetryMillis", equalTo(100)).body("timeoutMillis", equalTo(10_000));

        // When
        given().post("/control/reset").then().statusCode(204);

        // Then
        given().get("/control/mailchimp/webhooks/retry-policy").then().statusCode(200).body("timeoutMillis", equalTo(10_000))
                .body("firstRetryMillis", equalTo(60_000)).body("factor", equalTo(2.0f)).body("maxWindowMillis", equalTo(4_500_000));
        given().contentType(ContentType.JSON).body(Map.of("timeoutMillis", 0)).put("/control/mailchimp/webhooks/retry-policy")
                .then().statusCode(400);
    }

    @Test
    void forgetsEverythingOnTheSandboxReset() {
        // Given
        chimp.webhook(receiver.url("/hooks/t1"));
        SandboxMailchimp.seedMembers(chimp.listId(), List.of(Map.of("email", "ada@example.com")));

        // When
        given().post("/control/reset").then().statusCode(204);

        // Then
        given().get("/control/mailchimp/lists/" + chimp.listId()).then().statusCode(404);
        assertTrue(SandboxMailchimp.webhooks(null).isEmpty());
        chimp.api().get("/mailchimp-api/us14/3.0/lists").then().statusCode(401); // the key went too
    }
}
