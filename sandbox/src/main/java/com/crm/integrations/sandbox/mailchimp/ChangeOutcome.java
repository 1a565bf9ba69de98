package com.crm.integrations.sandbox.mailchimp;

import java.util.List;
import java.util.Map;

/**
 * What a change did: the member as it is now (its API JSON; {@code null} once deleted, or for a campaign event) and
 * each webhook post it fired, with the webhooks it was queued for.
 */
public record ChangeOutcome(Map<String, Object> member, List<Post> posts) {

    /** One post and, by webhook id, its delivery id there (empty: no webhook wanted it). */
    public record Post(WebhookEvent event, Map<String, Long> deliveries) {
    }
}
