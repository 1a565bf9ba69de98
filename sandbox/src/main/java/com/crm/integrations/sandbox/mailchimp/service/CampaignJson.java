package com.crm.integrations.sandbox.mailchimp.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.crm.integrations.sandbox.mailchimp.Audience;
import com.crm.integrations.sandbox.mailchimp.Campaign;
import com.crm.integrations.sandbox.mailchimp.CampaignContent;
import com.crm.integrations.sandbox.mailchimp.CampaignSettings;
import com.crm.integrations.sandbox.mailchimp.MemberStatus;

/** The API's JSON of a campaign, its content and its send checklist, in Mailchimp's field order (PROVIDERS.md §5.3). Taken under the audience's lock. */
final class CampaignJson {

    private CampaignJson() {
    }

    static Map<String, Object> campaign(Audience audience, Campaign campaign) {
        Map<String, Object> recipients = new LinkedHashMap<>();
        recipients.put("list_id", campaign.listId());
        recipients.put("list_is_active", true);
        recipients.put("list_name", audience.name());
        recipients.put("segment_text", "");
        recipients.put("recipient_count", audience.count(MemberStatus.SUBSCRIBED));
        if (!campaign.segmentOpts().isEmpty()) {
            recipients.put("segment_opts", campaign.segmentOpts());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", campaign.id());
        body.put("web_id", campaign.webId());
        body.put("parent_campaign_id", "");
        body.put("type", campaign.type());
        body.put("create_time", MarketingJson.timestamp(campaign.createTime()));
        body.put("archive_url", "http://eepurl.com/sandbox-" + campaign.id());
        body.put("long_archive_url", "https://us1.campaign-archive.com/?u=sandbox&id=" + campaign.id());
        body.put("status", campaign.status().wireName());
        body.put("emails_sent", campaign.emailsSent());
        body.put("send_time", MarketingJson.timestamp(campaign.sendTime()));
        body.put("content_type", campaign.content() != null && campaign.content().templateId() != null ? "template" : "html");
        body.put("needs_block_refresh", false);
        body.put("resendable", false);
        body.put("recipients", recipients);
        body.put("settings", settings(campaign));
        body.put("tracking", Map.of("opens", true, "html_clicks", true, "text_clicks", false, "goal_tracking", false, "ecomm360", false));
        body.put("delivery_status", Map.of("enabled", false));
        body.put("_links", List.of());
        return body;
    }

    /** {@code {"plain_text","html","archive_html","_links"}}; {@code ""} for what is not set. */
    static Map<String, Object> content(Campaign campaign) {
        CampaignContent content = campaign.content();
        String html = content == null || content.html() == null ? "" : content.html();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("plain_text", content == null || content.plainText() == null ? "" : content.plainText());
        body.put("html", html);
        body.put("archive_html", html);
        body.put("_links", List.of());
        return body;
    }

    static Map<String, Object> checklist(List<SendChecklist.Item> items) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("is_ready", SendChecklist.ready(items));
        body.put("items", items.stream().map(item -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("type", item.type());
            entry.put("id", item.id());
            entry.put("heading", item.heading());
            entry.put("details", item.details());
            return entry;
        }).toList());
        body.put("_links", List.of());
        return body;
    }

    private static Map<String, Object> settings(Campaign campaign) {
        CampaignSettings settings = campaign.settings();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject_line", settings.subjectLine());
        body.put("preview_text", settings.previewText());
        body.put("title", settings.title());
        body.put("from_name", settings.fromName());
        body.put("reply_to", settings.replyTo());
        body.put("use_conversation", false);
        body.put("to_name", "");
        body.put("folder_id", "");
        body.put("authenticate", true);
        body.put("auto_footer", false);
        body.put("inline_css", false);
        body.put("auto_tweet", false);
        body.put("fb_comments", true);
        body.put("timewarp", false);
        body.put("template_id", campaign.content() != null && campaign.content().templateId() != null ? campaign.content().templateId() : 0);
        body.put("drag_and_drop", false);
        return body;
    }
}
