package com.crm.integrations.common.events.payload;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a connection authenticates to its provider. */
public enum ConnectionKind {
    /** A user (or an admin for the tenant) went through the provider's OAuth flow; token-service holds its tokens. */
    @JsonProperty("oauth")
    OAUTH,
    /** An operator or tenant admin entered an API key (Mailchimp, Mapbox); it belongs to the tenant, not to a user. */
    @JsonProperty("api_key")
    API_KEY
}
