package com.crm.integrations.sandbox.mailchimp.service;

import java.util.Map;

import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.mailchimp.Audience;
import com.crm.integrations.sandbox.mailchimp.MemberChange;
import com.crm.integrations.sandbox.mailchimp.Source;

/**
 * The API's member writes in data centre {@code dc} (PROVIDERS.md §5.3): {@code PUT …/members/{hash}} and
 * {@code POST …/members/{hash}/tags}. Each goes through {@link MemberChanges#apply} as source {@code api}: the member and
 * its {@code last_changed} change, and only webhooks whose {@code sources.api} is set hear of it. Direct calls and
 * {@code /batches} operations run the same code.
 */
@Singleton
public class MemberWrites {

    private final MailchimpStore store;
    private final MemberChanges changes;

    MemberWrites(MailchimpStore store, MemberChanges changes) {
        this.store = store;
        this.changes = changes;
    }

    /** The member as it is after the upsert. */
    public Map<String, Object> upsert(String dc, String listId, String subscriberHash, String body, boolean skipMergeValidation) {
        Audience audience = audience(dc, listId);
        MemberChange change = new MemberChange.Upsert(subscriberHash, MemberInputs.member(JsonBodies.object(body), ""), skipMergeValidation);
        return changes.apply(audience, Source.API, change).member();
    }

    /** Adds and removes the tags the body names. */
    public void tags(String dc, String listId, String subscriberHash, String body) {
        Audience audience = audience(dc, listId);
        changes.apply(audience, Source.API, new MemberChange.Tags(subscriberHash, MemberInputs.tags(JsonBodies.object(body))));
    }

    private Audience audience(String dc, String listId) {
        return store.find(dc, listId).orElseThrow(MailchimpErrors::notFound);
    }
}
