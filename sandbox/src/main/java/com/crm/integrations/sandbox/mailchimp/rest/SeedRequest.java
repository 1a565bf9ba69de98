package com.crm.integrations.sandbox.mailchimp.rest;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /control/mailchimp/lists/{listId}/members/seed}: members added as they are, without posting
 * webhooks. {@code status} defaults to {@code subscribed}; {@code lastChanged} (ISO 8601 with an offset) to now.
 */
public record SeedRequest(List<Member> members) {

    /** One member to add. */
    public record Member(String email, String status, Map<String, Object> mergeFields, Map<String, Boolean> interests, String lastChanged) {
    }
}
