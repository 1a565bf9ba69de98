package com.crm.integrations.common.events.payload;

/**
 * A campaign's content: HTML, or plain text, exactly one.
 *
 * @param html      the HTML body
 * @param plainText the plain-text body
 */
public record CampaignContent(String html, String plainText) {

    public CampaignContent {
        Checks.optionalText(html, "html");
        Checks.optionalText(plainText, "plainText");
        if ((html == null) == (plainText == null)) {
            throw new IllegalArgumentException("content needs exactly one of html and plainText");
        }
    }
}
