package com.crm.integrations.sandbox.mailchimp;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
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

/** Batch subscribe, {@code POST /lists/{list_id}} (PROVIDERS.md §5.3), and adding one member with {@code POST …/members}. */
@QuarkusTest
class MailchimpBatchSubscribeTest {

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
    void createsUpdatesAndRefusesMemberByMember() {
        // Given
        SandboxMailchimp.seedMembers(chimp.listId(), List.of(Map.of("email", "ada@example.com", "mergeFields", Map.of("FNAME", "Ada")),
                Map.of("email", "gone@example.com", "status", "unsubscribed")));

        // When
        Response batch = batch(Map.of("update_existing", true, "members", List.of(
                Map.of("email_address", "new@example.com", "status", "subscribed", "merge_fields", Map.of("FNAME", "New")),
                Map.of("email_address", "ada@example.com", "merge_fields", Map.of("LNAME", "Lovelace")),
                Map.of("email_address", "nope@", "status", "subscribed"),
                Map.of("email_address", "gone@example.com", "status", "subscribed"),
                Map.of("email_address", "odd@example.com", "status", "subscribed", "merge_fields", Map.of("SHOE", 42)),
                Map.of("email_address", "typo@example.com", "status", "subscribed", "vip", "yes"))));

        // Then
        batch.then().statusCode(200).contentType("application/json")
                .body("total_created", equalTo(1)).body("total_updated", equalTo(1)).body("error_count", equalTo(4))
                .body("new_members.email_address", contains("new@example.com"))
                .body("new_members[0].status", equalTo("subscribed"))
                .body("updated_members.email_address", contains("ada@example.com"))
                .body("updated_members[0].merge_fields", equalTo(Map.of("FNAME", "Ada", "LNAME", "Lovelace")))
                .body("errors.email_address", contains("nope@", "gone@example.com", "odd@example.com", "typo@example.com"))
                .body("errors.error_code", contains("ERROR_GENERIC", "ERROR_GENERIC", "ERROR_GENERIC", "ERROR_GENERIC"))
                .body("errors[0].error", equalTo("nope@ looks fake or invalid, please enter a real email address."))
                .body("errors[0].field", equalTo(""))
                .body("errors[1].error", equalTo("gone@example.com is in a compliance state due to unsubscribe, bounce, or compliance review and "
                        + "cannot be subscribed."))
                .body("errors[2].error", equalTo("Your merge fields were invalid."))
                .body("errors[2].field", equalTo("SHOE"))
                .body("errors[3].field", equalTo("vip"));
        assertEquals(List.of("ada@example.com", "gone@example.com", "new@example.com"),
                SandboxMailchimp.members(chimp.listId()).stream().map(member -> member.get("email_address")).toList());
    }

    @Test
    void refusesExistingMembersWithoutUpdateExisting() {
        // Given
        SandboxMailchimp.seedMembers(chimp.listId(), List.of(Map.of("email", "ada@example.com")));

        // When
        Response batch = batch(Map.of("members", List.of(Map.of("email_address", "ada@example.com", "status", "unsubscribed"),
                Map.of("email_address", "bob@example.com", "status", "pending"), Map.of("email_address", "bob@example.com", "status", "pending"))));

        // Then
        batch.then().statusCode(200).body("total_created", equalTo(1)).body("total_updated", equalTo(0))
                .body("errors.email_address", contains("ada@example.com", "bob@example.com"))
                .body("errors.error_code", contains("ERROR_CONTACT_EXISTS", "ERROR_CONTACT_EXISTS"))
                .body("errors[0].error", equalTo("ada@example.com is already a list member, do you want to update? please provide "
                        + "update_existing:true in the request body"));
        assertEquals("subscribed", SandboxMailchimp.member(chimp.listId(), "ada@example.com").orElseThrow().get("status"));
        assertEquals("pending", SandboxMailchimp.member(chimp.listId(), "bob@example.com").orElseThrow().get("status"));
    }

