package com.crm.integrations.mailchimp.inbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.crm.integrations.common.events.payload.CampaignChange;
import com.crm.integrations.common.events.payload.CampaignChangedV1;
import com.crm.integrations.common.events.payload.CampaignStatus;
import com.crm.integrations.common.events.payload.SubscriberChange;
import com.crm.integrations.common.events.payload.SubscriberChangedV2;
import com.crm.integrations.common.events.payload.SubscriberSource;
import com.crm.integrations.common.events.payload.SubscriberStatus;
import com.crm.integrations.mailchimp.webhook.DeliveryStatus;
import com.crm.integrations.mailchimp.webhook.SubscriberHash;
import com.crm.integrations.mailchimp.webhook.WebhookType;

/**
 * Applies a batch of one audience's deliveries, in receipt order, to the members they concern: pure, so that the
 * processor's transaction only reads before and writes after. Rules (docs/mailchimp.md, "What each post does"):
 * <ul>
 * <li>{@code subscribe} / {@code unsubscribe} / {@code cleaned} set the status (an {@code unsubscribe} with action
 * {@code delete}: {@code archived}) when newer than the member's status, and the profile they carry when newer than
 * its profile; a post older than both changes nothing ({@code superseded}, no event).</li>
 * <li>{@code profile} sets merge fields and interests when newer than the profile. For a member the projection does
 * not hold it waits ({@code unknown-member-wait}) for the {@code upemail} or {@code subscribe} that explains it, since
 * Mailchimp sends an address change as {@code upemail} plus a {@code profile} of the new address, in either order: it
 * must not create a second member. Nothing explains it in time: parked.</li>
 * <li>{@code upemail} moves the member from the old address to the new one (one member, its status, profile and clocks
 * kept: an address change is not a profile fact, so the {@code profile} Mailchimp sends with it applies whichever comes
 * first); with neither address held it waits like a profile.</li>
 * <li>{@code campaign}: {@code campaign.changed} with the posted status.</li>
 * <li>A delivery whose application fails is retried later with a doubling delay, and parked after
 * {@code max-attempts}.</li>
 * </ul>
 * Each applied change yields its event: {@code subscriber.changed.v2} with the member's state after it, whose
 * {@code occurredAt} is the time of the latest fact that state holds ({@link Member#stateAt()}): a late post that moves
 * only one clock never publishes a state older than one already published, so per member {@code occurredAt} never goes
 * backwards on the topic.
 */
public final class DeliveryApplier {

    /** What became of one delivery. {@code dueAt}: when a pending one is tried again. */
    public record Outcome(long deliveryId, DeliveryStatus status, String reason, Instant dueAt, int attempts) {
    }

    /** A batch's effect: every delivery's outcome, the members to write and to delete, and the events in order. */
    public record Result(List<Outcome> outcomes, Collection<Member> upserts, Set<String> deletions, List<Object> events) {
    }

    /** The settings the rules need. */
    public record Rules(Duration unknownMemberWait, int maxAttempts, Duration retryDelay) {
    }

    /** The profile clock of a member made by a post that carried no profile (a cleaned): any profile fact is newer. */
    static final Member.Clock NO_PROFILE = new Member.Clock(Instant.EPOCH, 0);

    private final String audienceId;
    private final Map<String, String> fieldMapping;
    private final Rules rules;
    private final Instant now;
    private final Map<String, Member> members;
    private final Map<String, Member> dirty = new LinkedHashMap<>();
    private final Set<String> deletions = new LinkedHashSet<>();
    private final List<Object> events = new ArrayList<>();
    private final Map<Long, Outcome> outcomes = new LinkedHashMap<>();
    /** Deliveries waiting for a member to appear, by the subscriber hashes that would let them go on. */
    private final Map<String, List<PendingDelivery>> held = new HashMap<>();

    private DeliveryApplier(String audienceId, Map<String, Member> members, Map<String, String> fieldMapping, Rules rules,
            Instant now) {
        this.audienceId = audienceId;
        this.members = new HashMap<>(members);
        this.fieldMapping = fieldMapping;
        this.rules = rules;
        this.now = now;
    }

