package com.crm.integrations.common.events.payload;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A member's status in a Mailchimp audience, with Mailchimp's own values. */
public enum SubscriberStatus {
    /** Receives campaigns. */
    @JsonProperty("subscribed")
    SUBSCRIBED,
    /** Opted out; cannot simply be set back to {@code subscribed} (only through {@code pending}). */
    @JsonProperty("unsubscribed")
    UNSUBSCRIBED,
    /** Bounced or reported as spam; Mailchimp no longer sends to it. */
    @JsonProperty("cleaned")
    CLEANED,
    /** A double opt-in mail was sent and not confirmed yet. */
    @JsonProperty("pending")
    PENDING,
    /** Known to the audience for transactional mail only, never subscribed to campaigns. */
    @JsonProperty("transactional")
    TRANSACTIONAL,
    /** Archived (deleted from the audience, history kept). */
    @JsonProperty("archived")
    ARCHIVED
}
