package com.crm.integrations.mailchimp.command;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.crm.integrations.common.events.payload.CampaignCommandAction;
import com.crm.integrations.common.events.payload.MailchimpCampaignCommandV1;
import com.crm.integrations.common.events.payload.MailchimpMemberCommandV1;
import com.crm.integrations.common.events.payload.MemberCommandAction;
import com.crm.integrations.common.events.payload.MemberInput;
import com.crm.integrations.common.events.payload.SubscriberStatus;

import io.vertx.core.json.JsonObject;

/**
 * What a command must be beyond what its record can state: a plausible address, a status one may give, merge tags
 * Mailchimp can have, CRM fields the tenant's mapping knows, a schedule time Mailchimp takes. Each problem is a sentence
 * naming its field; the REST API answers them as a 422, a command from the topic fails with {@code invalid_command}.
 */
final class CommandChecks {

    /** What Mailchimp accepts as an address, roughly: it checks the rest itself (and refuses with invalid_email). */
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern MERGE_TAG = Pattern.compile("^[A-Z0-9_]{1,10}$");
    private static final Pattern INTEREST_ID = Pattern.compile("^[a-z0-9]{1,20}$");
    private static final Set<SubscriberStatus> SETTABLE = Set.of(SubscriberStatus.SUBSCRIBED, SubscriberStatus.UNSUBSCRIBED,
            SubscriberStatus.PENDING, SubscriberStatus.TRANSACTIONAL);
    /** The address parts Mailchimp's ADDRESS merge field takes. */
    private static final Set<String> ADDRESS_PARTS = Set.of("addr1", "addr2", "city", "state", "zip", "country");

    private CommandChecks() {
    }

    static List<String> member(MailchimpMemberCommandV1 command, Map<String, String> mapping) {
        List<String> problems = new ArrayList<>();
        email(command.email(), "email", problems);
        boolean upsert = command.action() == MemberCommandAction.UPSERT;
        if (!upsert && (command.status() != null || !command.mergeFields().isEmpty() || !command.crmFields().isEmpty()
                || !command.interests().isEmpty() || command.language() != null || command.vip() != null)) {
            problems.add("status, mergeFields, crmFields, interests, language and vip go with an upsert only");
        }
        if (command.action() == MemberCommandAction.UNSUBSCRIBE && !command.tags().isEmpty()) {
            problems.add("tags go with an upsert or set_tags, not an unsubscribe");
        }
        if (upsert) {
            profile(command.status(), command.mergeFields(), command.crmFields(), command.interests(), mapping, "", problems);
        }
        return problems;
    }

    /** One member of a subscribe command: its problems, empty when it may be sent. */
    static List<String> member(MemberInput member, Map<String, String> mapping) {
        List<String> problems = new ArrayList<>();
        email(member.email(), "email", problems);
        profile(member.status(), member.mergeFields(), member.crmFields(), member.interests(), mapping, "", problems);
        return problems;
    }

    static List<String> campaign(MailchimpCampaignCommandV1 command, Instant now) {
        List<String> problems = new ArrayList<>();
        if (command.settings() != null) {
            email(command.settings().replyTo(), "settings.replyTo", problems);
        }
        if (command.scheduleAt() != null) {
            if (!command.scheduleAt().isAfter(now)) {
                problems.add("scheduleAt must be in the future");
            }
            var at = command.scheduleAt().atOffset(ZoneOffset.UTC);
            if (at.getMinute() % 15 != 0 || at.getSecond() != 0 || at.getNano() != 0) {
                problems.add("scheduleAt must be on a quarter hour (Mailchimp sends at :00, :15, :30 and :45)");
            }
        }
        if (command.action() != CampaignCommandAction.CREATE && command.action() != CampaignCommandAction.SET_CONTENT
                && command.content() != null) {
            problems.add("content goes with a create or set_content");
        }
        if (command.action() != CampaignCommandAction.CREATE && command.action() != CampaignCommandAction.SCHEDULE
                && command.scheduleAt() != null) {
            problems.add("scheduleAt goes with a create or schedule");
        }
        if (command.action() != CampaignCommandAction.CREATE && (command.settings() != null || command.audienceId() != null)) {
            problems.add("settings and audienceId go with a create");
        }
        return problems;
    }

    /**
     * The merge fields to send: the command's own, plus its CRM fields under the merge tags the tenant's mapping gives
     * them (a CRM field the mapping lacks is a problem; a tag given both ways must agree).
     */
    static JsonObject mergeFields(Map<String, Object> mergeFields, Map<String, String> crmFields, Map<String, String> mapping) {
        JsonObject merged = new JsonObject(new HashMap<>(mergeFields));
        Map<String, String> tagOf = tagsByField(mapping);
        crmFields.forEach((field, value) -> merged.put(tagOf.get(field), value));
        return merged;
    }

    private static void profile(SubscriberStatus status, Map<String, Object> mergeFields, Map<String, String> crmFields,
            Map<String, Boolean> interests, Map<String, String> mapping, String prefix, List<String> problems) {
        if (status != null && !SETTABLE.contains(status)) {
            problems.add(prefix + "status must be subscribed, unsubscribed, pending or transactional (Mailchimp sets "
                    + status.wireName() + " itself)");
        }
        mergeFields.forEach((tag, value) -> {
            if (!MERGE_TAG.matcher(tag).matches()) {
                problems.add(prefix + "mergeFields." + tag + ": a merge tag is 1 to 10 upper-case letters, digits or '_'");
            } else if (value instanceof Map<?, ?> parts) {
                if (!ADDRESS_PARTS.containsAll(parts.keySet())) {
                    problems.add(prefix + "mergeFields." + tag + ": an address has only " + String.join(", ", ADDRESS_PARTS.stream().sorted().toList()));
                }
            } else if (!(value instanceof String) && !(value instanceof Number)) {
                problems.add(prefix + "mergeFields." + tag + ": a value is text, a number or an address");
            }
        });
        Map<String, String> tagOf = tagsByField(mapping);
        crmFields.forEach((field, value) -> {
            String tag = tagOf.get(field);
            if (tag == null) {
                problems.add(prefix + "crmFields." + field + ": the tenant's field mapping gives this CRM field no merge tag");
            } else if (mergeFields.containsKey(tag) && !String.valueOf(mergeFields.get(tag)).equals(value)) {
                problems.add(prefix + "crmFields." + field + ": mergeFields." + tag + " gives the same merge field another value");
            }
        });
        interests.keySet().forEach(id -> {
            if (!INTEREST_ID.matcher(id).matches()) {
                problems.add(prefix + "interests." + id + ": an interest id is Mailchimp's, lower-case letters and digits");
            }
        });
    }

    private static void email(String email, String field, List<String> problems) {
        if (email == null || !EMAIL.matcher(email.trim()).matches()) {
            problems.add(field + ": not an e-mail address");
        }
    }

    private static Map<String, String> tagsByField(Map<String, String> mapping) {
        Map<String, String> tagOf = new HashMap<>();
        mapping.forEach((tag, field) -> tagOf.put(field, tag));
        return tagOf;
    }
}
