package com.crm.integrations.sandbox.mailchimp.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.mailchimp.Audience;
import com.crm.integrations.sandbox.mailchimp.Member;
import com.crm.integrations.sandbox.mailchimp.MemberChange;
import com.crm.integrations.sandbox.mailchimp.MemberInput;
import com.crm.integrations.sandbox.mailchimp.Source;
import com.crm.integrations.sandbox.mailchimp.config.MailchimpMembersConfig;
import com.crm.integrations.sandbox.provider.ApiAnswer;
import com.crm.integrations.sandbox.provider.ProviderRefusal;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The API's member writes in data centre {@code dc} (PROVIDERS.md §5.3): {@code PUT …/members/{hash}},
 * {@code POST …/members}, {@code POST …/members/{hash}/tags} and batch subscribe ({@code POST /lists/{list_id}}). Each goes
 * through {@link MemberChanges} as source {@code api}: the member and its {@code last_changed} change, and only webhooks
 * whose {@code sources.api} is set hear of it. Direct calls and {@code /batches} operations run the same code.
 */
@Singleton
public class MemberWrites {

    private final MailchimpStore store;
    private final MemberChanges changes;
    private final int batchMax;

    MemberWrites(MailchimpStore store, MemberChanges changes, MailchimpMembersConfig config) {
        this.store = store;
        this.changes = changes;
        this.batchMax = config.batchSubscribeMax();
    }

    /** {@code PUT}: the member as it is after the upsert. */
    public Map<String, Object> upsert(String dc, String listId, String subscriberHash, String body, boolean skipMergeValidation) {
        Audience audience = audience(dc, listId);
        MemberInput input = MemberInputs.member(JsonBodies.object(body), "");
        return changes.apply(audience, Source.API, new MemberChange.Upsert(subscriberHash, input, skipMergeValidation, MemberChange.Write.UPSERT))
                .member();
    }

    /** {@code POST …/members}: the new member; 400 {@code Member Exists} for an address the audience has. */
    public Map<String, Object> add(String dc, String listId, String body, boolean skipMergeValidation) {
        Audience audience = audience(dc, listId);
        MemberInput input = MemberInputs.member(JsonBodies.object(body), "");
        if (input.emailAddress() == null || input.emailAddress().isBlank()) {
            throw MailchimpErrors.invalidField("email_address", "This value should not be blank.");
        }
        MemberChange.Upsert add = new MemberChange.Upsert(Member.hashOf(input.emailAddress()), input, skipMergeValidation, MemberChange.Write.CREATE);
        return changes.apply(audience, Source.API, add).member();
    }

    /** Adds and removes the tags the body names. */
    public void tags(String dc, String listId, String subscriberHash, String body) {
        Audience audience = audience(dc, listId);
        changes.apply(audience, Source.API, new MemberChange.Tags(subscriberHash, MemberInputs.tags(JsonBodies.object(body))));
    }

    /**
     * Batch subscribe: {@code {"members":[…],"update_existing"}} → {@code {"new_members","updated_members","errors",
     * "total_created","total_updated","error_count","_links"}}. A member that cannot be written (bad field, invalid
     * address, compliance state, re-subscribe limit, existing without {@code update_existing}, merge fields) is an entry of
     * {@code errors}; the call itself fails only for a bad body or more than {@code batch-subscribe-max} members.
     */
    public Map<String, Object> batchSubscribe(String dc, String listId, String body, boolean skipMergeValidation) {
        Audience audience = audience(dc, listId);
        JsonNode root = JsonBodies.object(body);
        List<JsonNode> members = JsonBodies.array(root, "members", "members");
        if (members == null) {
            throw MailchimpErrors.invalidField("members", "This value should not be blank.");
        }
        if (members.size() > batchMax) {
            throw MailchimpErrors.invalidField("members", "This value should contain " + batchMax + " elements or less.");
        }
        MemberChange.Write write = Boolean.TRUE.equals(JsonBodies.bool(root, "update_existing", "update_existing"))
                ? MemberChange.Write.CREATE_OR_UPDATE : MemberChange.Write.CREATE;
        JsonBodies.bool(root, "sync_tags", "sync_tags");
        List<MemberChange.Upsert> upserts = new ArrayList<>();
        List<String> emails = new ArrayList<>();
        Map<Integer, ProviderRefusal> unreadable = new LinkedHashMap<>();
        for (JsonNode entry : members) {
            String email = entry.path("email_address").isTextual() ? entry.path("email_address").asText() : "";
            emails.add(email);
            try {
                if (!entry.isObject()) {
                    throw MailchimpErrors.invalidField("members", "This value should be of type object.");
                }
                MemberInput input = MemberInputs.member(entry, "");
                if (email.isBlank()) {
                    throw MailchimpErrors.invalidField("email_address", "This value should not be blank.");
                }
                upserts.add(new MemberChange.Upsert(Member.hashOf(email), input, skipMergeValidation, write));
            } catch (ProviderRefusal refused) {
                unreadable.put(emails.size() - 1, refused);
            }
        }
        List<MemberChanges.Written> written = upserts.isEmpty() ? List.of() : changes.upsertAll(audience, upserts);
        List<Map<String, Object>> created = new ArrayList<>();
        List<Map<String, Object>> updated = new ArrayList<>();
        List<Map<String, Object>> errors = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < emails.size(); i++) {
            ProviderRefusal refused = unreadable.get(i);
            MemberChanges.Written one = refused == null ? written.get(next++) : null;
            if (refused != null || one.refusal() != null) {
                errors.add(error(emails.get(i), refused != null ? refused : one.refusal()));
            } else {
                (one.created() ? created : updated).add(one.outcome().member());
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("new_members", created);
        answer.put("updated_members", updated);
        answer.put("errors", errors);
        answer.put("total_created", created.size());
        answer.put("total_updated", updated.size());
        answer.put("error_count", errors.size());
        answer.put("_links", List.of());
        return answer;
    }

    /**
     * {@code {"email_address","error","error_code","field","field_message"}}: the refusal's detail, {@code ERROR_CONTACT_EXISTS}
     * for an existing member (in batch subscribe's words [obs]) else {@code ERROR_GENERIC}, its first field error if any.
     */
    private static Map<String, Object> error(String email, ProviderRefusal refused) {
        Map<String, Object> problem = ((ApiAnswer) refused.answer()).body();
        boolean exists = MailchimpErrors.MEMBER_EXISTS.equals(problem.get("title"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> fields = (List<Map<String, Object>>) problem.getOrDefault("errors", List.of());
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("email_address", email);
        error.put("error", exists ? email + " is already a list member, do you want to update? please provide update_existing:true in the request body"
                : problem.get("detail"));
        error.put("error_code", exists ? "ERROR_CONTACT_EXISTS" : "ERROR_GENERIC");
        error.put("field", fields.isEmpty() ? "" : fields.get(0).get("field"));
        error.put("field_message", fields.isEmpty() ? "" : fields.get(0).get("message"));
        return error;
    }

    private Audience audience(String dc, String listId) {
        return store.find(dc, listId).orElseThrow(MailchimpErrors::notFound);
    }
}
