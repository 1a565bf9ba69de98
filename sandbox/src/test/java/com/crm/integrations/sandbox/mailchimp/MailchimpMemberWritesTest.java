package com.crm.integrations.sandbox.mailchimp;

import static com.crm.integrations.sandbox.mailchimp.MailchimpMarketingApiTest.md5;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
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

/** The API's member upsert and tags (PROVIDERS.md §5.3): Mailchimp's shapes, compliance rules, re-subscribe limit and merge fields. */
@QuarkusTest
class MailchimpMemberWritesTest {

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
    void createsANewMemberWithStatusIfNew() {
        // When
        Response put = put("Ada@Example.com", Map.of("email_address", "Ada@Example.com", "status_if_new", "subscribed", "status", "pending",
                "merge_fields", Map.of("FNAME", "Ada"), "language", "en", "vip", true, "ip_signup", "203.0.113.5"));

        // Then
        put.then().statusCode(200).contentType("application/json")
                .body("id", equalTo(md5("ada@example.com")))
                .body("email_address", equalTo("Ada@Example.com"))
                .body("status", equalTo("subscribed"))
                .body("merge_fields", equalTo(Map.of("FNAME", "Ada", "LNAME", "")))
                .body("language", equalTo("en"))
                .body("vip", equalTo(true))
                .body("ip_signup", equalTo("203.0.113.5"))
                .body("source", equalTo("API - Generic"))
                .body("last_changed", not(equalTo("")))
                .body("tags_count", equalTo(0))
                .body("list_id", equalTo(chimp.listId()));
        chimp.api().get(chimp.list("/members/" + md5("ada@example.com"))).then().statusCode(200).body("status", equalTo("subscribed"));
    }

    @Test
    void refusesANewMemberWithoutAddressOrStatusIfNew() {
        // When
        Response put = put("ada@example.com", Map.of("status", "subscribed"));

        // Then
        put.then().statusCode(400).contentType("application/problem+json").body("title", equalTo("Invalid Resource"))
                .body("errors.field", contains("email_address", "status_if_new"));
        put("ada@example.com", Map.of("email_address", "ada@example.com")).then().statusCode(400).body("errors.field", contains("status_if_new"));
        put("ada@", Map.of("email_address", "ada@", "status_if_new", "subscribed")).then().statusCode(400)
                .body("detail", equalTo("ada@ looks fake or invalid, please enter a real email address."));
        assertEquals(List.of(), SandboxMailchimp.members(chimp.listId()));
    }

    @Test
    void refusesAHashThatIsNotTheAddresses() {
        // When
        Response put = chimp.api().contentType(ContentType.JSON).body(Map.of("email_address", "bob@example.com", "status_if_new", "subscribed"))
                .put(chimp.list("/members/" + md5("ada@example.com")));

        // Then
        put.then().statusCode(400).body("title", equalTo("Invalid Resource")).body("errors[0].field", equalTo("email_address"));
        put("ADA@example.com ", Map.of("email_address", " ADA@example.com ", "status_if_new", "subscribed")).then().statusCode(200);
    }

    @Test
    void refusesBodiesThatAreNotJsonOrHaveFieldsOfTheWrongType() {
        // When
        Response notJson = chimp.api().contentType(ContentType.JSON).body("{\"email_address\":").put(chimp.list("/members/" + md5("a@example.com")));

        // Then
        notJson.then().statusCode(400).body("title", equalTo("JSON Parse Error"));
        put("a@example.com", Map.of("email_address", "a@example.com", "status_if_new", "gone")).then().statusCode(400)
                .body("errors[0].field", equalTo("status_if_new"));
        put("a@example.com", Map.of("email_address", "a@example.com", "status_if_new", "subscribed", "vip", "yes")).then().statusCode(400)
                .body("errors[0].field", equalTo("vip"));
        put("a@example.com", Map.of("email_address", "a@example.com", "status_if_new", "subscribed", "merge_fields", List.of())).then()
                .statusCode(400).body("errors[0].field", equalTo("merge_fields"));
        given().contentType(ContentType.JSON).body(Map.of()).put(chimp.list("/members/" + md5("a@example.com"))).then().statusCode(401);
    }

    @Test
    void updatesAnExistingMemberMergingItsFields() {
        // Given
        SandboxMailchimp.seedMembers(chimp.listId(), List.of(Map.of("email", "ada@example.com", "mergeFields", Map.of("FNAME", "Ada", "LNAME", "King"),
                "lastChanged", "2026-01-01T00:00:00+00:00")));

        // When
        Response put = put("ada@example.com", Map.of("status", "unsubscribed", "merge_fields", Map.of("LNAME", "Lovelace")));

        // Then
        put.then().statusCode(200).body("status", equalTo("unsubscribed")).body("merge_fields", equalTo(Map.of("FNAME", "Ada", "LNAME", "Lovelace")))
                .body("last_changed", not(equalTo("2026-01-01T00:00:00+00:00")));
    }

