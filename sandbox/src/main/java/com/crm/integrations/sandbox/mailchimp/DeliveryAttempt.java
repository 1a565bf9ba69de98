package com.crm.integrations.sandbox.mailchimp;

import java.time.Instant;

/**
 * One attempt to deliver a webhook post, as the delivery log keeps it.
 *
 * @param seq the log's number, across webhooks; {@code delivery} the post's id, {@code attempt} 1 for its first
 * @param at when the attempt started (real clock); {@code millis} how long it took
 * @param outcome the answer's status or why there was none
 * @param last whether no retry follows: delivered, a 410, or the retry window is over
 */
public record DeliveryAttempt(long seq, long delivery, int attempt, String webhookId, Instant at, EventType type, String body,
        HttpOutcome outcome, boolean last, long millis) {
}
