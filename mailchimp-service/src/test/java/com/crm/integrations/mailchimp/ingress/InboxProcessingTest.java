package com.crm.integrations.mailchimp.ingress;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.Topics;
import com.crm.integrations.mailchimp.ingress.StoredHooks.StoredHook;
import com.crm.integrations.mailchimp.webhook.SubscriberHash;
import com.crm.integrations.mailchimp.MailchimpInfrastructure;
import com.crm.integrations.testing.events.TopicReader;
import com.crm.integrations.testing.events.TopicReader.PublishedEvent;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

@QuarkusTest
@WithTestResource(MailchimpInfrastructure.class)
class InboxProcessingTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static TopicReader events;

    @Inject
    Pool pool;

    @BeforeAll
    static void read() {
        events = TopicReader.of(Topics.MAILCHIMP_EVENTS);
    }

    @AfterAll
    static void close() {
        events.close();
    }

    private StoredHook newHook() {
        return StoredHooks.create(pool, "t-" + UUID.randomUUID());
    }

    private static Instant firedAt(int secondsAgo) {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(secondsAgo);
    }

    private static JsonObject json(PublishedEvent event) {
        return new JsonObject(event.json());
    }

    private List<Row> settled(StoredHook hook, int count) {
        await().atMost(WAIT).until(() -> StoredHooks.deliveries(pool, hook.linkId()).stream()
                .filter(row -> !"pending".equals(row.getString("status"))).count() >= count);
        return StoredHooks.deliveries(pool, hook.linkId());
    }

    @Test
    void aSubscribeBecomesAMemberAndASubscriberChangedEventWithTheMappedFields() {
        // Given
        StoredHook hook = newHook();
        // When
        Posts.post(hook.url(), Posts.of("subscribe", firedAt(5), hook.audienceId(), "id", "8a25ff1d98", "email", "Ada@Example.com",
                "email_type", "html", "merges][EMAIL", "Ada@Example.com", "merges][FNAME", "Ada", "merges][LNAME", "Lovelace",
                "merges][GROUPINGS][0][id", "7", "merges][GROUPINGS][0][name", "Topics", "merges][GROUPINGS][0][groups", "News, Offers",
                "ip_opt", "10.20.10.30"));
        // Then
        PublishedEvent event = events.awaitType(hook.tenant(), EventType.SUBSCRIBER_CHANGED_V2.type(), 1).get(0);
        JsonObject payload = json(event);
        assertEquals("subscribe", payload.getString("change"));
        assertEquals("subscribed", payload.getString("status"));
        assertNull(payload.getString("previousStatus"));
        assertEquals(SubscriberHash.of("ada@example.com"), payload.getString("subscriberHash"));
        assertEquals("Ada", payload.getJsonObject("mergeFields").getString("FNAME"));
        assertEquals("Ada", payload.getJsonObject("crmFields").getString("firstName"));
        assertEquals("Lovelace", payload.getJsonObject("crmFields").getString("lastName"));
        assertEquals(List.of("News", "Offers"), payload.getJsonArray("interests").getJsonObject(0).getJsonArray("groups").getList());
        assertEquals("webhook", payload.getString("source"));
        List<Row> members = StoredHooks.members(pool, hook.linkId());
        assertEquals(1, members.size());
        assertEquals("subscribed", members.get(0).getString("status"));
        assertEquals("applied", settled(hook, 1).get(0).getString("status"));
    }

    @Test
    void eachMemberTypeChangesTheStatusAndTheCampaignPostBecomesCampaignChanged() {
        // Given
        StoredHook hook = newHook();
        String url = hook.url();
        // When
        Posts.post(url, Posts.of("subscribe", firedAt(50), hook.audienceId(), "email", "a@example.com", "merges][FNAME", "A"));
        Posts.post(url, Posts.of("subscribe", firedAt(50), hook.audienceId(), "email", "b@example.com", "merges][FNAME", "B"));
        Posts.post(url, Posts.of("subscribe", firedAt(50), hook.audienceId(), "email", "c@example.com"));
        Posts.post(url, Posts.of("unsubscribe", firedAt(40), hook.audienceId(), "action", "unsub", "reason", "manual",
                "email", "a@example.com", "campaign_id", "cmp1"));
        Posts.post(url, Posts.of("unsubscribe", firedAt(40), hook.audienceId(), "action", "delete", "reason", "manual",
                "email", "c@example.com"));
        Posts.post(url, Posts.of("cleaned", firedAt(40), hook.audienceId(), "campaign_id", "cmp2", "reason", "hard",
                "email", "b@example.com"));
        Posts.post(url, Posts.of("campaign", firedAt(30), hook.audienceId(), "id", "cmp3", "subject", "Autumn news",
                "status", "sent", "reason", ""));
        // Then
        List<PublishedEvent> subscribers = events.awaitType(hook.tenant(), EventType.SUBSCRIBER_CHANGED_V2.type(), 6);
        List<String> changes = subscribers.stream().map(InboxProcessingTest::json)
                .map(json -> json.getString("change") + ":" + json.getString("status") + ":" + json.getString("reason")).toList();
        assertEquals(List.of("subscribe:subscribed:null", "subscribe:subscribed:null", "subscribe:subscribed:null",
                "unsubscribe:unsubscribed:manual", "unsubscribe:archived:manual", "cleaned:cleaned:hard"), changes);
        assertEquals("cmp1", json(subscribers.get(3)).getString("campaignId"));
        assertEquals("subscribed", json(subscribers.get(3)).getString("previousStatus"));
        JsonObject campaign = json(events.awaitType(hook.tenant(), EventType.CAMPAIGN_CHANGED.type(), 1).get(0));
        assertEquals("cmp3", campaign.getString("campaignId"));
        assertEquals("sent", campaign.getString("status"));
        assertEquals("Autumn news", campaign.getString("subject"));
        assertEquals(List.of("unsubscribed", "cleaned", "archived"),
                StoredHooks.members(pool, hook.linkId()).stream().map(row -> row.getString("status")).toList());
    }

    @Test
    void anOlderPostNeverOverwritesANewerState() {
        // Given: the unsubscribe fired later than the subscribe, but arrives first
        StoredHook hook = newHook();
        Posts.post(hook.url(), Posts.of("unsubscribe", firedAt(10), hook.audienceId(), "action", "unsub", "reason", "manual",
                "email", "late@example.com"));
        settled(hook, 1);
        // When
        Posts.post(hook.url(), Posts.of("subscribe", firedAt(20), hook.audienceId(), "email", "late@example.com"));
        // Then
        List<Row> deliveries = settled(hook, 2);
        assertEquals("superseded", deliveries.get(1).getString("status"));
        assertEquals("unsubscribed", StoredHooks.members(pool, hook.linkId()).get(0).getString("status"));
        assertEquals(1, events.awaitType(hook.tenant(), EventType.SUBSCRIBER_CHANGED_V2.type(), 1).size());
    }

    @Test
    void anAddressChangeIsOneMemberWhicheverOfUpemailAndProfileArrivesFirst() {
        for (boolean profileFirst : List.of(false, true)) {
            // Given
            StoredHook hook = newHook();
            Posts.post(hook.url(), Posts.of("subscribe", firedAt(60), hook.audienceId(), "email", "old@example.com",
                    "merges][FNAME", "Old"));
            settled(hook, 1);
            Instant changedAt = firedAt(30);
            var upemail = Posts.of("upemail", changedAt, hook.audienceId(), "new_id", "51aa6c4d5c", "new_email", "new@example.com",
                    "old_email", "old@example.com");
            var profile = Posts.of("profile", changedAt, hook.audienceId(), "id", "51aa6c4d5c", "email", "new@example.com",
                    "merges][EMAIL", "new@example.com", "merges][FNAME", "Renamed");
            // When
            Posts.post(hook.url(), profileFirst ? profile : upemail);
            Posts.post(hook.url(), profileFirst ? upemail : profile);
            // Then: one member, at the new address, with the new profile and the old status
            settled(hook, 3);
            List<Row> members = StoredHooks.members(pool, hook.linkId());
            assertEquals(1, members.size(), "profile first: " + profileFirst);
            assertEquals("new@example.com", members.get(0).getString("email"));
            assertEquals("Renamed", members.get(0).getJsonObject("merge_fields").getString("FNAME"));
            assertEquals("subscribed", members.get(0).getString("status"));
            List<JsonObject> changes = events.awaitType(hook.tenant(), EventType.SUBSCRIBER_CHANGED_V2.type(), 3).stream()
                    .map(InboxProcessingTest::json).toList();
            JsonObject moved = changes.stream().filter(json -> "upemail".equals(json.getString("change"))).findFirst().orElseThrow();
            assertEquals(SubscriberHash.of("old@example.com"), moved.getString("previousSubscriberHash"));
            assertEquals(SubscriberHash.of("new@example.com"), moved.getString("subscriberHash"));
            assertEquals("old@example.com", moved.getString("previousEmail"));
        }
    }

    @Test
    void aProfileOfAMemberNobodyExplainsIsParkedAfterTheWait() {
        // Given
        StoredHook hook = newHook();
        // When
        Posts.post(hook.url(), Posts.of("profile", firedAt(5), hook.audienceId(), "email", "ghost@example.com",
                "merges][FNAME", "Ghost"));
        // Then: it waits, then is parked with its reason; no member was made up
        Row parked = settled(hook, 1).get(0);
        assertEquals("parked", parked.getString("status"));
        assertEquals(0, StoredHooks.members(pool, hook.linkId()).size());
    }
}
