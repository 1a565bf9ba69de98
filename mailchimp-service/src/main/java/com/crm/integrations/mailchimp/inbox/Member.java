package com.crm.integrations.mailchimp.inbox;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.crm.integrations.common.events.payload.InterestGrouping;
import com.crm.integrations.common.events.payload.SubscriberStatus;

/**
 * One audience member as the projection holds it, while a batch of deliveries is applied to it. Two clocks keep an
 * older fact from overwriting a newer one: the status's and the profile's, each the {@code (fired_at, delivery id)} of
 * the fact applied last (an import's facts carry id 0, so a webhook fired in the same second wins).
 */
public final class Member {

    /** A fact's place in time: when it happened, then the order we received it in. */
    public record Clock(Instant at, long delivery) implements Comparable<Clock> {

        @Override
        public int compareTo(Clock other) {
            int byTime = at.compareTo(other.at);
            return byTime != 0 ? byTime : Long.compare(delivery, other.delivery);
        }

        public boolean isAfter(Clock other) {
            return compareTo(other) > 0;
        }
    }

    String subscriberHash;
    String email;
    SubscriberStatus status;
    String memberId;
    String emailType;
    Map<String, Object> mergeFields;
    List<InterestGrouping> interests;
    String reason;
    String campaignId;
    Clock statusClock;
    Clock profileClock;

    public Member(String subscriberHash, String email, SubscriberStatus status, String memberId, String emailType,
            Map<String, Object> mergeFields, List<InterestGrouping> interests, String reason, String campaignId, Clock statusClock,
            Clock profileClock) {
        this.subscriberHash = subscriberHash;
        this.email = email;
        this.status = status;
        this.memberId = memberId;
        this.emailType = emailType;
        this.mergeFields = new LinkedHashMap<>(mergeFields);
        this.interests = List.copyOf(interests);
        this.reason = reason;
        this.campaignId = campaignId;
        this.statusClock = statusClock;
        this.profileClock = profileClock;
    }

    public String subscriberHash() {
        return subscriberHash;
    }

    public String email() {
        return email;
    }

    public SubscriberStatus status() {
        return status;
    }

    public String memberId() {
        return memberId;
    }

    public String emailType() {
        return emailType;
    }

    public Map<String, Object> mergeFields() {
        return mergeFields;
    }

    public List<InterestGrouping> interests() {
        return interests;
    }

    public String reason() {
        return reason;
    }

    public String campaignId() {
        return campaignId;
    }

    public Clock statusClock() {
        return statusClock;
    }

    public Clock profileClock() {
        return profileClock;
    }

    /** When the latest fact this state holds happened: the later of the two clocks. */
    public Instant stateAt() {
        return statusClock.at().isAfter(profileClock.at()) ? statusClock.at() : profileClock.at();
    }

    @Override
    public String toString() {
        return "Member[" + subscriberHash + ", " + status + "]";
    }
}
