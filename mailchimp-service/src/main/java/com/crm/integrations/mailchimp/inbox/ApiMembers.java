package com.crm.integrations.mailchimp.inbox;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.crm.integrations.common.events.payload.SubscriberChange;
import com.crm.integrations.common.events.payload.SubscriberChangedV2;
import com.crm.integrations.common.events.payload.SubscriberSource;
import com.crm.integrations.common.events.payload.SubscriberStatus;
import com.crm.integrations.common.events.payload.WireNamed;

import io.vertx.core.json.JsonObject;

/**
 * A member as Mailchimp's API returns it (a page of the import or of a reconciliation, the answer to our own write),
 * applied to what the projection holds with the webhooks' clock rule: the read is a fact of its {@code last_changed}
 * (receipt order 0), so a webhook applied meanwhile is never overwritten by an older read.
 */
public final class ApiMembers {

    private ApiMembers() {
    }

    /** The member as it now stands, and its {@code subscriber.changed.v2}. */
    public record Merged(Member member, SubscriberChangedV2 event) {
    }

    /**
     * The read applied to {@code held} (null: a member the projection lacks); empty when the projection holds it already
     * (or something newer). A read ({@link SubscriberSource#SYNC}) is published as {@code synced}; our own write
     * ({@link SubscriberSource#COMMAND}) as what it did: a status it moved to, else a profile change.
     */
    public static Optional<Merged> merge(String audienceId, String hash, JsonObject read, Member held, Map<String, String> mapping,
            SubscriberSource source) {
        SubscriberStatus status;
        try {
            status = WireNamed.fromWireName(SubscriberStatus.class, read.getString("status"));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty(); // a status Mailchimp added since: left to a later reconciliation
        }
        Member.Clock fact = new Member.Clock(instant(read.getString("last_changed")), 0);
        Map<String, Object> fields = ProfileFields.mergeFields(mergeFields(read.getJsonObject("merge_fields", new JsonObject())));
        String email = read.getString("email_address");
        Member member;
        SubscriberStatus previous = held == null ? null : held.status();
        if (held == null) {
            member = new Member(hash, email, status, read.getString("unique_email_id"), read.getString("email_type"), fields,
                    List.of(), null, null, fact, fact);
        } else {
            // Our own write's answer is the newest fact of its second: Mailchimp's last_changed has whole seconds, and two
            // commands' writes within one must not leave the first's state standing.
            boolean tiesWin = source == SubscriberSource.COMMAND;
            boolean statusNewer = tiesWin ? !held.statusClock().isAfter(fact) : fact.isAfter(held.statusClock());
            boolean profileNewer = tiesWin ? !held.profileClock().isAfter(fact) : fact.isAfter(held.profileClock());
            boolean sameStatus = held.status() == status;
            boolean sameFields = held.mergeFields().equals(fields);
            if ((!statusNewer || sameStatus) && (!profileNewer || sameFields)) {
                return Optional.empty();
            }
            member = new Member(hash, held.email(), statusNewer ? status : held.status(),
                    held.memberId() == null ? read.getString("unique_email_id") : held.memberId(),
                    held.emailType() == null ? read.getString("email_type") : held.emailType(), profileNewer ? fields : held.mergeFields(),
                    held.interests(), statusNewer ? null : held.reason(), statusNewer ? null : held.campaignId(),
                    statusNewer ? fact : held.statusClock(), profileNewer ? fact : held.profileClock());
        }
        SubscriberChange change = source == SubscriberSource.SYNC ? SubscriberChange.SYNCED : changeOf(previous, member.status());
        SubscriberChangedV2 event = new SubscriberChangedV2(audienceId, hash, member.email(), change, member.status(), previous, null,
                null, null, null, member.mergeFields(), ProfileFields.crmFields(member.mergeFields(), mapping), member.interests(),
                source, member.stateAt(), null);
        return Optional.of(new Merged(member, event));
    }

    /** What our write did, in the webhook's terms. */
    static SubscriberChange changeOf(SubscriberStatus previous, SubscriberStatus now) {
        if (previous == now) {
            return SubscriberChange.PROFILE;
        }
        switch (now) {
            case SUBSCRIBED:
            case PENDING:
                return SubscriberChange.SUBSCRIBE;
            case UNSUBSCRIBED:
            case ARCHIVED:
                return SubscriberChange.UNSUBSCRIBE;
            case CLEANED:
                return SubscriberChange.CLEANED;
            default:
                return SubscriberChange.PROFILE;
        }
    }

    /** Merge fields as the API gives them: text and numbers as text, an address as its parts. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> mergeFields(JsonObject read) {
        Map<String, Object> merges = new LinkedHashMap<>();
        read.getMap().forEach((tag, value) -> {
            if (value instanceof String || value instanceof Number) {
                merges.put(tag, value.toString());
            } else if (value instanceof Map<?, ?> parts) {
                Map<String, Object> address = new LinkedHashMap<>();
                ((Map<String, Object>) parts).forEach((part, text) -> address.put(part, text == null ? "" : text.toString()));
                merges.put(tag, address);
            } else if (value instanceof JsonObject parts) {
                Map<String, Object> address = new LinkedHashMap<>();
                parts.forEach(part -> address.put(part.getKey(), part.getValue() == null ? "" : part.getValue().toString()));
                merges.put(tag, address);
            }
        });
        return merges;
    }

    private static Instant instant(String text) {
        if (text == null) {
            return Instant.EPOCH;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException unreadable) {
            return Instant.EPOCH;
        }
    }
}
