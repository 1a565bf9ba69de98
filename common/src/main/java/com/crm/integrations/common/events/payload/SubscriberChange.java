package com.crm.integrations.common.events.payload;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What happened to an audience member: the {@code type} of Mailchimp's audience webhook, whatever the source, or
 * (from {@code subscriber.changed.v2}) {@link #SYNCED}, the member as read through Mailchimp's API.
 */
public enum SubscriberChange implements WireNamed {
    /** The address joined the audience (or rejoined it). */
    SUBSCRIBE("subscribe"),
    /** The address left the audience, or was deleted from it. */
    UNSUBSCRIBE("unsubscribe"),
    /** Merge fields, interests or other profile data changed. */
    PROFILE("profile"),
    /** The member's e-mail address changed; the member now has a new subscriber hash. */
    UPEMAIL("upemail"),
    /** Mailchimp stopped sending to the address: hard bounce or spam complaint. */
    CLEANED("cleaned"),
    /**
     * The member as read from Mailchimp's API: the import when an audience is linked, or a later reconciliation. Only
     * {@code subscriber.changed.v2} carries it (with source {@code sync}); {@link SubscriberChangedV1} refuses it.
     */
    SYNCED("synced");

    private final String wireName;

    SubscriberChange(String wireName) {
        this.wireName = wireName;
    }

    @Override
    @JsonValue
    public String wireName() {
        return wireName;
    }
}