    /**
     * Applies {@code deliveries} (one audience's, in receipt order) to {@code members} (the projection's rows of every
     * subscriber hash they name, old addresses of an upemail included).
     */
    public static Result apply(String audienceId, Map<String, Member> members, List<PendingDelivery> deliveries,
            Map<String, String> fieldMapping, Rules rules, Instant now) {
        DeliveryApplier applier = new DeliveryApplier(audienceId, members, fieldMapping, rules, now);
        for (PendingDelivery delivery : deliveries) {
            applier.attempt(delivery);
        }
        applier.settleHeld();
        return new Result(List.copyOf(applier.outcomes.values()), List.copyOf(applier.dirty.values()),
                Set.copyOf(applier.deletions), List.copyOf(applier.events));
    }

    /** The subscriber hashes a batch must load: each delivery's, and an upemail's old address's. */
    public static Set<String> hashesOf(List<PendingDelivery> deliveries) {
        Set<String> hashes = new LinkedHashSet<>();
        for (PendingDelivery delivery : deliveries) {
            if (delivery.subscriberHash() != null) {
                hashes.add(delivery.subscriberHash());
            }
            if (WebhookType.UPEMAIL.wireName().equals(delivery.type())) {
                String old = data(delivery).get("old_email") instanceof String text ? text : null;
                if (old != null) {
                    hashes.add(SubscriberHash.of(old));
                }
            }
        }
        return hashes;
    }

    private void attempt(PendingDelivery delivery) {
        // A step touches only the members its delivery names: keep copies of those, to undo a step that fails.
        Set<String> touched = hashesOf(List.of(delivery));
        Map<String, Member> saved = new HashMap<>();
        Set<String> wasDirty = new LinkedHashSet<>();
        Set<String> wasDeleted = new LinkedHashSet<>();
        for (String hash : touched) {
            Member member = members.get(hash);
            saved.put(hash, member == null ? null : copy(member));
            if (dirty.containsKey(hash)) {
                wasDirty.add(hash);
            }
            if (deletions.contains(hash)) {
                wasDeleted.add(hash);
            }
        }
        int eventsBefore = events.size();
        try {
            step(delivery);
        } catch (RuntimeException failure) {
            for (String hash : touched) {
                Member member = saved.get(hash);
                if (member == null) {
                    members.remove(hash);
                    dirty.remove(hash);
                } else {
                    members.put(hash, member);
                    if (wasDirty.contains(hash)) {
                        dirty.put(hash, member);
                    } else {
                        dirty.remove(hash);
                    }
                }
                if (wasDeleted.contains(hash)) {
                    deletions.add(hash);
                } else {
                    deletions.remove(hash);
                }
            }
            events.subList(eventsBefore, events.size()).clear();
            failed(delivery, failure);
        }
    }

    private void step(PendingDelivery delivery) {
        WebhookType type = WebhookType.of(delivery.type())
                .orElseThrow(() -> new IllegalStateException("a pending delivery of unknown type " + delivery.type()));
        switch (type) {
            case SUBSCRIBE, UNSUBSCRIBE, CLEANED -> statusChange(delivery, type);
            case PROFILE -> profile(delivery);
            case UPEMAIL -> upemail(delivery);
            case CAMPAIGN -> campaign(delivery);
        }
    }

    private void statusChange(PendingDelivery delivery, WebhookType type) {
        Map<String, Object> data = data(delivery);
        Member.Clock fact = new Member.Clock(delivery.firedAt(), delivery.id());
        SubscriberStatus status = switch (type) {
            case SUBSCRIBE -> SubscriberStatus.SUBSCRIBED;
            case CLEANED -> SubscriberStatus.CLEANED;
            default -> "delete".equals(text(data, "action")) ? SubscriberStatus.ARCHIVED : SubscriberStatus.UNSUBSCRIBED;
        };
        String reason = type == WebhookType.SUBSCRIBE ? null : text(data, "reason");
        String campaignId = type == WebhookType.SUBSCRIBE ? null : text(data, "campaign_id");
        Map<String, Object> merges = merges(data);
        Member member = members.get(delivery.subscriberHash());
        SubscriberChange change = change(type);
        if (member == null) {
            member = new Member(delivery.subscriberHash(), text(data, "email"), status, text(data, "id"), text(data, "email_type"),
                    ProfileFields.mergeFields(merges), ProfileFields.interests(merges), reason, campaignId, fact,
                    merges.isEmpty() ? NO_PROFILE : fact);
            put(member);
            applied(delivery, member, change, null, reason, campaignId, null, null);
            release(member.subscriberHash());
            return;
        }
        boolean statusNewer = fact.isAfter(member.statusClock);
        boolean profileNewer = !merges.isEmpty() && fact.isAfter(member.profileClock);
        if (!statusNewer && !profileNewer) {
            superseded(delivery);
            return;
        }
        SubscriberStatus previous = member.status;
        if (statusNewer) {
            member.status = status;
            member.reason = reason;
            member.campaignId = campaignId;
            member.statusClock = fact;
        }
        if (profileNewer) {
            profile(member, delivery, data, merges, fact);
        }
        put(member);
        applied(delivery, member, statusNewer ? change : SubscriberChange.PROFILE, previous, statusNewer ? reason : null,
                statusNewer ? campaignId : null, null, null);
    }

