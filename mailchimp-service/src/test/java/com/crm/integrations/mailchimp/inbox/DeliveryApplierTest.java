package com.crm.integrations.mailchimp.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.payload.SubscriberChangedV2;
import com.crm.integrations.common.events.payload.SubscriberStatus;
import com.crm.integrations.mailchimp.webhook.DeliveryStatus;
import com.crm.integrations.mailchimp.webhook.SubscriberHash;

class DeliveryApplierTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final DeliveryApplier.Rules RULES = new DeliveryApplier.Rules(Duration.ofMinutes(2), 3, Duration.ofSeconds(10));
    private static final Map<String, String> MAPPING = Map.of("FNAME", "firstName");

    private static PendingDelivery post(long id, String type, int secondsAgo, String... data) {
        Map<String, Object> fields = new LinkedHashMap<>();
        Map<String, Object> nested = new LinkedHashMap<>();
        Map<String, Object> merges = new LinkedHashMap<>();
        String email = null;
        for (int i = 0; i < data.length; i += 2) {
            if (data[i].startsWith("merges.")) {
                merges.put(data[i].substring(7), data[i + 1]);
            } else {
                nested.put(data[i], data[i + 1]);
            }
            if (data[i].equals("email") || data[i].equals("new_email")) {
                email = data[i + 1];
            }
        }
        if (!merges.isEmpty()) {
            nested.put("merges", merges);
        }
        fields.put("type", type);
        fields.put("data", nested);
        return new PendingDelivery(id, type, NOW.minusSeconds(secondsAgo), NOW.minusSeconds(1), fields,
                email == null ? null : SubscriberHash.of(email), 0);
    }

    private static DeliveryApplier.Result apply(Map<String, Member> members, PendingDelivery... deliveries) {
        return DeliveryApplier.apply("a6b5da1054", members, List.of(deliveries), MAPPING, RULES, NOW);
    }

    private static Map<Long, DeliveryStatus> statuses(DeliveryApplier.Result result) {
        Map<Long, DeliveryStatus> statuses = new HashMap<>();
        result.outcomes().forEach(outcome -> statuses.put(outcome.deliveryId(), outcome.status()));
        return statuses;
    }

    @Test
    void anOlderStatusNeverOverwritesANewerOneButItsNewerProfileStillApplies() {
        // Given: unsubscribed at t-10
        DeliveryApplier.Result first = apply(Map.of(), post(1, "unsubscribe", 10, "email", "a@x.io", "action", "unsub", "reason", "manual"));
        Member member = first.upserts().iterator().next();
        // When: a subscribe fired at t-20 (older status) arrives with profile data, then a profile fired at t-30 (older still)
        DeliveryApplier.Result later = apply(Map.of(member.subscriberHash(), member),
                post(2, "subscribe", 20, "email", "a@x.io", "merges.FNAME", "Ada"), post(3, "profile", 30, "email", "a@x.io",
                        "merges.FNAME", "Old"));
        // Then: the status stays, the subscribe's profile applies (the member had none newer), the older profile is superseded
        Member after = later.upserts().iterator().next();
        assertEquals(SubscriberStatus.UNSUBSCRIBED, after.status());
        assertEquals("Ada", after.mergeFields().get("FNAME"));
        assertEquals(Map.of(2L, DeliveryStatus.APPLIED, 3L, DeliveryStatus.SUPERSEDED), statuses(later));
        SubscriberChangedV2 event = (SubscriberChangedV2) later.events().get(0);
        assertEquals("profile", event.change().wireName());
        assertEquals(Map.of("firstName", "Ada"), event.crmFields());
    }

    @Test
    void aProfileOfAnUnknownMemberWaitsForItsUpemailInTheSameBatchAndTheMemberMoves() {
        // Given
        Member old = new Member(SubscriberHash.of("old@x.io"), "old@x.io", SubscriberStatus.SUBSCRIBED, "m1", "html",
                Map.of("FNAME", "Before"), List.of(), null, null, new Member.Clock(NOW.minusSeconds(100), 1),
                new Member.Clock(NOW.minusSeconds(100), 1));
        // When: the profile of the new address comes first
        DeliveryApplier.Result result = apply(Map.of(old.subscriberHash(), old),
                post(5, "profile", 10, "email", "new@x.io", "merges.FNAME", "After"),
                post(6, "upemail", 10, "old_email", "old@x.io", "new_email", "new@x.io", "new_id", "m2"));
        // Then: one member at the new address, the old row deleted, both applied
        assertEquals(List.of(SubscriberHash.of("new@x.io")), result.upserts().stream().map(Member::subscriberHash).toList());
        assertEquals(java.util.Set.of(SubscriberHash.of("old@x.io")), result.deletions());
        assertEquals("After", result.upserts().iterator().next().mergeFields().get("FNAME"));
        assertEquals(Map.of(5L, DeliveryStatus.APPLIED, 6L, DeliveryStatus.APPLIED), statuses(result));
        assertEquals(List.of("upemail", "profile"), result.events().stream()
                .map(event -> ((SubscriberChangedV2) event).change().wireName()).toList());
    }

    @Test
    void ofTwoFactsOfOneSecondThatOvertookEachOtherTheLaterReceivedWins() {
        // Given: an admin's profile fired in the same second as the subscribe it followed, but received before it
        PendingDelivery profile = post(8, "profile", 10, "email", "ada@x.io", "merges.FNAME", "Augusta");
        PendingDelivery subscribe = post(9, "subscribe", 10, "email", "ada@x.io", "merges.FNAME", "Ada");
        // When
        DeliveryApplier.Result result = apply(Map.of(), profile, subscribe);
        // Then: the profile waited for its member, then met a fact of its second received after it: nothing finer tells
        // them apart (docs/mailchimp.md, Clocks), so the subscribe's profile stays and the admin's is superseded
        assertEquals(Map.of(8L, DeliveryStatus.SUPERSEDED, 9L, DeliveryStatus.APPLIED), statuses(result));
        assertEquals("Ada", result.upserts().iterator().next().mergeFields().get("FNAME"));
        assertEquals(1, result.events().size());
    }

    @Test
    void aProfileOfAMemberNobodyExplainsWaitsThenParks() {
        PendingDelivery profile = post(7, "profile", 10, "email", "ghost@x.io");
        DeliveryApplier.Outcome waiting = apply(Map.of(), profile).outcomes().get(0);
        assertEquals(DeliveryStatus.PENDING, waiting.status());
        assertEquals(profile.receivedAt().plus(RULES.unknownMemberWait()), waiting.dueAt());
        DeliveryApplier.Result later = DeliveryApplier.apply("a6b5da1054", Map.of(), List.of(profile), MAPPING, RULES,
                NOW.plus(Duration.ofMinutes(3)));
        assertEquals(DeliveryStatus.PARKED, later.outcomes().get(0).status());
        assertTrue(later.upserts().isEmpty());
    }

    @Test
    void aDeliveryThatFailsIsRetriedWithADoublingDelayThenParkedAndTheRestOfTheBatchApplies() {
        // Given: a campaign post with a status we cannot map (the ingress rejects those; stored before it did) fails to apply
        PendingDelivery broken = post(8, "campaign", 5, "id", "c1", "status", "exploded");
        PendingDelivery fine = post(9, "subscribe", 5, "email", "b@x.io");
        // When
        DeliveryApplier.Result result = apply(Map.of(), broken, fine);
        // Then
        DeliveryApplier.Outcome retry = result.outcomes().get(0);
        assertEquals(DeliveryStatus.PENDING, retry.status());
        assertEquals(1, retry.attempts());
        assertEquals(NOW.plusSeconds(10), retry.dueAt());
        assertEquals(DeliveryStatus.APPLIED, result.outcomes().get(1).status());
        PendingDelivery again = new PendingDelivery(8, "campaign", broken.firedAt(), broken.receivedAt(), broken.fields(), null, 2);
        DeliveryApplier.Outcome parked = apply(Map.of(), again).outcomes().get(0);
        assertEquals(DeliveryStatus.PARKED, parked.status());
        assertTrue(parked.reason().startsWith("failed to apply (3 of 3)"));
        assertNull(parked.dueAt());
    }

    @Test
    void aLatePostThatMovesOnlyOneClockIsPublishedWithTheLaterClocksTimeSoOccurredAtNeverGoesBack() {
        // Given: subscribed at t-30, profile at t-10
        DeliveryApplier.Result first = apply(Map.of(), post(20, "subscribe", 30, "email", "m@x.io", "merges.FNAME", "A"),
                post(21, "profile", 10, "email", "m@x.io", "merges.FNAME", "B"));
        Member member = first.upserts().iterator().next();
        // When: an unsubscribe fired at t-20 arrives late
        DeliveryApplier.Result late = apply(Map.of(member.subscriberHash(), member),
                post(22, "unsubscribe", 20, "email", "m@x.io", "action", "unsub"));
        // Then: applied (the status clock moves), published at t-10, not t-20
        SubscriberChangedV2 event = (SubscriberChangedV2) late.events().get(0);
        assertEquals(SubscriberStatus.UNSUBSCRIBED, event.status());
        assertEquals(NOW.minusSeconds(10), event.occurredAt());
        assertEquals("B", event.mergeFields().get("FNAME"));
    }

    @Test
    void unsubscribeWithActionDeleteArchivesAndCleanedKeepsReasonAndCampaign() {
        DeliveryApplier.Result result = apply(Map.of(), post(10, "unsubscribe", 5, "email", "d@x.io", "action", "delete", "reason", "manual"),
                post(11, "cleaned", 5, "email", "e@x.io", "reason", "hard", "campaign_id", "c9"));
        List<SubscriberChangedV2> events = result.events().stream().map(SubscriberChangedV2.class::cast).toList();
        assertEquals(SubscriberStatus.ARCHIVED, events.get(0).status());
        assertEquals(SubscriberStatus.CLEANED, events.get(1).status());
        assertEquals("hard", events.get(1).reason());
        assertEquals("c9", events.get(1).campaignId());
    }
}
