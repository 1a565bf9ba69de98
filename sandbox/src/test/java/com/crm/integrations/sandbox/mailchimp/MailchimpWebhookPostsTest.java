package com.crm.integrations.sandbox.mailchimp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.crm.integrations.testing.contract.SandboxMailchimp;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;

/** The six webhook types in Mailchimp's wire form (PROVIDERS.md §6.2), and which webhooks hear of a change. */
@QuarkusTest
class MailchimpWebhookPostsTest {

    private static final String FIRED_AT = "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}";

    @Inject
    Vertx vertx;

    private MailchimpFixture chimp;
    private WebhookReceiver receiver;
    private String listId;
    private String news;
    private String events;

    @BeforeEach
    void start() throws Exception {
        chimp = MailchimpFixture.start("us14");
        receiver = WebhookReceiver.start(vertx);
        Map<String, Object> audience = SandboxMailchimp.createAudience(Map.of("dc", "us14", "name", "Customers", "id", "a6b5da1054",
                "interestCategories", List.of(Map.of("id", "c1c1c1c1c1", "title", "Topics", "interests",
                        List.of(Map.of("id", "i1i1i1i1i1", "name", "News"), Map.of("id", "i2i2i2i2i2", "name", "Events & Talks"))))));
        listId = (String) audience.get("id");
        chimp = new MailchimpFixture("us14", chimp.key(), listId);
        news = "i1i1i1i1i1";
        events = "i2i2i2i2i2";
    }

    @AfterEach
    void stop() throws Exception {
        receiver.close();
    }

    @Test
    void postsASubscribeInMailchimpsExactWireForm() {
        // Given
        chimp.webhook(receiver.url("/hooks/t1?secret=abc"));

        // When
        SandboxMailchimp.subscribe(listId, "user", "Ada.Lovelace+crm@example.com", Map.of("FNAME", "Ada", "LNAME", "King Lovelace"),
                Map.of(news, true, events, true));

        // Then
        WebhookReceiver.Received post = receiver.await("POST", 1).get(0);
        assertEquals("/hooks/t1?secret=abc", post.uri());
        assertEquals("application/x-www-form-urlencoded", post.headers().get("content-type"));
        assertEquals(List.of("type", "fired_at", "data%5Bid%5D", "data%5Bweb_id%5D", "data%5Blist_id%5D", "data%5Bemail%5D",
                "data%5Bemail_type%5D", "data%5Bmerges%5D%5BEMAIL%5D", "data%5Bmerges%5D%5BFNAME%5D", "data%5Bmerges%5D%5BLNAME%5D",
                "data%5Bmerges%5D%5BINTERESTS%5D", "data%5Bmerges%5D%5BGROUPINGS%5D%5B0%5D%5Bid%5D",
                "data%5Bmerges%5D%5BGROUPINGS%5D%5B0%5D%5Bunique_id%5D", "data%5Bmerges%5D%5BGROUPINGS%5D%5B0%5D%5Bname%5D",
                "data%5Bmerges%5D%5BGROUPINGS%5D%5B0%5D%5Bgroups%5D", "data%5Bip_opt%5D", "data%5Bip_signup%5D"), post.rawKeys());
        assertTrue(post.body().startsWith("type=subscribe&fired_at=20"), post.body());
        assertTrue(post.body().matches(".*&fired_at=\\d{4}-\\d{2}-\\d{2}\\+\\d{2}%3A\\d{2}%3A\\d{2}&.*"), post.body());
        assertTrue(post.body().contains("&data%5Bemail%5D=Ada.Lovelace%2Bcrm%40example.com&"), post.body());
        assertTrue(post.body().contains("&data%5Bmerges%5D%5BLNAME%5D=King+Lovelace&"), post.body());
        assertTrue(post.body().contains("&data%5Bmerges%5D%5BINTERESTS%5D=News%2CEvents+%26+Talks&"), post.body());
        Map<String, String> form = post.form();
        Map<String, Object> member = SandboxMailchimp.members(listId).get(0);
        assertEquals(member.get("unique_email_id"), form.get("data[id]"));
        assertEquals(String.valueOf(member.get("web_id")), form.get("data[web_id]"));
        assertEquals("a6b5da1054", form.get("data[list_id]"));
        assertEquals("html", form.get("data[email_type]"));
        assertEquals("Ada.Lovelace+crm@example.com", form.get("data[merges][EMAIL]"));
        assertEquals("c1c1c1c1c1", form.get("data[merges][GROUPINGS][0][unique_id]"));
        assertEquals("Topics", form.get("data[merges][GROUPINGS][0][name]"));
        assertEquals("News,Events & Talks", form.get("data[merges][GROUPINGS][0][groups]"));
        assertTrue(form.get("fired_at").matches(FIRED_AT), form.get("fired_at"));
    }