    private void profile(PendingDelivery delivery) {
        Member member = members.get(delivery.subscriberHash());
        if (member == null) {
            hold(delivery, delivery.subscriberHash());
            return;
        }
        Member.Clock fact = new Member.Clock(delivery.firedAt(), delivery.id());
        if (!fact.isAfter(member.profileClock)) {
            superseded(delivery);
            return;
        }
        Map<String, Object> data = data(delivery);
        profile(member, delivery, data, merges(data), fact);
        put(member);
        applied(delivery, member, SubscriberChange.PROFILE, member.status, null, null, null, null);
    }

    private void profile(Member member, PendingDelivery delivery, Map<String, Object> data, Map<String, Object> merges,
            Member.Clock fact) {
        member.mergeFields = new LinkedHashMap<>(ProfileFields.mergeFields(merges));
        member.interests = ProfileFields.interests(merges);
        String email = text(data, "email");
        if (email != null && SubscriberHash.of(email).equals(member.subscriberHash)) {
            member.email = email;
        }
        if (text(data, "email_type") != null) {
            member.emailType = text(data, "email_type");
        }
        if (text(data, "id") != null) {
            member.memberId = text(data, "id");
        }
        member.profileClock = fact;
    }

    private void upemail(PendingDelivery delivery) {
        Map<String, Object> data = data(delivery);
        String oldEmail = text(data, "old_email");
        String newEmail = text(data, "new_email");
        String oldHash = SubscriberHash.of(oldEmail);
        String newHash = delivery.subscriberHash();
        Member old = members.get(oldHash);
        Member current = members.get(newHash);
        if (old == null && current == null) {
            hold(delivery, oldHash, newHash);
            return;
        }
        Member moved;
        if (oldHash.equals(newHash)) {
            moved = current;
            moved.email = newEmail;
        } else if (current == null) {
            moved = new Member(newHash, newEmail, old.status, first(text(data, "new_id"), old.memberId), old.emailType,
                    old.mergeFields, old.interests, old.reason, old.campaignId, old.statusClock, old.profileClock);
            remove(oldHash);
        } else {
            moved = current;
            if (old != null) {
                remove(oldHash);
            }
            if (text(data, "new_id") != null) {
                moved.memberId = text(data, "new_id");
            }
        }
        put(moved);
        applied(delivery, moved, SubscriberChange.UPEMAIL, moved.status, null, null, oldHash, oldEmail);
        release(newHash);
    }

    private void campaign(PendingDelivery delivery) {
        Map<String, Object> data = data(delivery);
        String status = text(data, "status");
        boolean sent = "sent".equals(status);
        if (!sent && !"canceled".equals(status) && !"cancelled".equals(status)) {
            throw new IllegalArgumentException("a campaign post with status '" + status + "', neither sent nor canceled");
        }
        events.add(new CampaignChangedV1(text(data, "id"), audienceId, text(data, "subject"),
                sent ? CampaignStatus.SENT : CampaignStatus.CANCELED, sent ? CampaignChange.SENT : CampaignChange.CANCELED,
                delivery.firedAt()));
        outcomes.put(delivery.id(), new Outcome(delivery.id(), DeliveryStatus.APPLIED, null, null, delivery.attempts()));
    }

