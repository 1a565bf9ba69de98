package com.crm.integrations.common.events.payload;

/**
 * A campaign's settings as Mailchimp names them ({@code settings} of {@code POST /campaigns}).
 *
 * @param subjectLine the subject line
 * @param fromName    the sender's name
 * @param replyTo     the reply-to address (on a domain the Mailchimp account verified, or sending is refused)
 * @param title       the campaign's internal name in Mailchimp; null: the subject line
 * @param previewText the preview text; null: none
 */
public record CampaignSettings(String subjectLine, String fromName, String replyTo, String title, String previewText) {

    public CampaignSettings {
        Checks.text(subjectLine, "subjectLine", 150);
        Checks.text(fromName, "fromName", 100);
        Checks.text(replyTo, "replyTo", MemberInput.EMAIL_MAX_LENGTH);
        Checks.optionalText(title, "title");
        Checks.optionalText(previewText, "previewText");
    }
}
