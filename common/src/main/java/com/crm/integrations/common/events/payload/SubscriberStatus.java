package com.crm.integrations.common.events.payload;

import com.fasterxml.jackson.annotation.JsonValue;

/** A member's status in a Mailchimp audience, with Mailchimp's own values. */
public enum SubscriberStatus implements WireNamed {
    /** Receives campaigns. */
    SUBSCRIBED("subscribed"),
    /** Opted out; cannot simply be set back to {@code subscribed} (only through {@code pending}). */
    UNSUBSCRIBED("unsubscribed"),
    /** Bounced or reported as spam; Mailchimp no longer sends to it. */
    CLEANED("cleaned"),
    /** A double opt-in mail was sent and not confirmed yet. */
    PENDING("pending"),
    /** Known to the audience for transactional mail only, never subscribed to campaigns. */
    TRANSACTIONAL("transactional"),
    /** Archived (deleted from the audience, history kept). */
    ARCHIVED("archived");

    private final String wireName;

    SubscriberStatus(String wireName) {
        this.wireName = wireName;
    }

    @Override
    @JsonValue
    public String wireName() {
        return wireName;
    }
}
