package com.crm.integrations.sandbox.mailchimp;

/** What a campaign's {@code settings} say (PROVIDERS.md §5.3); each {@code ""} when not set. */
public record CampaignSettings(String subjectLine, String previewText, String title, String fromName, String replyTo) {

    public CampaignSettings {
        subjectLine = subjectLine == null ? "" : subjectLine;
        previewText = previewText == null ? "" : previewText;
        title = title == null ? "" : title;
        fromName = fromName == null ? "" : fromName;
        replyTo = replyTo == null ? "" : replyTo;
    }

    /** Only the subject line: a campaign the control API reported. */
    public static CampaignSettings subject(String subjectLine) {
        return new CampaignSettings(subjectLine, null, null, null, null);
    }
}
