package com.crm.integrations.sandbox.mailchimp.service;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.crm.integrations.sandbox.mailchimp.Audience;
import com.crm.integrations.sandbox.mailchimp.EventType;
import com.crm.integrations.sandbox.mailchimp.Interest;
import com.crm.integrations.sandbox.mailchimp.InterestCategory;
import com.crm.integrations.sandbox.mailchimp.Member;
import com.crm.integrations.sandbox.mailchimp.MemberStatus;
import com.crm.integrations.sandbox.mailchimp.Source;
import com.crm.integrations.sandbox.mailchimp.Webhook;

/** The Marketing API's JSON of an audience, a member and a webhook, in Mailchimp's field order (PROVIDERS.md §5.3, §6.1). Taken under the audience's lock. */
public final class MarketingJson {

    /** {@code 2026-12-01T10:15:30+00:00}. */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);

    private MarketingJson() {
    }

    /** Mailchimp's timestamp, {@code ""} for none. */
    public static String timestamp(Instant at) {
        return at == null ? "" : TIMESTAMP.format(at);
    }

    public static Map<String, Object> audience(Audience audience) {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("member_count", audience.count(MemberStatus.SUBSCRIBED));
        stats.put("unsubscribe_count", audience.count(MemberStatus.UNSUBSCRIBED));
        stats.put("cleaned_count", audience.count(MemberStatus.CLEANED));
        stats.put("member_count_since_send", 0);
        stats.put("unsubscribe_count_since_send", 0);
        stats.put("cleaned_count_since_send", 0);
        stats.put("campaign_count", audience.campaigns().size());
        stats.put("merge_field_count", audience.mergeTags().size());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", audience.id());
        body.put("web_id", audience.webId());
        body.put("name", audience.name());
        body.put("permission_reminder", "You signed up on our website.");
        body.put("use_archive_bar", true);
        body.put("notify_on_subscribe", "");
        body.put("notify_on_unsubscribe", "");
        body.put("date_created", timestamp(audience.createdAt()));
        body.put("list_rating", 0);
        body.put("email_type_option", false);
        body.put("visibility", "pub");
        body.put("double_optin", false);
        body.put("has_welcome", false);
        body.put("stats", stats);
        body.put("_links", List.of());
        return body;
    }

    public static Map<String, Object> member(Audience audience, Member member) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", member.hash());
        body.put("email_address", member.email());
        body.put("unique_email_id", member.uniqueEmailId());
        body.put("contact_id", member.contactId());
        body.put("full_name", fullName(member));
        body.put("web_id", member.webId());
        body.put("email_type", member.emailType());
        body.put("status", member.status().wireName());
        if (member.unsubscribeReason() != null) {
            body.put("unsubscribe_reason", member.unsubscribeReason());
        }
        body.put("merge_fields", mergeFields(audience, member));
        body.put("interests", interests(audience, member));
        body.put("stats", Map.of("avg_open_rate", 0, "avg_click_rate", 0));
        body.put("ip_signup", member.ipSignup());
        body.put("timestamp_signup", timestamp(member.timestampSignup()));
        body.put("ip_opt", member.ipOpt());
        body.put("timestamp_opt", timestamp(member.timestampOpt()));
        body.put("member_rating", 2);
        body.put("last_changed", timestamp(member.lastChanged()));
        body.put("language", member.language());
        body.put("vip", member.vip());
        body.put("email_client", "");
        body.put("location", location());
        body.put("source", member.source() == null ? "" : member.source());
        body.put("tags_count", member.tags().size());
        body.put("tags", member.tags().stream().map(tag -> Map.of("id", audience.tagId(tag), "name", tag)).toList());
        body.put("list_id", audience.id());
        body.put("_links", List.of());
        return body;
    }

    /**
     * {@code {"id","url","events","sources","list_id","_links"}}, and {@code "enabled": false} once a 410 disabled it: a
     * sandbox addition, since how real Mailchimp shows a disabled webhook is not documented (§6.4 only says it stops).
     */
    public static Map<String, Object> webhook(Webhook webhook) {
        Map<String, Object> events = new LinkedHashMap<>();
        for (EventType type : EventType.values()) {
            events.put(type.wireName(), webhook.events().contains(type));
        }
        Map<String, Object> sources = new LinkedHashMap<>();
        for (Source source : Source.values()) {
            sources.put(source.wireName(), webhook.sources().contains(source));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", webhook.id());
        body.put("url", webhook.url());
        body.put("events", events);
        body.put("sources", sources);
        body.put("list_id", webhook.listId());
        if (!webhook.enabled()) {
            body.put("enabled", false);
        }
        body.put("_links", List.of());
        return body;
    }

    /** Every merge field of the audience, {@code ""} where the member has none. */
    private static Map<String, Object> mergeFields(Audience audience, Member member) {
        Map<String, Object> fields = new LinkedHashMap<>();
        audience.mergeTagsOf(member).forEach(tag -> fields.put(tag, member.mergeFields().getOrDefault(tag, "")));
        return fields;
    }

    /** Every interest of the audience, {@code true} where the member is in it. */
    private static Map<String, Object> interests(Audience audience, Member member) {
        Map<String, Object> interests = new LinkedHashMap<>();
        for (InterestCategory category : audience.categories()) {
            for (Interest interest : category.interests()) {
                interests.put(interest.id(), member.interests().contains(interest.id()));
            }
        }
        return interests;
    }

    private static String fullName(Member member) {
        Object first = member.mergeFields().getOrDefault("FNAME", "");
        Object last = member.mergeFields().getOrDefault("LNAME", "");
        return (first + " " + last).trim();
    }

    private static Map<String, Object> location() {
        Map<String, Object> location = new LinkedHashMap<>();
        location.put("latitude", 0);
        location.put("longitude", 0);
        location.put("gmtoff", 0);
        location.put("dstoff", 0);
        location.put("country_code", "");
        location.put("timezone", "");
        location.put("region", "");
        return location;
    }
}
