package com.crm.integrations.sandbox.mailchimp.service;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.crm.integrations.sandbox.mailchimp.CampaignContent;
import com.crm.integrations.sandbox.mailchimp.CampaignSettings;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The campaign bodies of the API (PROVIDERS.md §5.3): {@code POST /campaigns}, the {@code settings} of a {@code PATCH},
 * {@code PUT …/content} and the schedule action's. Types are checked here (400 {@code Invalid Resource} naming the
 * field); unknown fields are ignored.
 */
final class CampaignInputs {

    /** The types the stand-in sends; Mailchimp's {@code absplit}, {@code rss} and {@code variate} need more than it models. */
    private static final Set<String> TYPES = Set.of("regular", "plaintext");

    /** {@code POST /campaigns}: the type, the audience, its segment options as sent, the settings. */
    record Creation(String type, String listId, Map<String, Object> segmentOpts, CampaignSettings settings) {
    }

    private CampaignInputs() {
    }

    static Creation creation(JsonNode body) {
        String type = JsonBodies.text(body, "type", "type");
        if (type == null || !TYPES.contains(type)) {
            throw MailchimpErrors.invalidField("type", "Value must be one of: " + TYPES.stream().sorted().collect(Collectors.joining(", ")));
        }
        JsonNode recipients = body.path("recipients");
        if (!recipients.isObject()) {
            throw MailchimpErrors.invalidField("recipients.list_id", "This value should not be blank.");
        }
        String listId = JsonBodies.text(recipients, "list_id", "recipients.list_id");
        if (listId == null || listId.isBlank()) {
            throw MailchimpErrors.invalidField("recipients.list_id", "This value should not be blank.");
        }
        Map<String, Object> segmentOpts = JsonBodies.map(recipients, "segment_opts", "recipients.segment_opts");
        return new Creation(type, listId, segmentOpts == null ? Map.of() : segmentOpts, settings(body, new CampaignSettings(null, null, null, null, null)));
    }

    /** The body's {@code settings} over {@code current}: each field sent replaces the one there. */
    static CampaignSettings settings(JsonNode body, CampaignSettings current) {
        JsonNode settings = body.get("settings");
        if (settings == null || settings.isNull()) {
            return current;
        }
        if (!settings.isObject()) {
            throw MailchimpErrors.invalidField("settings", "This value should be of type object.");
        }
        return new CampaignSettings(or(JsonBodies.text(settings, "subject_line", "settings.subject_line"), current.subjectLine()),
                or(JsonBodies.text(settings, "preview_text", "settings.preview_text"), current.previewText()),
                or(JsonBodies.text(settings, "title", "settings.title"), current.title()),
                or(JsonBodies.text(settings, "from_name", "settings.from_name"), current.fromName()),
                or(JsonBodies.text(settings, "reply_to", "settings.reply_to"), current.replyTo()));
    }

    /**
     * {@code {"html"}}, {@code {"plain_text"}} (either or both) or {@code {"template":{"id","sections"}}}. A template is
     * rendered by the stand-in as a plain page of its sections ({@code <div mc:edit="…">}); HTML without plain text gets
     * the HTML's text, as Mailchimp makes one.
     */
    static CampaignContent content(JsonNode body) {
        String html = JsonBodies.text(body, "html", "html");
        String plainText = JsonBodies.text(body, "plain_text", "plain_text");
        JsonNode template = body.get("template");
        if (template != null && !template.isNull()) {
            if (!template.isObject() || !template.path("id").canConvertToExactIntegral()) {
                throw MailchimpErrors.invalidField("template.id", "This value should be of type integer.");
            }
            Map<String, Object> sections = JsonBodies.map(template, "sections", "template.sections");
            StringBuilder page = new StringBuilder("<!DOCTYPE html><html><body>");
            (sections == null ? Map.<String, Object>of() : sections).forEach((name, value) -> page.append("<div mc:edit=\"").append(name)
                    .append("\">").append(value).append("</div>"));
            html = page.append("</body></html>").toString();
            return new CampaignContent(html, plainText == null ? textOf(html) : plainText, template.path("id").longValue());
        }
        if (html == null && plainText == null) {
            throw MailchimpErrors.invalidField("html", "Provide html, plain_text or template.");
        }
        return new CampaignContent(html, plainText == null && html != null ? textOf(html) : plainText, null);
    }

    /** The schedule action's {@code schedule_time}: ISO 8601 with an offset. */
    static Instant scheduleTime(JsonNode body) {
        Instant at = JsonBodies.instant(body, "schedule_time", "schedule_time");
        if (at == null) {
            throw MailchimpErrors.invalidField("schedule_time", "This value should not be blank.");
        }
        JsonBodies.bool(body, "timewarp", "timewarp");
        return at;
    }

    private static String textOf(String html) {
        return html.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").trim();
    }

    private static String or(String given, String current) {
        return given == null ? current : given;
    }
}
