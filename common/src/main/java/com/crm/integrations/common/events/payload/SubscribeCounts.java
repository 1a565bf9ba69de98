package com.crm.integrations.common.events.payload;

/**
 * What a {@code mailchimp.subscribe-command.v1} came to: every member requested is created, updated or failed.
 *
 * @param requested the members the command carried
 * @param created   added to the audience
 * @param updated   already members, updated
 * @param failed    refused, each with a {@link MemberError}
 */
public record SubscribeCounts(int requested, int created, int updated, int failed) {

    public SubscribeCounts {
        Checks.count(requested, "requested");
        Checks.count(created, "created");
        Checks.count(updated, "updated");
        Checks.count(failed, "failed");
        if ((long) created + updated + failed != requested) {
            throw new IllegalArgumentException("created + updated + failed must equal requested");
        }
    }
}
