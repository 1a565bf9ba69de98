package com.crm.integrations.common.events.payload;

/**
 * How many members a Mailchimp audience has in each status, in {@code audience.changed.v1}'s {@code members}: what
 * mailchimp-service's projection of the audience holds when the event is written. Each is 0 or more.
 *
 * @param subscribed    members who receive campaigns
 * @param unsubscribed  members who opted out
 * @param cleaned       members Mailchimp no longer sends to (hard bounce or spam complaint)
 * @param pending       members who have not confirmed a double opt-in yet
 * @param transactional members known for transactional mail only
 * @param archived      members archived (deleted from the audience, history kept)
 */
public record MemberCounts(
        long subscribed,
        long unsubscribed,
        long cleaned,
        long pending,
        long transactional,
        long archived) {

    /** No member at all: an empty audience, or one whose import has not counted any yet. */
    public static final MemberCounts NONE = new MemberCounts(0, 0, 0, 0, 0, 0);

    public MemberCounts {
        Checks.count(subscribed, "subscribed");
        Checks.count(unsubscribed, "unsubscribed");
        Checks.count(cleaned, "cleaned");
        Checks.count(pending, "pending");
        Checks.count(transactional, "transactional");
        Checks.count(archived, "archived");
    }
}
