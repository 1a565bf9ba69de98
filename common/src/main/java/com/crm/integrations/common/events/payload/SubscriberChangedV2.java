package com.crm.integrations.common.events.payload;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code crm.integrations.subscriber.changed.v2}, on {@code integrations.mailchimp-events}: a member of a Mailchimp
 * audience linked to the tenant changed, or was read from Mailchimp's API. What {@link SubscriberChangedV1} says, plus
 * the member's status before the change, the old address of an {@code upemail}, the member's merge fields (as Mailchimp
 * gives them and under the tenant's CRM field names), interests, when a webhook was received, the change
 * {@link SubscriberChange#SYNCED synced} and the source {@link SubscriberSource#COMMAND command}. mailchimp-service
 * publishes this version only. Each event carries the member's whole state after the change, and {@code occurredAt} is
 * the time of the latest fact that state holds: per member it never goes backwards. Webhooks arrive unordered and at
 * least once, so a consumer keeps, per member, the event with the latest {@code occurredAt}, and of equal ones the later
 * on the topic (a tenant's events are in commit order).
 *
 * <p>The record checks, as the catalog does: {@code synced} comes exactly from source {@code sync} (a read of the
 * member, never a webhook or our own write); {@code receivedAt} is given exactly for source {@code webhook};
 * {@code previousSubscriberHash} and {@code previousEmail} only for {@code upemail}.
 *
 * <p><b>Personal data:</b> {@code email}, {@code previousEmail}, and the values of {@code mergeFields} and
 * {@code crmFields} (names, phone numbers, addresses, …). Consumers store them only where they may, and never log them;
 * {@code subscriberHash} identifies the member without them. {@link #toString()} hides them.
 *
 * @param audienceId             the Mailchimp audience (list) id, e.g. {@code a6b5da1054}
 * @param subscriberHash         the member's id in Mailchimp's API: lower-case hex MD5 of the lower-cased e-mail address
 *                               (after {@code upemail}: of the new address)
 * @param email                  the member's e-mail address (after {@code upemail}: the new one); personal data;
 *                               {@code null} only when mailchimp-service does not know it
 * @param change                 what happened: the type of Mailchimp's audience webhook, or {@code synced}
 * @param status                 the member's status after the change, from mailchimp-service's projection of the
 *                               audience (a {@code profile} or {@code upemail} post carries none of its own)
 * @param previousStatus         the member's status before the change; {@code null} when the member was new to
 *                               mailchimp-service
 * @param reason                 Mailchimp's reason, verbatim: {@code manual} or {@code abuse} (spam complaint) for an
 *                               {@code unsubscribe}, {@code hard} (bounce) or {@code abuse} for {@code cleaned};
 *                               {@code null} for other changes or when none was given
 * @param campaignId             the campaign whose link or send caused an {@code unsubscribe} or {@code cleaned};
 *                               {@code null} otherwise or when unknown
 * @param previousSubscriberHash for {@code upemail}: the subscriber hash of the old address; {@code null} otherwise or
 *                               when unknown
 * @param previousEmail          for {@code upemail}: the old address; personal data; {@code null} otherwise or when
 *                               unknown
 * @param mergeFields            the member's merge fields as Mailchimp gave them, by merge tag ({@code FNAME},
 *                               {@code LNAME}, {@code PHONE}, {@code ADDRESS}, …): each value a string (empty when the
 *                               field is empty), a number, or an address as an object of strings ({@code addr1},
 *                               {@code city}, …; Mailchimp gives an address as one string too); personal data; never
 *                               {@code null}, may be empty
 * @param crmFields              the same values under the CRM field names the tenant's field mapping gives them (only
 *                               the mapped tags), each a string; personal data; never {@code null}, may be empty
 * @param interests              the member's interest categories and the groups of each they are in (Mailchimp's
 *                               {@code GROUPINGS}, or its comma-separated {@code INTERESTS} as one grouping without
 *                               id and name); never {@code null}, may be empty
 * @param source                 how mailchimp-service learnt of the change
 * @param occurredAt             when the latest fact the member's state holds happened: a webhook's {@code fired_at}
 *                               (read as UTC), a {@code sync}'s {@code last_changed}, a {@code command}'s time at
 *                               Mailchimp; for a late post that changed only part of the state, the later part's time
 * @param receivedAt             when mailchimp-service received the webhook: given exactly for source {@code webhook}
 */
public record SubscriberChangedV2(
        String audienceId,
        String subscriberHash,
        String email,
        SubscriberChange change,
        SubscriberStatus status,
        SubscriberStatus previousStatus,
        String reason,
        String campaignId,
        String previousSubscriberHash,
        String previousEmail,
        Map<String, Object> mergeFields,
        Map<String, String> crmFields,
        List<InterestGrouping> interests,
        SubscriberSource source,
        Instant occurredAt,
        Instant receivedAt) {


    public SubscriberChangedV2 {
        Checks.text(audienceId, "audienceId");
        Checks.subscriberHash(Checks.required(subscriberHash, "subscriberHash"), "subscriberHash");
        Checks.optionalText(email, "email");
        Checks.required(change, "change");
        Checks.required(status, "status");
        Checks.optionalText(reason, "reason");
        Checks.optionalText(campaignId, "campaignId");
        Checks.subscriberHash(previousSubscriberHash, "previousSubscriberHash");
        Checks.optionalText(previousEmail, "previousEmail");
        if (change != SubscriberChange.UPEMAIL && (previousSubscriberHash != null || previousEmail != null)) {
            throw new IllegalArgumentException("previousSubscriberHash and previousEmail are given only for upemail, not "
                    + change.wireName());
        }
        mergeFields = mergeFields(mergeFields);
        crmFields = crmFields(crmFields);
        interests = List.copyOf(Checks.required(interests, "interests")); // refuses null elements
        Checks.required(source, "source");
        if ((change == SubscriberChange.SYNCED) != (source == SubscriberSource.SYNC)) {
            throw new IllegalArgumentException("A synced change is the member as read from Mailchimp, so it comes from"
                    + " source sync and a sync reports synced: change " + change.wireName() + ", source " + source.wireName());
        }
        Checks.required(occurredAt, "occurredAt");
        if ((receivedAt != null) != (source == SubscriberSource.WEBHOOK)) {
            throw new IllegalArgumentException("receivedAt is given exactly for source webhook, source was "
                    + source.wireName() + " and receivedAt " + (receivedAt == null ? "null" : "given"));
        }
    }

    /** Hides the e-mail addresses and the field values, so that logging the payload does not log personal data. */
    @Override
    public String toString() {
        return "SubscriberChangedV2[audienceId=" + audienceId + ", subscriberHash=" + subscriberHash
                + ", email=" + PersonalData.hidden(email) + ", change=" + change + ", status=" + status + ", previousStatus="
                + previousStatus + ", reason=" + reason + ", campaignId=" + campaignId + ", previousSubscriberHash="
                + previousSubscriberHash + ", previousEmail=" + PersonalData.hidden(previousEmail) + ", mergeFields="
                + PersonalData.hiddenValues(mergeFields) + ", crmFields=" + PersonalData.hiddenValues(crmFields) + ", interests=" + interests
                + ", source=" + source + ", occurredAt=" + occurredAt + ", receivedAt=" + receivedAt + "]";
    }



    /**
     * An immutable copy, in the given order: each tag not blank, each value a string, a number or an address (an
     * object of strings by not-blank names).
     */
    private static Map<String, Object> mergeFields(Map<String, Object> fields) {
        Map<String, Object> copy = new LinkedHashMap<>();
        Checks.required(fields, "mergeFields").forEach((tag, value) -> {
            Checks.text(tag, "mergeFields' tag");
            copy.put(tag, mergeValue(tag, value));
        });
        return Collections.unmodifiableMap(copy);
    }

    private static Object mergeValue(String tag, Object value) {
        String name = "mergeFields." + tag;
        if (value instanceof String) {
            return value;
        }
        if (value instanceof Number number) {
            if (number instanceof Double || number instanceof Float) {
                double asDouble = number.doubleValue();
                if (Double.isNaN(asDouble) || Double.isInfinite(asDouble)) {
                    throw new IllegalArgumentException(name + " must be a finite number");
                }
            }
            return value;
        }
        if (value instanceof Map<?, ?> address) {
            Map<String, String> copy = new LinkedHashMap<>();
            address.forEach((part, partValue) -> {
                if (!(part instanceof String partName) || partName.isBlank()) {
                    throw new IllegalArgumentException(name + " must name each part of the address, not " + part);
                }
                if (!(partValue instanceof String text)) {
                    throw new IllegalArgumentException(name + "." + partName + " must be a string (empty when not given)");
                }
                copy.put(partName, text);
            });
            return Collections.unmodifiableMap(copy);
        }
        throw new IllegalArgumentException(name + " must be a string, a number or an address (an object of strings), not "
                + (value == null ? "null: an empty field is an empty string" : value.getClass().getSimpleName()));
    }

    /** An immutable copy, in the given order: each name not blank, each value a string. */
    private static Map<String, String> crmFields(Map<String, String> fields) {
        Map<String, String> copy = new LinkedHashMap<>();
        Checks.required(fields, "crmFields").forEach((field, value) -> {
            Checks.text(field, "crmFields' name");
            copy.put(field, Checks.required(value, "crmFields." + field + " (an empty field is an empty string)"));
        });
        return Collections.unmodifiableMap(copy);
    }
}