    private void applied(PendingDelivery delivery, Member member, SubscriberChange change, SubscriberStatus previous,
            String reason, String campaignId, String previousHash, String previousEmail) {
        events.add(new SubscriberChangedV2(audienceId, member.subscriberHash, member.email, change, member.status, previous,
                reason, campaignId, previousHash, previousEmail, member.mergeFields,
                ProfileFields.crmFields(member.mergeFields, fieldMapping), member.interests, SubscriberSource.WEBHOOK,
                member.stateAt(), delivery.receivedAt()));
        outcomes.put(delivery.id(), new Outcome(delivery.id(), DeliveryStatus.APPLIED, null, null, delivery.attempts()));
    }

    private void superseded(PendingDelivery delivery) {
        outcomes.put(delivery.id(), new Outcome(delivery.id(), DeliveryStatus.SUPERSEDED,
                "older than what the projection holds of the member: nothing changed", null, delivery.attempts()));
    }

    private void hold(PendingDelivery delivery, String... hashes) {
        for (String hash : hashes) {
            held.computeIfAbsent(hash, ignored -> new ArrayList<>()).add(delivery);
        }
        outcomes.put(delivery.id(), null); // decided at the end, unless a later delivery releases it
    }

    /** A member appeared under {@code hash}: what waited for it goes on, in receipt order. */
    private void release(String hash) {
        List<PendingDelivery> waiting = held.remove(hash);
        if (waiting == null) {
            return;
        }
        for (PendingDelivery delivery : waiting) {
            held.values().forEach(list -> list.remove(delivery));
            attempt(delivery);
        }
    }

    private void settleHeld() {
        Set<PendingDelivery> waiting = new LinkedHashSet<>();
        held.values().forEach(waiting::addAll);
        for (PendingDelivery delivery : waiting) {
            Instant until = delivery.receivedAt().plus(rules.unknownMemberWait());
            if (until.isAfter(now)) {
                outcomes.put(delivery.id(), new Outcome(delivery.id(), DeliveryStatus.PENDING,
                        "waiting for the upemail or subscribe of a member the projection does not hold", until, delivery.attempts()));
            } else {
                outcomes.put(delivery.id(), new Outcome(delivery.id(), DeliveryStatus.PARKED,
                        "concerns a member the projection does not hold, and no upemail or subscribe explained it within "
                                + rules.unknownMemberWait().toSeconds() + " s; replay it once the member is imported",
                        null, delivery.attempts()));
            }
        }
    }

    private void failed(PendingDelivery delivery, RuntimeException failure) {
        int attempts = delivery.attempts() + 1;
        String reason = "failed to apply (" + attempts + " of " + rules.maxAttempts() + "): " + failure.getMessage();
        if (attempts >= rules.maxAttempts()) {
            outcomes.put(delivery.id(), new Outcome(delivery.id(), DeliveryStatus.PARKED, reason, null, attempts));
        } else {
            Duration delay = rules.retryDelay().multipliedBy(1L << Math.min(attempts - 1, 16));
            outcomes.put(delivery.id(), new Outcome(delivery.id(), DeliveryStatus.PENDING, reason, now.plus(delay), attempts));
        }
    }

    private void put(Member member) {
        members.put(member.subscriberHash, member);
        dirty.put(member.subscriberHash, member);
        deletions.remove(member.subscriberHash);
    }

    /** The member leaves {@code hash} (an address change): its stored row, if any, is deleted. */
    private void remove(String hash) {
        members.remove(hash);
        dirty.remove(hash);
        deletions.add(hash);
    }

    private static Member copy(Member member) {
        return new Member(member.subscriberHash, member.email, member.status, member.memberId, member.emailType,
                member.mergeFields, member.interests, member.reason, member.campaignId, member.statusClock, member.profileClock);
    }

    private static SubscriberChange change(WebhookType type) {
        return switch (type) {
            case SUBSCRIBE -> SubscriberChange.SUBSCRIBE;
            case UNSUBSCRIBE -> SubscriberChange.UNSUBSCRIBE;
            case CLEANED -> SubscriberChange.CLEANED;
            default -> throw new IllegalArgumentException("not a status change: " + type);
        };
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> data(PendingDelivery delivery) {
        return delivery.fields().get("data") instanceof Map<?, ?> data ? (Map<String, Object>) data : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> merges(Map<String, Object> data) {
        return data.get("merges") instanceof Map<?, ?> merges ? (Map<String, Object>) merges : Map.of();
    }

    private static String text(Map<String, Object> data, String key) {
        return data.get(key) instanceof String text && !text.isEmpty() ? text : null;
    }
}
