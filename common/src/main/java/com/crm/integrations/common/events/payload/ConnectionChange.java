package com.crm.integrations.common.events.payload;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What happened to a connection. */
public enum ConnectionChange {
    /** The connection was made for the first time. */
    @JsonProperty("created")
    CREATED,
    /** An existing connection was authorised again (new tokens or key), usually after {@code needs_reauth}. */
    @JsonProperty("reconnected")
    RECONNECTED,
    /** The connection was disconnected, by the user, an admin or the provider; its tokens are gone. */
    @JsonProperty("revoked")
    REVOKED,
    /** Only its status changed, e.g. a refresh found the grant dead ({@code active} to {@code needs_reauth}). */
    @JsonProperty("status_changed")
    STATUS_CHANGED
}
