package com.crm.integrations.common.events.payload;

import java.time.Instant;

/**
 * {@code crm.integrations.subscriber.changed.v1}, on {@code integrations.mailchimp-events}: a member of a Mailchimp
 * audience subscribed, unsubscribed, changed profile or address, or was cleaned. Webhooks arrive unordered and
 * at least once, so a consumer keeps the latest {@code occurredAt} per member and ignores older ones.
 *
 * <p>Superseded by {@code subscriber.changed.v2} ({@link SubscriberChangedV2}) for new publishers: mailchimp-service
 * publishes v2 only, so no one publishes this version. It stays in the catalog until it is removed, and takes only the
 * values it was catalogued with: not the change {@link SubscriberChange#SYNCED synced} nor the source
 * {@link SubscriberSource#COMMAND command}, which v2 brought.
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
 * @deprecated publish and read {@link SubscriberChangedV2}
 */
@Deprecated
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
        if (Checks.required(change, "change") == SubscriberChange.SYNCED) {
            throw new IllegalArgumentException("change synced is new in subscriber.changed.v2: v1 does not carry it");
        }
        Checks.required(status, "status");
        Checks.optionalText(reason, "reason");
        Checks.optionalText(campaignId, "campaignId");
        Checks.subscriberHash(previousSubscriberHash, "previousSubscriberHash");
        if (Checks.required(source, "source") == SubscriberSource.COMMAND) {
            throw new IllegalArgumentException("source command is new in subscriber.changed.v2: v1 does not carry it");
        }
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
