package com.crm.integrations.common.events.payload;

import java.time.Instant;

/**
 * {@code crm.integrations.mailchimp.campaign-command.v1}, on {@code mailchimp.commands}: a CRM service asks
 * mailchimp-service to create, fill, send or schedule a Mailchimp campaign. A {@code create} may carry the content and
 * {@code send} or {@code scheduleAt}: one command then does all of it, each step once however often the command is
 * retried. Answered with {@code campaign.changed.v1} per step and {@code mailchimp.command-completed.v1} (with the
 * campaign's id), or {@code mailchimp.command-failed.v1} (a send Mailchimp refuses carries its checklist's reasons).
 *
 * @param action     what to do
 * @param campaignId every action but create: the campaign, one mailchimp-service created for this tenant
 * @param audienceId create: the linked audience it goes to; null: the tenant's default audience
 * @param settings   create: subject, sender, reply-to
 * @param content    set_content (required) or create (optional)
 * @param send       create only: true sends it once created and filled
 * @param scheduleAt schedule (required) or create (optional, not with send): when Mailchimp sends it, on a quarter hour
 */
public record MailchimpCampaignCommandV1(
        CampaignCommandAction action,
        String campaignId,
        String audienceId,
        CampaignSettings settings,
        CampaignContent content,
        Boolean send,
        Instant scheduleAt) {

    public MailchimpCampaignCommandV1 {
        Checks.required(action, "action");
        Checks.optionalText(audienceId, "audienceId");
        if (action == CampaignCommandAction.CREATE) {
            Checks.required(settings, "settings (of a create)");
            if (campaignId != null) {
                throw new IllegalArgumentException("a create names no campaignId");
            }
            if (Boolean.TRUE.equals(send) && scheduleAt != null) {
                throw new IllegalArgumentException("send and scheduleAt exclude each other");
            }
        } else {
            Checks.text(campaignId, "campaignId");
            if (send != null) {
                throw new IllegalArgumentException("send is for a create only");
            }
        }
        if (action == CampaignCommandAction.SET_CONTENT) {
            Checks.required(content, "content (of a set_content)");
        }
        if (action == CampaignCommandAction.SCHEDULE) {
            Checks.required(scheduleAt, "scheduleAt (of a schedule)");
        }
    }

    /** Whether the command sends the campaign now, as its own action or at the end of a create. */
    public boolean sends() {
        return action == CampaignCommandAction.SEND || (action == CampaignCommandAction.CREATE && Boolean.TRUE.equals(send));
    }
}
