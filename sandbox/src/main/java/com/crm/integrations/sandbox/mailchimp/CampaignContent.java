package com.crm.integrations.sandbox.mailchimp;

/**
 * A campaign's content as {@code PUT /campaigns/{id}/content} left it: its HTML and plain text, and the template it was
 * made from ({@code null}: none, the HTML was given).
 */
public record CampaignContent(String html, String plainText, Long templateId) {
}
