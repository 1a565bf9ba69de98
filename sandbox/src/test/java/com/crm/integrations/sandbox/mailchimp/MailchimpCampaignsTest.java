package com.crm.integrations.sandbox.mailchimp;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.crm.integrations.testing.contract.SandboxMailchimp;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.core.Vertx;

/** Campaigns through the API (PROVIDERS.md §5.3): create, list, content, send checklist, send, schedule. */
@QuarkusTest
class MailchimpCampaignsTest {

    private static final String ACCOUNT = "sandbox.user@example.com";
    private static final String CAMPAIGNS = "/mailchimp-api/us14/3.0/campaigns";
    private static final Map<String, Object> SETTINGS = Map.of("subject_line", "December news", "from_name", "ACME", "reply_to",
            "news@acme.com", "title", "2026-12", "preview_text", "What's new");

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
    void createsACampaignAsADraft() {
        // When
        Response created = create(chimp.listId(), SETTINGS);

        // Then
        created.then().statusCode(200).contentType("application/json")
                .body("id", matchesPattern("[0-9a-f]{10}"))
                .body("type", equalTo("regular"))
                .body("status", equalTo("save"))
                .body("recipients.list_id", equalTo(chimp.listId()))
                .body("recipients.list_name", equalTo("Newsletter"))
                .body("settings.subject_line", equalTo("December news"))
                .body("settings.reply_to", equalTo("news@acme.com"))
                .body("create_time", not(equalTo("")))
                .body("send_time", equalTo(""))
                .body("emails_sent", equalTo(0));
        String id = created.path("id");
        chimp.api().get(CAMPAIGNS + "/" + id).then().statusCode(200).body("settings.title", equalTo("2026-12"));
        assertEquals(ACCOUNT, SandboxMailchimp.campaigns(chimp.listId()).get(0).get("account"));
    }

    @Test
    void refusesACampaignOfAnUnknownAudienceOrType() {
        // When
        Response unknown = create("nope", SETTINGS);

        // Then
        unknown.then().statusCode(400).contentType("application/problem+json").body("title", equalTo("Invalid Resource"))
                .body("errors[0].field", equalTo("recipients.list_id"));
        String elsewhere = SandboxMailchimp.createAudience("us21", "Elsewhere");
        create(elsewhere, SETTINGS).then().statusCode(400);
        chimp.api().contentType(ContentType.JSON).body(Map.of("type", "rss", "recipients", Map.of("list_id", chimp.listId()))).post(CAMPAIGNS)
                .then().statusCode(400).body("errors[0].field", equalTo("type"));
        chimp.api().contentType(ContentType.JSON).body("{").post(CAMPAIGNS).then().statusCode(400).body("title", equalTo("JSON Parse Error"));
        chimp.api().get(CAMPAIGNS + "/0123456789").then().statusCode(404).body("title", equalTo("Resource Not Found"));
        given().contentType(ContentType.JSON).body(Map.of()).post(CAMPAIGNS).then().statusCode(401);
    }

    @Test
    void listsCampaignsByAudienceAndCreationTimePaged() {
        // Given
        String other = SandboxMailchimp.createAudience("us14", "Other");
        String first = create(chimp.listId(), SETTINGS).path("id");
        create(other, SETTINGS).then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("advanceSeconds", 3600)).post("/control/clock").then().statusCode(200);
        String third = create(chimp.listId(), SETTINGS).path("id");

        // When
        Response ofList = chimp.api().queryParam("list_id", chimp.listId()).get(CAMPAIGNS);

