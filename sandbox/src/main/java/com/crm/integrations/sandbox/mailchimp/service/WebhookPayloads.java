package com.crm.integrations.sandbox.mailchimp.service;

import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.crm.integrations.sandbox.mailchimp.Audience;
import com.crm.integrations.sandbox.mailchimp.Campaign;
import com.crm.integrations.sandbox.mailchimp.EventType;
import com.crm.integrations.sandbox.mailchimp.Interest;
import com.crm.integrations.sandbox.mailchimp.InterestCategory;
import com.crm.integrations.sandbox.mailchimp.Member;
import com.crm.integrations.sandbox.mailchimp.MemberChange.UnsubscribeAction;
import com.crm.integrations.sandbox.mailchimp.WebhookEvent;

/**
 * The {@code data[…]} fields of each webhook type, in the order of PROVIDERS.md §6.2's table. Besides the documented ones,
 * as real posts carry them [obs]: {@code data[web_id]} right after a member's {@code data[id]}, every merge field of
 * the audience ({@code ""} where the member has none; an object such as {@code ADDRESS} as {@code [ADDRESS][addr1]}),
 * and after {@code data[merges][INTERESTS]} (group names, comma-separated) one
 * {@code data[merges][GROUPINGS][n][id|unique_id|name|groups]} block per interest category. Taken under the audience's
 * lock.
 */
public final class WebhookPayloads {

    private static final String LIST_ID = "data[list_id]";
    private static final String EMAIL = "data[email]";
    private static final String REASON = "data[reason]";
    private static final String CAMPAIGN_ID = "data[campaign_id]";

    private WebhookPayloads() {
    }

    public static WebhookEvent subscribe(Audience audience, Member member, Instant at) {
        List<Map.Entry<String, String>> data = memberFields(audience, member);
        add(data, "data[ip_opt]", member.ipOpt());
        add(data, "data[ip_signup]", member.ipSignup());
        return new WebhookEvent(EventType.SUBSCRIBE, at, data);
    }

    public static WebhookEvent unsubscribe(Audience audience, Member member, UnsubscribeAction action, String reason, String campaignId,
            Instant at) {
        List<Map.Entry<String, String>> data = new ArrayList<>();
        add(data, "data[action]", action.wireName());
        add(data, REASON, reason);
        data.addAll(memberFields(audience, member));
        add(data, "data[ip_opt]", member.ipOpt());
        add(data, CAMPAIGN_ID, campaignId);
        return new WebhookEvent(EventType.UNSUBSCRIBE, at, data);
    }

    public static WebhookEvent profile(Audience audience, Member member, Instant at) {
        List<Map.Entry<String, String>> data = memberFields(audience, member);
        add(data, "data[ip_opt]", member.ipOpt());
        return new WebhookEvent(EventType.PROFILE, at, data);
    }

    /** @param newId the member's new 10-character id */
    public static WebhookEvent upemail(Audience audience, String newId, String newEmail, String oldEmail, Instant at) {
        List<Map.Entry<String, String>> data = new ArrayList<>();
        add(data, LIST_ID, audience.id());
        add(data, "data[new_id]", newId);
        add(data, "data[new_email]", newEmail);
        add(data, "data[old_email]", oldEmail);
        return new WebhookEvent(EventType.UPEMAIL, at, data);
    }

    public static WebhookEvent cleaned(Audience audience, String email, String reason, String campaignId, Instant at) {
        List<Map.Entry<String, String>> data = new ArrayList<>();
        add(data, LIST_ID, audience.id());
        add(data, CAMPAIGN_ID, campaignId);
        add(data, REASON, reason);
        add(data, EMAIL, email);
        return new WebhookEvent(EventType.CLEANED, at, data);
    }

    /** {@code data[reason]} is empty, as in Mailchimp's sample. */
    public static WebhookEvent campaign(Campaign campaign, Instant at) {
        List<Map.Entry<String, String>> data = new ArrayList<>();
        add(data, "data[id]", campaign.id());
        add(data, "data[subject]", campaign.settings().subjectLine());
        add(data, "data[status]", campaign.status().wireName());
        add(data, REASON, "");
        add(data, LIST_ID, campaign.listId());
        return new WebhookEvent(EventType.CAMPAIGN, at, data);
    }

    /** {@code id}, {@code web_id}, {@code list_id}, {@code email}, {@code email_type}, {@code merges}. */
    private static List<Map.Entry<String, String>> memberFields(Audience audience, Member member) {
        List<Map.Entry<String, String>> data = new ArrayList<>();
        add(data, "data[id]", member.uniqueEmailId());
        add(data, "data[web_id]", Long.toString(member.webId()));
        add(data, LIST_ID, audience.id());
        add(data, EMAIL, member.email());
        add(data, "data[email_type]", member.emailType());
        add(data, "data[merges][EMAIL]", member.email());
        for (String tag : audience.mergeTagsOf(member)) {
            addValue(data, "data[merges][" + tag + "]", member.mergeFields().get(tag));
        }
        add(data, "data[merges][INTERESTS]", audience.categories().stream().map(category -> groups(category, member))
                .filter(groups -> !groups.isEmpty()).collect(Collectors.joining(",")));
        for (int n = 0; n < audience.categories().size(); n++) {
            InterestCategory category = audience.categories().get(n);
            String grouping = "data[merges][GROUPINGS][" + n + "]";
            add(data, grouping + "[id]", Integer.toString(category.groupingId()));
            add(data, grouping + "[unique_id]", category.id());
            add(data, grouping + "[name]", category.title());
            add(data, grouping + "[groups]", groups(category, member));
        }
        return data;
    }

    /** The names of the category's groups the member is in, comma-separated. */
    private static String groups(InterestCategory category, Member member) {
        return category.interests().stream().filter(interest -> member.interests().contains(interest.id())).map(Interest::name)
                .collect(Collectors.joining(","));
    }

    /** A merge field's value; an object ({@code ADDRESS}) as one bracketed key per member. */
    private static void addValue(List<Map.Entry<String, String>> data, String key, Object value) {
        if (value instanceof Map<?, ?> parts) {
            parts.forEach((part, partValue) -> addValue(data, key + "[" + part + "]", partValue));
        } else {
            add(data, key, value == null ? "" : value.toString());
        }
    }

    private static void add(List<Map.Entry<String, String>> data, String key, String value) {
        data.add(new AbstractMap.SimpleImmutableEntry<>(key, value == null ? "" : value));
    }
}
