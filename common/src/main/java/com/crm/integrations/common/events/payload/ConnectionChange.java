package com.crm.integrations.common.events.payload;

import com.fasterxml.jackson.annotation.JsonValue;

/** What happened to a connection. */
public enum ConnectionChange implements WireNamed {
    /** The connection was made for the first time. */
    CREATED("created"),
    /** An existing connection was authorised again (new tokens or key), usually after {@code needs_reauth}. */
    RECONNECTED("reconnected"),
    /** The connection was disconnected, by the user, an admin or the provider; its tokens are gone. */
    REVOKED("revoked"),
    /** Only its status changed, e.g. a refresh found the grant dead ({@code active} to {@code needs_reauth}). */
    STATUS_CHANGED("status_changed");

    private final String wireName;

    ConnectionChange(String wireName) {
        this.wireName = wireName;
    }

    @Override
    @JsonValue
    public String wireName() {
        return wireName;
    }
}
