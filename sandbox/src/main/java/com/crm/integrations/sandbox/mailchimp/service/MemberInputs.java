package com.crm.integrations.sandbox.mailchimp.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.crm.integrations.sandbox.mailchimp.MemberChange.TagChange;
import com.crm.integrations.sandbox.mailchimp.MemberInput;
import com.crm.integrations.sandbox.mailchimp.MemberStatus;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The member fields of the API's writes (PROVIDERS.md §5.3): a {@code PUT …/members/{hash}} body or one entry of a batch
 * subscribe's {@code members}, and the body of {@code POST …/tags}. Types are checked here (400 {@code Invalid Resource}
 * naming the field); what the values mean for the member, in {@code UpsertEdits}. Unknown fields are ignored.
 */
final class MemberInputs {

    private static final String STATUSES = "subscribed, unsubscribed, cleaned, pending, transactional";

    private MemberInputs() {
    }

    /** @param prefix the field path before each name: {@code ""}, or {@code members[3].} in a batch subscribe */
    static MemberInput member(JsonNode node, String prefix) {
        Map<String, Object> mergeFields = JsonBodies.map(node, "merge_fields", prefix + "merge_fields");
        String emailType = JsonBodies.text(node, "email_type", prefix + "email_type");
        if (emailType != null && !emailType.equals("html") && !emailType.equals("text")) {
            throw MailchimpErrors.invalidField(prefix + "email_type", "Value must be one of: html, text");
        }
        MemberInput.Profile profile = new MemberInput.Profile(mergeFields, interests(node, prefix + "interests"),
                JsonBodies.text(node, "language", prefix + "language"), JsonBodies.bool(node, "vip", prefix + "vip"), emailType);
        MemberInput.Signup signup = new MemberInput.Signup(JsonBodies.text(node, "ip_signup", prefix + "ip_signup"),
                JsonBodies.instant(node, "timestamp_signup", prefix + "timestamp_signup"), JsonBodies.text(node, "ip_opt", prefix + "ip_opt"),
                JsonBodies.instant(node, "timestamp_opt", prefix + "timestamp_opt"));
        return new MemberInput(JsonBodies.text(node, "email_address", prefix + "email_address"), status(node, "status", prefix),
                status(node, "status_if_new", prefix), profile, signup);
    }

    /** {@code {"tags":[{"name","status":"active"|"inactive"}],"is_syncing"}}: the changes, in their order. */
    static List<TagChange> tags(JsonNode body) {
        List<JsonNode> tags = JsonBodies.array(body, "tags", "tags");
        if (tags == null) {
            throw MailchimpErrors.invalidField("tags", "This value should not be blank.");
        }
        JsonBodies.bool(body, "is_syncing", "is_syncing");
        List<TagChange> changes = new ArrayList<>();
        for (int i = 0; i < tags.size(); i++) {
            String path = "tags[" + i + "]";
            JsonNode tag = tags.get(i);
            if (!tag.isObject()) {
                throw MailchimpErrors.invalidField(path, "This value should be of type object.");
            }
            String name = JsonBodies.text(tag, "name", path + ".name");
            if (name == null || name.isBlank() || name.length() > 100) {
                throw MailchimpErrors.invalidField(path + ".name", "This value should be 1 to 100 characters.");
            }
            String status = JsonBodies.text(tag, "status", path + ".status");
            if (!"active".equals(status) && !"inactive".equals(status)) {
                throw MailchimpErrors.invalidField(path + ".status", "Value must be one of: active, inactive");
            }
            changes.add(new TagChange(name.trim(), "active".equals(status)));
        }
        return changes;
    }

    private static MemberStatus status(JsonNode node, String field, String prefix) {
        String value = JsonBodies.text(node, field, prefix + field);
        if (value == null) {
            return null;
        }
        return MemberStatus.ofWireName(value).filter(status -> status != MemberStatus.ARCHIVED)
                .orElseThrow(() -> MailchimpErrors.invalidField(prefix + field, "Value must be one of: " + STATUSES));
    }

    private static Map<String, Boolean> interests(JsonNode node, String path) {
        JsonNode interests = node.get("interests");
        if (interests == null || interests.isNull()) {
            return null;
        }
        if (!interests.isObject()) {
            throw MailchimpErrors.invalidField(path, "This value should be of type object.");
        }
        Map<String, Boolean> flags = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> interest : interests.properties()) {
            if (!interest.getValue().isBoolean()) {
                throw MailchimpErrors.invalidField(path + "." + interest.getKey(), "This value should be of type boolean.");
            }
            flags.put(interest.getKey(), interest.getValue().booleanValue());
        }
        return flags;
    }
}