        // Then
        ofList.then().statusCode(200).body("total_items", equalTo(2)).body("campaigns.id", contains(first, third));
        String since = Instant.now().plus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
        chimp.api().queryParam("since_create_time", since).get(CAMPAIGNS).then().body("total_items", equalTo(1)).body("campaigns.id", contains(third));
        chimp.api().queryParam("count", 1).queryParam("offset", 1).get(CAMPAIGNS).then().body("total_items", equalTo(3))
                .body("campaigns.recipients.list_id", contains(other));
        chimp.api().queryParam("since_create_time", "yesterday").get(CAMPAIGNS).then().statusCode(400)
                .body("errors[0].field", equalTo("since_create_time"));
    }

    @Test
    void takesHtmlPlainTextOrATemplateAsContent() {
        // Given
        String id = create(chimp.listId(), SETTINGS).path("id");
        String content = CAMPAIGNS + "/" + id + "/content";

        // When
        Response html = chimp.api().contentType(ContentType.JSON).body(Map.of("html", "<html><body><p>Hello <b>Ada</b></p></body></html>")).put(content);

        // Then
        html.then().statusCode(200).body("html", equalTo("<html><body><p>Hello <b>Ada</b></p></body></html>"))
                .body("plain_text", equalTo("Hello Ada"));
        chimp.api().contentType(ContentType.JSON).body(Map.of("plain_text", "Hello")).put(content).then().statusCode(200)
                .body("plain_text", equalTo("Hello")).body("html", equalTo(""));
        chimp.api().contentType(ContentType.JSON).body(Map.of("template", Map.of("id", 2001, "sections", Map.of("body_content", "<p>Hi</p>"))))
                .put(content).then().statusCode(200).body("html", containsString("<div mc:edit=\"body_content\"><p>Hi</p></div>"));
        chimp.api().get(CAMPAIGNS + "/" + id).then().body("content_type", equalTo("template")).body("settings.template_id", equalTo(2001));
        chimp.api().contentType(ContentType.JSON).body(Map.of("template", Map.of("id", "2001"))).put(content).then().statusCode(400)
                .body("errors[0].field", equalTo("template.id"));
        chimp.api().contentType(ContentType.JSON).body(Map.of()).put(content).then().statusCode(400);
        chimp.api().get(content).then().statusCode(200).body("html", containsString("body_content"));
    }

    @Test
    void explainsInTheChecklistWhatKeepsACampaignFromBeingReady() {
        // Given
        String id = create(chimp.listId(), Map.of()).path("id");

        // When
        Response checklist = chimp.api().get(CAMPAIGNS + "/" + id + "/send-checklist");

        // Then
        checklist.then().statusCode(200).body("is_ready", equalTo(false))
                .body("items.heading", contains("Recipients", "Subject line", "From name", "Reply-to address", "Content"))
                .body("items.type", contains("warning", "error", "error", "error", "error"));
        SandboxMailchimp.seedMembers(chimp.listId(), List.of(Map.of("email", "ada@example.com")));
        chimp.api().contentType(ContentType.JSON).body(Map.of("settings", SETTINGS)).patch(CAMPAIGNS + "/" + id).then().statusCode(200)
                .body("settings.from_name", equalTo("ACME"));
        content(id);
        chimp.api().get(CAMPAIGNS + "/" + id + "/send-checklist").then().body("is_ready", equalTo(true))
                .body("items.type", contains("success", "success", "success", "success", "success"));
    }

    @Test
    void sendsAReadyCampaignAndTellsTheWebhooks() {
        // Given
        chimp.webhook(receiver.url("/hooks"));
        receiver.clear();
        SandboxMailchimp.seedMembers(chimp.listId(), List.of(Map.of("email", "ada@example.com"), Map.of("email", "bob@example.com"),
                Map.of("email", "gone@example.com", "status", "unsubscribed")));
        String id = create(chimp.listId(), SETTINGS).path("id");
        content(id);

        // When
        Response send = chimp.api().post(CAMPAIGNS + "/" + id + "/actions/send");

        // Then
        send.then().statusCode(204);
        chimp.api().get(CAMPAIGNS + "/" + id).then().body("status", equalTo("sending")).body("send_time", not(equalTo("")))
                .body("emails_sent", equalTo(2));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "sent".equals(chimp.api().get(CAMPAIGNS + "/" + id).path("status")));
        Map<String, String> post = receiver.await("POST", 1).get(0).form();
        assertEquals("campaign", post.get("type"));
        assertEquals(id, post.get("data[id]"));
        assertEquals("sent", post.get("data[status]"));
        assertEquals("December news", post.get("data[subject]"));
        chimp.api().post(CAMPAIGNS + "/" + id + "/actions/send").then().statusCode(400).body("title", equalTo("Bad Request"))
                .body("detail", equalTo("This campaign has already been sent."));
        chimp.api().contentType(ContentType.JSON).body(Map.of("html", "<p>Late</p>")).put(CAMPAIGNS + "/" + id + "/content").then().statusCode(400);
    }

    @Test
    void refusesToSendACampaignThatIsNotReady() {
        // Given
        String id = create(chimp.listId(), Map.of("from_name", "ACME", "reply_to", "news@acme.com")).path("id");

        // When
        Response send = chimp.api().post(CAMPAIGNS + "/" + id + "/actions/send");

        // Then
        send.then().statusCode(400).contentType("application/problem+json").body("title", equalTo("Bad Request"))
                .body("detail", equalTo("Your Campaign is not ready to send.")).body("errors.field", contains("Subject line", "Content"));
        chimp.api().get(CAMPAIGNS + "/" + id).then().body("status", equalTo("save"));
        chimp.api().post(CAMPAIGNS + "/0123456789/actions/send").then().statusCode(404);
    }

    @Test
    void refusesToSendFromADomainTheAccountHasNotVerified() {
        // Given
        SandboxMailchimp.domainVerified(ACCOUNT, "acme.com", false);
        String id = create(chimp.listId(), SETTINGS).path("id");
        content(id);

        // When
        Response send = chimp.api().post(CAMPAIGNS + "/" + id + "/actions/send");

        // Then
        send.then().statusCode(400).body("detail", equalTo("Your Campaign is not ready to send."))
                .body("errors.field", contains("Reply-to address")).body("errors[0].message", containsString("acme.com"));
        chimp.api().get(CAMPAIGNS + "/" + id + "/send-checklist").then().body("is_ready", equalTo(false)).body("items.type", hasItem("error"));
        given().get("/control/mailchimp/accounts/" + ACCOUNT + "/domains").then().body("unverified", contains("acme.com"));
        String otherKey = SandboxMailchimp.apiKey("us14", "other@example.com");
        String others = given().auth().preemptive().basic("anystring", otherKey).contentType(ContentType.JSON)
                .body(Map.of("type", "regular", "recipients", Map.of("list_id", chimp.listId()), "settings", SETTINGS)).post(CAMPAIGNS).path("id");
        chimp.api().get(CAMPAIGNS + "/" + others + "/send-checklist").then().body("items[3].type", equalTo("success"));
        SandboxMailchimp.domainVerified(ACCOUNT, "ACME.com", true);
        chimp.api().post(CAMPAIGNS + "/" + id + "/actions/send").then().statusCode(204);
        given().contentType(ContentType.JSON).body(Map.of("verified", false)).put("/control/mailchimp/accounts/" + ACCOUNT + "/domains/not a domain")
                .then().statusCode(400);
    }

    @Test
    void schedulesOnlyAReadyCampaignForAFutureQuarterHour() {
        // Given
        String id = create(chimp.listId(), SETTINGS).path("id");
        String schedule = CAMPAIGNS + "/" + id + "/actions/schedule";
        Instant quarter = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS).plus(45, ChronoUnit.MINUTES);

        // When
        Response notReady = chimp.api().contentType(ContentType.JSON).body(Map.of("schedule_time", quarter.toString())).post(schedule);

        // Then
        notReady.then().statusCode(400).body("detail", equalTo("Your Campaign is not ready to send."));
        content(id);
        chimp.api().contentType(ContentType.JSON).body(Map.of("schedule_time", quarter.plus(7, ChronoUnit.MINUTES).toString())).post(schedule)
                .then().statusCode(400).body("title", equalTo("Bad Request")).body("detail", containsString("quarter-hour (:00, :15, :30, :45)"));
        chimp.api().contentType(ContentType.JSON).body(Map.of("schedule_time", "2020-01-01T10:00:00+00:00")).post(schedule).then().statusCode(400)
                .body("detail", containsString("in the future"));
        chimp.api().contentType(ContentType.JSON).body(Map.of()).post(schedule).then().statusCode(400).body("errors[0].field", equalTo("schedule_time"));
        chimp.api().contentType(ContentType.JSON).body(Map.of("schedule_time", quarter.toString())).post(schedule).then().statusCode(204);
        chimp.api().get(CAMPAIGNS + "/" + id).then().body("status", equalTo("schedule")).body("send_time", equalTo(quarter.toString().replace("Z", "+00:00")));
        chimp.api().post(CAMPAIGNS + "/" + id + "/actions/send").then().statusCode(400);
        chimp.api().post(CAMPAIGNS + "/" + id + "/actions/unschedule").then().statusCode(204);
        chimp.api().get(CAMPAIGNS + "/" + id).then().body("status", equalTo("save")).body("send_time", equalTo(""));
        chimp.api().post(CAMPAIGNS + "/" + id + "/actions/unschedule").then().statusCode(400);
    }

    private Response create(String listId, Map<String, Object> settings) {
        return chimp.api().contentType(ContentType.JSON).body(Map.of("type", "regular", "recipients", Map.of("list_id", listId), "settings", settings))
                .post(CAMPAIGNS);
    }

    private void content(String campaignId) {
        chimp.api().contentType(ContentType.JSON).body(Map.of("html", "<p>News</p>")).put(CAMPAIGNS + "/" + campaignId + "/content").then()
                .statusCode(200);
    }
}
