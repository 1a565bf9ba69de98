package com.crm.integrations.common.events.payload;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where the link of a tenant to a Mailchimp audience stands ({@code audience.changed.v1}'s {@code state}). */
public enum AudienceLinkState implements WireNamed {
    /** The webhook is registered and the members import is running. */
    LINKING("linking"),
    /** The import is done; webhooks are applied and the CRM's commands written. */
    ACTIVE("active"),
    /** Calls to Mailchimp are stopped (a 401, or the connection needs re-authentication) until it is resumed. */
    PAUSED("paused"),
    /** The link ended: the webhook is removed, nothing more is read or written. */
    UNLINKED("unlinked");

    private final String wireName;

    AudienceLinkState(String wireName) {
        this.wireName = wireName;
    }

    @Override
    @JsonValue
    public String wireName() {
        return wireName;
    }
}