    @Test
    void takesFiveHundredMembersAndRefusesMore() {
        // Given
        List<Map<String, Object>> members = new ArrayList<>();
        for (int i = 1; i <= 501; i++) {
            members.add(Map.of("email_address", "m" + i + "@example.com", "status", "subscribed"));
        }

        // When
        Response tooMany = batch(Map.of("members", members));

        // Then
        tooMany.then().statusCode(400).contentType("application/problem+json").body("title", equalTo("Invalid Resource"))
                .body("errors[0].field", equalTo("members"));
        assertEquals(List.of(), SandboxMailchimp.members(chimp.listId()));
        batch(Map.of("members", members.subList(0, 500))).then().statusCode(200).body("total_created", equalTo(500))
                .body("error_count", equalTo(0)).body("new_members", hasSize(500));
    }

    @Test
    void refusesABodyWithoutMembersOrAnUnknownAudience() {
        // When
        Response none = batch(Map.of("update_existing", true));

        // Then
        none.then().statusCode(400).body("errors[0].field", equalTo("members"));
        chimp.api().contentType(ContentType.JSON).body("not json").post(chimp.list("")).then().statusCode(400).body("title", equalTo("JSON Parse Error"));
        batch(Map.of("members", "all")).then().statusCode(400).body("errors[0].field", equalTo("members"));
        chimp.api().contentType(ContentType.JSON).body(Map.of("members", List.of())).post("/mailchimp-api/us14/3.0/lists/nope").then().statusCode(404);
    }

    @Test
    void holdsEachMemberToTheResubscribeLimit() {
        // Given
        SandboxMailchimp.signupLimit(1, Duration.ofHours(24));
        SandboxMailchimp.upsertMember(chimp.listId(), "ada@example.com", Map.of("status_if_new", "subscribed"));
        SandboxMailchimp.upsertMember(chimp.listId(), "ada@example.com", Map.of("status", "unsubscribed"));

        // When
        Response batch = batch(Map.of("update_existing", true, "members", List.of(Map.of("email_address", "ada@example.com", "status", "pending"),
                Map.of("email_address", "bob@example.com", "status", "pending"))));

        // Then
        batch.then().statusCode(200).body("total_created", equalTo(1)).body("errors.email_address", contains("ada@example.com"))
                .body("errors[0].error", equalTo("ada@example.com has signed up to a lot of lists very recently; we're not allowing more signups for now"));
    }

    @Test
    void postsNewMembersToWebhooksThatHearTheApi() {
        // Given
        chimp.webhook(receiver.url("/api"));
        receiver.clear();

        // When
        batch(Map.of("members", List.of(Map.of("email_address", "a@example.com", "status", "subscribed"),
                Map.of("email_address", "b@example.com", "status", "subscribed"))));

        // Then
        List<String> emails = receiver.await("POST", 2).stream().map(post -> post.form().get("data[email]")).sorted().toList();
        assertEquals(List.of("a@example.com", "b@example.com"), emails);
    }

    @Test
    void addsOneMemberAndRefusesAnExistingOne() {
        // When
        Response added = chimp.api().contentType(ContentType.JSON).body(Map.of("email_address", "ada@example.com", "status", "subscribed"))
                .post(chimp.list("/members"));

        // Then
        added.then().statusCode(200).body("status", equalTo("subscribed")).body("email_address", equalTo("ada@example.com"));
        chimp.api().contentType(ContentType.JSON).body(Map.of("email_address", "ada@example.com", "status", "subscribed")).post(chimp.list("/members"))
                .then().statusCode(400).body("title", equalTo("Member Exists"))
                .body("detail", equalTo("ada@example.com is already a list member. Use PUT to insert or update list members."));
        chimp.api().contentType(ContentType.JSON).body(Map.of("email_address", "bob@example.com")).post(chimp.list("/members")).then()
                .statusCode(400).body("errors[0].field", equalTo("status"));
    }

    private Response batch(Map<String, Object> body) {
        return chimp.api().contentType(ContentType.JSON).body(body).post(chimp.list(""));
    }
}
