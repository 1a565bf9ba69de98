package com.crm.integrations.common.events.payload;

import com.fasterxml.jackson.annotation.JsonValue;

/** What happened to a Mailchimp audience linked to a tenant ({@code audience.changed.v1}'s {@code change}). */
public enum AudienceChange implements WireNamed {
    /** The audience was linked: mailchimp-service registered its webhook and started importing its members. */
    LINKED("linked"),
    /** The audience was unlinked: its webhook is removed and mailchimp-service no longer reads or writes it. */
    UNLINKED("unlinked"),
    /**
     * Calls to Mailchimp for the audience stopped: Mailchimp answered 401, or the connection needs re-authentication.
     * The event's {@code pausedReason} says which.
     */
    PAUSED("paused"),
    /** Calls to Mailchimp for the audience started again (the connection works again). */
    RESUMED("resumed"),
    /** The members import of the link finished: the projection holds every member Mailchimp listed. */
    IMPORTED("imported"),
    /**
     * Member counts or delivery figures changed; published at most once per interval per audience, so a consumer
     * shows the latest figures rather than counting events.
     */
    ACTIVITY("activity");

    private final String wireName;

    AudienceChange(String wireName) {
        this.wireName = wireName;
    }

    @Override
    @JsonValue
    public String wireName() {
        return wireName;
    }
}