    @Test
    void leavesLastChangedAloneWhenAWriteChangesNothing() {
        // Given
        SandboxMailchimp.seedMembers(chimp.listId(), List.of(Map.of("email", "ada@example.com", "mergeFields", Map.of("FNAME", "Ada"),
                "lastChanged", "2026-01-01T00:00:00+00:00")));

        // When
        Response put = put("ada@example.com", Map.of("status", "subscribed", "status_if_new", "pending", "merge_fields", Map.of("FNAME", "Ada")));

        // Then
        put.then().statusCode(200).body("last_changed", equalTo("2026-01-01T00:00:00+00:00"));
    }

    @Test
    void keepsAnUnsubscribedMemberFromBeingSubscribedButLetsItGoPending() {
        // Given
        SandboxMailchimp.seedMembers(chimp.listId(), List.of(Map.of("email", "ada@example.com", "status", "unsubscribed")));

        // When
        Response subscribe = put("ada@example.com", Map.of("email_address", "ada@example.com", "status", "subscribed"));

        // Then
        subscribe.then().statusCode(400).contentType("application/problem+json").body("title", equalTo("Member In Compliance State"))
                .body("detail", equalTo("ada@example.com is in a compliance state due to unsubscribe, bounce, or compliance review and cannot be "
                        + "subscribed."));
        put("ada@example.com", Map.of("status", "pending")).then().statusCode(200).body("status", equalTo("pending"));
    }

    @Test
    void keepsACleanedMemberFromBeingSubscribedOrPending() {
        // Given
        SandboxMailchimp.seedMembers(chimp.listId(), List.of(Map.of("email", "ada@example.com", "status", "cleaned")));

        // When
        Response pending = put("ada@example.com", Map.of("status", "pending"));

        // Then
        pending.then().statusCode(400).body("title", equalTo("Member In Compliance State"));
        put("ada@example.com", Map.of("status", "subscribed")).then().statusCode(400).body("title", equalTo("Member In Compliance State"));
        assertEquals("cleaned", SandboxMailchimp.member(chimp.listId(), "ada@example.com").orElseThrow().get("status"));
    }

    @Test
    void refusesAnAddressSignedUpTooOftenLatelyInAnyAudience() {
        // Given
        String other = SandboxMailchimp.createAudience("us14", "Other");
        put("ada@example.com", Map.of("email_address", "ada@example.com", "status_if_new", "subscribed")).then().statusCode(200);
        put("ada@example.com", Map.of("status", "unsubscribed")).then().statusCode(200);
        put("ada@example.com", Map.of("status", "pending")).then().statusCode(200);
        chimp.api().contentType(ContentType.JSON).body(Map.of("email_address", "ada@example.com", "status_if_new", "pending"))
                .put("/mailchimp-api/us14/3.0/lists/" + other + "/members/" + md5("ada@example.com")).then().statusCode(200);
        put("ada@example.com", Map.of("status", "unsubscribed")).then().statusCode(200);

        // When
        Response fourth = put("ada@example.com", Map.of("status", "pending"));

        // Then
        fourth.then().statusCode(400).body("title", equalTo("Invalid Resource")).body("detail",
                equalTo("ada@example.com has signed up to a lot of lists very recently; we're not allowing more signups for now"));
        given().contentType(ContentType.JSON).body(Map.of("advanceSeconds", 86_400)).post("/control/clock").then().statusCode(200);
        put("ada@example.com", Map.of("status", "pending")).then().statusCode(200);
    }