    @Test
    void postsAnUnsubscribeWithItsActionReasonAndCampaign() {
        // Given
        seed("ada@example.com");
        chimp.webhook(receiver.url("/hooks/t1"));

        // When
        SandboxMailchimp.unsubscribe(listId, "user", "ada@example.com", "unsub", "abuse", "camp000001");

        // Then
        Map<String, String> form = receiver.await("POST", 1).get(0).form();
        assertEquals(List.of("type", "fired_at", "data[action]", "data[reason]", "data[id]", "data[web_id]", "data[list_id]", "data[email]",
                "data[email_type]", "data[merges][EMAIL]", "data[merges][FNAME]", "data[merges][LNAME]", "data[merges][INTERESTS]",
                "data[merges][GROUPINGS][0][id]", "data[merges][GROUPINGS][0][unique_id]", "data[merges][GROUPINGS][0][name]",
                "data[merges][GROUPINGS][0][groups]", "data[ip_opt]", "data[campaign_id]"), List.copyOf(form.keySet()));
        assertEquals("unsubscribe", form.get("type"));
        assertEquals("unsub", form.get("data[action]"));
        assertEquals("abuse", form.get("data[reason]"));
        assertEquals("camp000001", form.get("data[campaign_id]"));
        assertEquals("Ada", form.get("data[merges][FNAME]"));
        assertEquals("unsubscribed", SandboxMailchimp.members(listId).get(0).get("status"));
    }

    @Test
    void postsADeleteAsAnUnsubscribeWithAnEmptyCampaign() {
        // Given
        seed("ada@example.com");
        chimp.webhook(receiver.url("/hooks/t1"));

        // When
        SandboxMailchimp.unsubscribe(listId, "admin", "ada@example.com", "delete", null, null);

        // Then
        Map<String, String> form = receiver.await("POST", 1).get(0).form();
        assertEquals("delete", form.get("data[action]"));
        assertEquals("manual", form.get("data[reason]"));
        assertEquals("", form.get("data[campaign_id]"));
        assertTrue(SandboxMailchimp.members(listId).isEmpty());
    }

    @Test
    void postsAProfileChange() {
        // Given
        seed("ada@example.com");
        chimp.webhook(receiver.url("/hooks/t1"));

        // When
        SandboxMailchimp.updateProfile(listId, "admin", "ada@example.com", Map.of("LNAME", "Byron"), Map.of(news, false, events, true));

        // Then
        Map<String, String> form = receiver.await("POST", 1).get(0).form();
        assertEquals(List.of("type", "fired_at", "data[id]", "data[web_id]", "data[list_id]", "data[email]", "data[email_type]",
                "data[merges][EMAIL]", "data[merges][FNAME]", "data[merges][LNAME]", "data[merges][INTERESTS]",
                "data[merges][GROUPINGS][0][id]", "data[merges][GROUPINGS][0][unique_id]", "data[merges][GROUPINGS][0][name]",
                "data[merges][GROUPINGS][0][groups]", "data[ip_opt]"), List.copyOf(form.keySet()));
        assertEquals("profile", form.get("type"));
        assertEquals("Byron", form.get("data[merges][LNAME]"));
        assertEquals("Events & Talks", form.get("data[merges][INTERESTS]"));
    }

    @Test
    void postsAnEmailChangeAsUpemailFollowedByProfileAtTheNewAddress() {
        // Given
        seed("ada@example.com");
        String oldId = (String) SandboxMailchimp.members(listId).get(0).get("unique_email_id");
        chimp.webhook(receiver.url("/hooks/t1"));

        // When
        SandboxMailchimp.changeEmail(listId, "user", "ada@example.com", "ada@lovelace.org");

        // Then
        List<WebhookReceiver.Received> posts = receiver.await("POST", 2);
        Map<String, String> upemail = posts.get(0).form();
        Map<String, String> profile = posts.get(1).form();
        assertEquals(List.of("type", "fired_at", "data[list_id]", "data[new_id]", "data[new_email]", "data[old_email]"),
                List.copyOf(upemail.keySet()));
        assertEquals("upemail", upemail.get("type"));
        assertEquals("ada@lovelace.org", upemail.get("data[new_email]"));
        assertEquals("ada@example.com", upemail.get("data[old_email]"));
        assertTrue(upemail.get("data[new_id]").matches("[0-9a-f]{10}") && !upemail.get("data[new_id]").equals(oldId));
        assertEquals("profile", profile.get("type"));
        assertEquals("ada@lovelace.org", profile.get("data[email]"));
        assertEquals(upemail.get("data[new_id]"), profile.get("data[id]"));
        chimp.api().get(chimp.list("/members/" + MailchimpMarketingApiTest.md5("ada@lovelace.org"))).then().statusCode(200);
    }

