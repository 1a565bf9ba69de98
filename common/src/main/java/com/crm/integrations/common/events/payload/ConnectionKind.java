package com.crm.integrations.common.events.payload;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a connection authenticates to its provider. */
public enum ConnectionKind implements WireNamed {
    /** A user (or an admin for the tenant) went through the provider's OAuth flow; token-service holds its tokens. */
    OAUTH("oauth"),
    /** An operator or tenant admin entered an API key (Mailchimp, Mapbox); it belongs to the tenant, not to a user. */
    API_KEY("api_key");

    private final String wireName;

    ConnectionKind(String wireName) {
        this.wireName = wireName;
    }

    @Override
    @JsonValue
    public String wireName() {
        return wireName;
    }
}
