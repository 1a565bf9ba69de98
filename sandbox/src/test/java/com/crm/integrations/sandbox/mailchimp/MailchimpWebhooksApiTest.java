package com.crm.integrations.sandbox.mailchimp;

import static com.crm.integrations.sandbox.mailchimp.MailchimpFixture.ALL_EVENTS;
import static com.crm.integrations.sandbox.mailchimp.MailchimpFixture.ALL_SOURCES;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
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
class MailchimpWebhooksApiTest {

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
    void createsAWebhookOnceItsUrlAnsweredTheValidationGet() {
        // Given
        String url = receiver.url("/hooks/mailchimp/t1?secret=s3cr3t%2Bx");

        // When
        Response created = chimp.createWebhook(url, ALL_EVENTS, Map.of("user", true, "admin", true, "api", false));

        // Then
        created.then().statusCode(200)
                .body("id", matchesPattern("[0-9a-f]{10}"))
                .body("url", equalTo(url))
                .body("events", equalTo(ALL_EVENTS))
                .body("sources", equalTo(Map.of("user", true, "admin", true, "api", false)))
                .body("list_id", equalTo(chimp.listId()))
                .body("_links", hasSize(0))
                .body("enabled", nullValue());
        List<WebhookReceiver.Received> gets = receiver.received("GET");
        assertEquals(1, gets.size());
        assertEquals("/hooks/mailchimp/t1?secret=s3cr3t%2Bx", gets.get(0).uri());
        assertEquals("", gets.get(0).body());
        chimp.api().get(chimp.list("/webhooks")).then().statusCode(200).body("total_items", equalTo(1))
                .body("list_id", equalTo(chimp.listId())).body("webhooks[0].url", equalTo(url));
    }

    @Test
    void refusesAUrlThatDoesNotAnswer200AndCreatesNothing() {
        // Given
        receiver.answer(500);

        // When
        Response refused = chimp.createWebhook(receiver.url("/hooks/broken"), ALL_EVENTS, ALL_SOURCES);

        // Then
        refused.then().statusCode(400).contentType("application/problem+json").body("title", equalTo("Invalid Resource"))
                .body("status", equalTo(400)).body("detail", containsString("did not return a 200"))
                .body("detail", containsString("500"));
        assertEquals(1, receiver.received("GET").size());
        chimp.api().get(chimp.list("/webhooks")).then().statusCode(200).body("total_items", equalTo(0));
        assertTrue(SandboxMailchimp.webhooks(chimp.listId()).isEmpty());
    }

    @Test
    void refusesAnUnreachableUrl() {
        // Given
        String nobody = "http://127.0.0.1:1/hooks";

        // When
        Response refused = chimp.createWebhook(nobody, ALL_EVENTS, ALL_SOURCES);

        // Then
        refused.then().statusCode(400).body("title", equalTo("Invalid Resource")).body("detail", containsString("could not be reached"));
    }

    @Test
    void refusesTheSameUrlTwiceInOneAudience() {
        // Given
        String url = receiver.url("/hooks/twice?secret=1");
        chimp.webhook(url);

        // When
        Response again = chimp.createWebhook(url, ALL_EVENTS, ALL_SOURCES);

        // Then
        again.then().statusCode(400).contentType("application/problem+json").body("title", equalTo("Invalid Resource"));
        chimp.api().get(chimp.list("/webhooks")).then().body("total_items", equalTo(1));
    }

    @Test
    void refusesABodyWithoutUrlOrNotJson() {
        // When
        Response noUrl = chimp.api().contentType(ContentType.JSON).body(Map.of("events", ALL_EVENTS)).post(chimp.list("/webhooks"));

        // Then
        noUrl.then().statusCode(400).body("title", equalTo("Invalid Resource")).body("errors[0].field", equalTo("url"));
        chimp.api().contentType(ContentType.JSON).body("{not json").post(chimp.list("/webhooks")).then().statusCode(400)
                .contentType("application/problem+json").body("title", equalTo("JSON Parse Error"));
    }

    @Test
    void movesAWebhookToAUrlThatAnswersItsValidation() {
        // Given
        String id = chimp.webhook(receiver.url("/hooks/old"));
        String moved = receiver.url("/hooks/new?secret=2");

        // When
        Response patched = chimp.api().contentType(ContentType.JSON).body(Map.of("url", moved, "events", Map.of("campaign", false)))
                .patch(chimp.list("/webhooks/" + id));

        // Then
        patched.then().statusCode(200).body("id", equalTo(id)).body("url", equalTo(moved)).body("events.campaign", equalTo(false))
                .body("events.subscribe", equalTo(true));
        assertEquals("/hooks/new?secret=2", receiver.received("GET").get(1).uri());
        chimp.api().get(chimp.list("/webhooks/" + id)).then().statusCode(200).body("url", equalTo(moved));
    }

    @Test
    void keepsTheOldUrlWhenTheNewOneFailsValidation() {
        // Given
        String old = receiver.url("/hooks/old");
        String id = chimp.webhook(old);
        receiver.answer(404);

        // When
        Response patched = chimp.api().contentType(ContentType.JSON).body(Map.of("url", receiver.url("/hooks/missing")))
                .patch(chimp.list("/webhooks/" + id));

        // Then
        patched.then().statusCode(400).body("title", equalTo("Invalid Resource"));
        chimp.api().get(chimp.list("/webhooks/" + id)).then().statusCode(200).body("url", equalTo(old));
    }

    @Test
    void deletesAWebhookAndPostsNothingMoreToIt() {
        // Given
        String id = chimp.webhook(receiver.url("/hooks/gone"));

        // When
        Response deleted = chimp.api().delete(chimp.list("/webhooks/" + id));

        // Then
        deleted.then().statusCode(204);
        chimp.api().get(chimp.list("/webhooks/" + id)).then().statusCode(404).body("title", equalTo("Resource Not Found"));
        chimp.api().delete(chimp.list("/webhooks/" + id)).then().statusCode(404);
        Map<String, Object> outcome = SandboxMailchimp.subscribe(chimp.listId(), "user", "ada@example.com", null, null);
        assertEquals(Map.of(), ((List<Map<String, Object>>) outcome.get("posts")).get(0).get("deliveries"));
        assertTrue(receiver.received("POST").isEmpty());
    }

    @Test
    void findsNoWebhookOfAnUnknownAudience() {
        // When
        Response unknown = chimp.api().get("/mailchimp-api/us14/3.0/lists/nosuchlist/webhooks");

        // Then
        unknown.then().statusCode(404).body("title", equalTo("Resource Not Found"));
    }
}
