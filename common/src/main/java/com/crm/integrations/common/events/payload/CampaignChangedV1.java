package com.crm.integrations.common.events.payload;

import java.time.Instant;

/**
 * {@code crm.integrations.campaign.changed.v1}, on {@code integrations.mailchimp-events}: a Mailchimp campaign was
 * created, changed or sent for the CRM, or Mailchimp reported it sent or cancelled (the audience webhook of type
 * {@code campaign}).
 *
 * @param campaignId the Mailchimp campaign id
 * @param audienceId the audience (list) it goes to; {@code null} when it has no recipients yet
 * @param subject    its subject line; {@code null} when not set yet or not known
 * @param status     its Mailchimp status after the change
 * @param change     what happened
 * @param occurredAt when it happened (for a webhook its {@code fired_at}, read as UTC)
 */
public record CampaignChangedV1(
        String campaignId,
        String audienceId,
        String subject,
        CampaignStatus status,
        CampaignChange change,
        Instant occurredAt) {

    public CampaignChangedV1 {
        Checks.text(campaignId, "campaignId");
        Checks.optionalText(audienceId, "audienceId");
        Checks.required(status, "status");
        Checks.required(change, "change");
        Checks.required(occurredAt, "occurredAt");
    }
}
