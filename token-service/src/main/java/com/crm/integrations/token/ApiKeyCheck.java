package com.crm.integrations.token;

/** How an API key is validated against its provider before it is stored. */
public enum ApiKeyCheck {
    /** Mailchimp: {@code GET {api endpoint of the key's data centre}/3.0/ping} with the key. */
    MAILCHIMP_PING,
    /** Mapbox: {@code GET /tokens/v2?access_token=} must answer {@code TokenValid}. */
    MAPBOX_TOKEN_CHECK
}