    @Test
    void takesAnotherSignupLimitAndRefusesABadOne() {
        // Given
        SandboxMailchimp.signupLimit(1, Duration.ofHours(1));
        put("ada@example.com", Map.of("email_address", "ada@example.com", "status_if_new", "pending")).then().statusCode(200);
        put("ada@example.com", Map.of("status", "unsubscribed")).then().statusCode(200);

        // When
        Response again = put("ada@example.com", Map.of("status", "pending"));

        // Then
        again.then().statusCode(400).body("title", equalTo("Invalid Resource"));
        given().get("/control/mailchimp/signup-limit").then().body("max", equalTo(1)).body("windowSeconds", equalTo(3600));
        given().contentType(ContentType.JSON).body(Map.of("max", -1)).put("/control/mailchimp/signup-limit").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("windowSeconds", 0)).put("/control/mailchimp/signup-limit").then().statusCode(400);
        SandboxMailchimp.signupLimit(0, Duration.ofHours(1));
        put("ada@example.com", Map.of("status", "pending")).then().statusCode(200);
    }

    @Test
    void validatesMergeFieldsLikeTheAudienceUnlessToldToSkip() {
        // Given
        String listId = (String) SandboxMailchimp.createAudience(Map.of("dc", "us14", "name", "Strict", "mergeFields", List.of("FNAME", "LNAME"),
                "requiredMergeFields", List.of("FNAME"))).get("id");
        String path = "/mailchimp-api/us14/3.0/lists/" + listId + "/members/" + md5("ada@example.com");

        // When
        Response missing = chimp.api().contentType(ContentType.JSON).body(Map.of("email_address", "ada@example.com", "status_if_new", "subscribed",
                "merge_fields", Map.of("LNAME", "Lovelace", "SHOE", 42))).put(path);

        // Then
        missing.then().statusCode(400).body("title", equalTo("Invalid Resource")).body("detail", equalTo("Your merge fields were invalid."))
                .body("errors.field", contains("SHOE", "FNAME"));
        chimp.api().queryParam("skip_merge_validation", true).contentType(ContentType.JSON).body(Map.of("email_address", "ada@example.com",
                "status_if_new", "subscribed", "merge_fields", Map.of("LNAME", "Lovelace", "SHOE", 42))).put(path).then().statusCode(200)
                .body("merge_fields", equalTo(Map.of("FNAME", "", "LNAME", "Lovelace")));
        chimp.api().contentType(ContentType.JSON).body(Map.of("merge_fields", Map.of("FNAME", "Ada"))).put(path).then().statusCode(200);
        chimp.api().contentType(ContentType.JSON).body(Map.of("merge_fields", Map.of("FNAME", ""))).put(path).then().statusCode(400)
                .body("errors[0].field", equalTo("FNAME"));
    }

    @Test
    void takesAnyUpperCaseTagWhereTheAudienceModelsNoMergeFields() {
        // Given
        String listId = (String) SandboxMailchimp.createAudience(Map.of("dc", "us14", "name", "Loose", "mergeFields", List.of())).get("id");
        String path = "/mailchimp-api/us14/3.0/lists/" + listId + "/members/" + md5("ada@example.com");

        // When
        Response put = chimp.api().contentType(ContentType.JSON).body(Map.of("email_address", "ada@example.com", "status_if_new", "subscribed",
                "merge_fields", Map.of("COMPANY", "ACME", "ADDRESS", Map.of("addr1", "1 Main St", "city", "Springfield")))).put(path);

        // Then
        put.then().statusCode(200).body("merge_fields.COMPANY", equalTo("ACME")).body("merge_fields.ADDRESS.city", equalTo("Springfield"));
        chimp.api().contentType(ContentType.JSON).body(Map.of("merge_fields", Map.of("company", "x"))).put(path).then().statusCode(400)
                .body("detail", equalTo("Your merge fields were invalid."));
        chimp.api().contentType(ContentType.JSON).body(Map.of("merge_fields", Map.of("TOOLONGTAG11", "x"))).put(path).then().statusCode(400);
    }

    @Test
    void refusesAnInterestTheAudienceDoesNotHave() {
        // When
        Response put = put("ada@example.com", Map.of("email_address", "ada@example.com", "status_if_new", "subscribed", "interests", Map.of("nope", true)));

        // Then
        put.then().statusCode(400).body("title", equalTo("Invalid Resource")).body("detail", equalTo("Invalid interest ID: 'nope'"));
    }

    @Test
    void postsOnlyToWebhooksThatHearTheApi() {
        // Given
        String hearsApi = chimp.webhook(receiver.url("/api"));
        String deaf = chimp.createWebhook(receiver.url("/no-api"), MailchimpFixture.ALL_EVENTS, Map.of("user", true, "admin", true, "api", false))
                .then().statusCode(200).extract().path("id");
        receiver.clear();

        // When
        put("ada@example.com", Map.of("email_address", "ada@example.com", "status_if_new", "subscribed"));

        // Then
        WebhookReceiver.Received post = receiver.await("POST", 1).get(0);
        assertEquals("/api", post.uri());
        assertEquals("subscribe", post.form().get("type"));
        put("ada@example.com", Map.of("merge_fields", Map.of("FNAME", "Ada")));
        assertEquals("profile", receiver.await("POST", 2).get(1).form().get("type"));
        put("ada@example.com", Map.of("status", "unsubscribed"));
        assertEquals("unsubscribe", receiver.await("POST", 3).get(2).form().get("type"));
        assertEquals(List.of(), SandboxMailchimp.deliveryLog(deaf));
        assertEquals(3, SandboxMailchimp.deliveryLog(hearsApi).size());
    }

    @Test
    void showsApiWritesToSinceLastChanged() {
        // Given
        SandboxMailchimp.seedMembers(chimp.listId(), List.of(Map.of("email", "old@example.com", "lastChanged", "2026-01-01T00:00:00+00:00"),
                Map.of("email", "ada@example.com", "lastChanged", "2026-01-01T00:00:00+00:00")));

        // When
        put("ada@example.com", Map.of("merge_fields", Map.of("FNAME", "Ada")));

        // Then
        chimp.api().queryParam("since_last_changed", "2026-06-01T00:00:00+00:00").get(chimp.list("/members")).then().statusCode(200)
                .body("total_items", equalTo(1)).body("members.email_address", contains("ada@example.com"));
        SandboxMailchimp.updateProfile(chimp.listId(), "api", "old@example.com", Map.of("LNAME", "Old"), null);
        chimp.api().queryParam("since_last_changed", "2026-06-01T00:00:00+00:00").queryParam("count", 1).queryParam("offset", 1)
                .get(chimp.list("/members")).then().body("total_items", equalTo(2)).body("members.email_address", contains("ada@example.com"));
    }

    @Test
    void addsAndRemovesTags() {
        // Given
        SandboxMailchimp.seedMembers(chimp.listId(), List.of(Map.of("email", "ada@example.com")));
        String tags = chimp.list("/members/" + md5("ada@example.com") + "/tags");

        // When
        Response added = chimp.api().contentType(ContentType.JSON).body(Map.of("tags", List.of(Map.of("name", "vip", "status", "active"),
                Map.of("name", "lead", "status", "active")), "is_syncing", false)).post(tags);

        // Then
        added.then().statusCode(204);
        Map<String, Object> member = SandboxMailchimp.member(chimp.listId(), "ada@example.com").orElseThrow();
        assertEquals(2, member.get("tags_count"));
        assertEquals(List.of("vip", "lead"), ((List<?>) member.get("tags")).stream().map(tag -> ((Map<?, ?>) tag).get("name")).toList());
        chimp.api().contentType(ContentType.JSON).body(Map.of("tags", List.of(Map.of("name", "vip", "status", "inactive")))).post(tags).then()
                .statusCode(204);
        chimp.api().get(chimp.list("/members/" + md5("ada@example.com"))).then().body("tags.name", contains("lead")).body("tags_count", equalTo(1))
                .body("tags[0].id", not(nullValue()));
    }

    @Test
    void refusesTagsOfAnUnknownMemberOrOfABadShape() {
        // Given
        SandboxMailchimp.seedMembers(chimp.listId(), List.of(Map.of("email", "ada@example.com")));

        // When
        Response unknown = chimp.api().contentType(ContentType.JSON).body(Map.of("tags", List.of(Map.of("name", "vip", "status", "active"))))
                .post(chimp.list("/members/" + md5("bob@example.com") + "/tags"));

        // Then
        unknown.then().statusCode(404).body("title", equalTo("Resource Not Found"));
        String tags = chimp.list("/members/" + md5("ada@example.com") + "/tags");
        chimp.api().contentType(ContentType.JSON).body(Map.of("tags", List.of(Map.of("name", "vip", "status", "on")))).post(tags).then()
                .statusCode(400).body("errors[0].field", equalTo("tags[0].status"));
        chimp.api().contentType(ContentType.JSON).body(Map.of("is_syncing", true)).post(tags).then().statusCode(400)
                .body("errors[0].field", equalTo("tags"));
        chimp.api().contentType(ContentType.JSON).body("[]").post(tags).then().statusCode(400).body("title", equalTo("JSON Parse Error"));
    }

    @Test
    void letsATestWriteAsAnotherAppAndLookTheMemberUp() {
        // When
        Map<String, Object> member = SandboxMailchimp.upsertMember(chimp.listId(), "ada@example.com", Map.of("status_if_new", "subscribed",
                "merge_fields", Map.of("FNAME", "Ada")));

        // Then
        assertEquals(md5("ada@example.com"), member.get("id"));
        assertEquals("API - Generic", SandboxMailchimp.member(chimp.listId(), "ada@example.com").orElseThrow().get("source"));
        assertTrue(SandboxMailchimp.member(chimp.listId(), "bob@example.com").isEmpty());
        given().contentType(ContentType.JSON).body(Map.of("status", "subscribed")).put("/control/mailchimp/lists/" + chimp.listId()
                + "/members/bob@example.com").then().statusCode(400).body("title", equalTo("Invalid Resource"));
        given().get("/control/mailchimp/connections").then().body("accounts", hasSize(0));
    }

    private Response put(String email, Map<String, Object> body) {
        return chimp.api().contentType(ContentType.JSON).body(body).put(chimp.list("/members/" + md5(email)));
    }
}
