package com.crm.integrations.common.events.payload;

import java.util.List;

/**
 * {@code crm.integrations.mailchimp.subscribe-command.v1}, on {@code mailchimp.commands}: a CRM service asks
 * mailchimp-service to add (or update) many members of a linked audience at once. mailchimp-service writes them through
 * Mailchimp's batch subscribe in chunks of up to 500, or through its asynchronous batch operations for a very large
 * set; one member refused (an address in a compliance state, an invalid one, …) never fails the others. Answered with
 * {@code mailchimp.command-completed.v1} carrying the counts and the refused members, or
 * {@code mailchimp.command-failed.v1} when none could be written.
 *
 * @param audienceId the linked audience; null: the tenant's default audience
 * @param members    1 to {@value #MAX_MEMBERS} members, each address at most once
 */
public record MailchimpSubscribeCommandV1(String audienceId, List<MemberInput> members) {

    /** The most members one command carries (a Kafka record should stay under the topic's 1 MB limit: mind their size). */
    public static final int MAX_MEMBERS = 50_000;

    public MailchimpSubscribeCommandV1 {
        Checks.optionalText(audienceId, "audienceId");
        Checks.required(members, "members");
        if (members.isEmpty() || members.size() > MAX_MEMBERS) {
            throw new IllegalArgumentException("members must hold 1 to " + MAX_MEMBERS + " members, held " + members.size());
        }
        members = List.copyOf(members);
    }
}