    @Test
    void postsACleanedAddress() {
        // Given
        seed("ada@example.com");
        chimp.webhook(receiver.url("/hooks/t1"));

        // When
        SandboxMailchimp.clean(listId, "admin", "ada@example.com", "hard", "camp000002");

        // Then
        Map<String, String> form = receiver.await("POST", 1).get(0).form();
        assertEquals(List.of("type", "fired_at", "data[list_id]", "data[campaign_id]", "data[reason]", "data[email]"),
                List.copyOf(form.keySet()));
        assertEquals(Map.of("type", "cleaned", "data[list_id]", listId, "data[campaign_id]", "camp000002", "data[reason]", "hard",
                "data[email]", "ada@example.com"), without(form, "fired_at"));
    }

    @Test
    void postsACampaignSentAndCanceled() {
        // Given
        chimp.webhook(receiver.url("/hooks/t1"));

        // When
        SandboxMailchimp.campaign(listId, "camp000003", "Spring news", "sent");
        SandboxMailchimp.campaign(listId, "camp000004", "Autumn news", "canceled");

        // Then
        List<WebhookReceiver.Received> posts = receiver.await("POST", 2);
        Map<String, String> sent = posts.stream().map(WebhookReceiver.Received::form).filter(f -> f.get("data[id]").equals("camp000003"))
                .findFirst().orElseThrow();
        assertEquals(List.of("type", "fired_at", "data[id]", "data[subject]", "data[status]", "data[reason]", "data[list_id]"),
                List.copyOf(sent.keySet()));
        assertEquals(Map.of("type", "campaign", "data[id]", "camp000003", "data[subject]", "Spring news", "data[status]", "sent",
                "data[reason]", "", "data[list_id]", listId), without(sent, "fired_at"));
        assertTrue(posts.stream().anyMatch(post -> post.form().get("data[status]").equals("canceled")));
    }

    @Test
    void postsNothingForAnApiChangeToAWebhookThatLeftApiOut() {
        // Given
        chimp.createWebhook(receiver.url("/hooks/no-api"), MailchimpFixture.ALL_EVENTS, Map.of("user", true, "admin", true, "api", false))
                .then().statusCode(200);
        String all = chimp.webhook(receiver.url("/hooks/all"));

        // When
        Map<String, Object> outcome = SandboxMailchimp.subscribe(listId, "api", "ada@example.com", null, null);

        // Then
        SandboxMailchimp.awaitFinalAttempt(all, SandboxMailchimp.deliveryId(outcome, 0, all), Duration.ofSeconds(10));
        List<WebhookReceiver.Received> posts = receiver.received("POST");
        assertEquals(1, posts.size());
        assertEquals("/hooks/all", posts.get(0).uri());
        SandboxMailchimp.subscribe(listId, "user", "bob@example.com", null, null);
        assertEquals(3, receiver.await("POST", 3).size());
    }

    @Test
    void postsOnlyTheEventsAWebhookWants() {
        // Given
        chimp.createWebhook(receiver.url("/hooks/profile-only"), Map.of("profile", true, "upemail", false), MailchimpFixture.ALL_SOURCES)
                .then().statusCode(200);
        seed("ada@example.com");

        // When
        SandboxMailchimp.changeEmail(listId, "admin", "ada@example.com", "ada@lovelace.org");

        // Then
        List<WebhookReceiver.Received> posts = receiver.await("POST", 1);
        assertEquals("profile", posts.get(0).form().get("type"));
        SandboxMailchimp.subscribe(listId, "admin", "bob@example.com", null, null);
        SandboxMailchimp.updateProfile(listId, "admin", "bob@example.com", Map.of("FNAME", "Bob"), null);
        assertEquals("Bob", receiver.await("POST", 2).get(1).form().get("data[merges][FNAME]"));
        assertEquals(2, receiver.received("POST").size());
    }

    private void seed(String email) {
        SandboxMailchimp.seedMembers(listId, List.of(Map.of("email", email, "mergeFields", Map.of("FNAME", "Ada", "LNAME", "Lovelace"),
                "interests", Map.of(news, true))));
    }

    private static Map<String, String> without(Map<String, String> form, String key) {
        Map<String, String> rest = new LinkedHashMap<>(form);
        rest.remove(key);
        return rest;
    }
}
