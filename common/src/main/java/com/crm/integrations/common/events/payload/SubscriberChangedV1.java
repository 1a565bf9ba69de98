package com.crm.integrations.common.events.payload;

import java.time.Instant;

/**
 * {@code crm.integrations.subscriber.changed.v1}, on {@code integrations.mailchimp-events}: a member of a Mailchimp
 * audience subscribed, unsubscribed, changed profile or address, or was cleaned. Webhooks arrive unordered and
 * at least once, so a consumer keeps the latest {@code occurredAt} per member and ignores older ones.
 *
 * <p><b>Personal data:</b> {@code email} is the member's e-mail address. Consumers store it only where they
 * may, and never log it; {@code subscriberHash} identifies the member without it.
 *
 * @param audienceId             the Mailchimp audience (list) id, e.g. {@code a6b5da1054}
 * @param subscriberHash         the member's id in Mailchimp's API: lower-case hex MD5 of the lower-cased, trimmed
 *                               e-mail address (after {@code upemail}: of the new address)
 * @param email                  the member's e-mail address (after {@code upemail}: the new one); personal data;
 *                               {@code null} when the source did not carry it
 * @param change                 what happened
 * @param status                 the member's status after the change
 * @param reason                 Mailchimp's reason, verbatim: {@code manual} or {@code abuse} (spam complaint) for
 *                               an {@code unsubscribe}, {@code hard} (bounce) or {@code abuse} for {@code cleaned};
 *                               {@code null} for other changes or when none was given
 * @param campaignId             the campaign whose link or send caused an {@code unsubscribe} or {@code cleaned};
 *                               {@code null} otherwise or when unknown
 * @param previousSubscriberHash for {@code upemail}: the subscriber hash of the old address; {@code null} otherwise
 * @param source                 how mailchimp-service learnt of the change
 * @param occurredAt             when it happened (the webhook's {@code fired_at}, read as UTC; for a sync the
 *                               member's {@code last_changed})
 */
public record SubscriberChangedV1(
        String audienceId,
        String subscriberHash,
        String email,
        SubscriberChange change,
        SubscriberStatus status,
        String reason,
        String campaignId,
        String previousSubscriberHash,
        SubscriberSource source,
        Instant occurredAt) {

    public SubscriberChangedV1 {
        Checks.text(audienceId, "audienceId");
        Checks.subscriberHash(Checks.required(subscriberHash, "subscriberHash"), "subscriberHash");
        Checks.optionalText(email, "email");
        Checks.required(change, "change");
        Checks.required(status, "status");
        Checks.optionalText(reason, "reason");
        Checks.optionalText(campaignId, "campaignId");
        Checks.subscriberHash(previousSubscriberHash, "previousSubscriberHash");
        Checks.required(source, "source");
        Checks.required(occurredAt, "occurredAt");
    }

    /** Hides the e-mail address, so that logging the payload does not log personal data. */
    @Override
    public String toString() {
        return "SubscriberChangedV1[audienceId=" + audienceId + ", subscriberHash=" + subscriberHash
                + ", email=" + (email == null ? null : "***") + ", change=" + change + ", status=" + status
                + ", reason=" + reason + ", campaignId=" + campaignId + ", previousSubscriberHash="
                + previousSubscriberHash + ", source=" + source + ", occurredAt=" + occurredAt + "]";
    }
}
