package com.crm.integrations.token;

import com.crm.integrations.common.events.payload.WireNamed;

/**
 * How an OAuth authorization ended, as the browser's return URL reports it ({@code outcome=}).
 * Only {@link #CONNECTED} and {@link #RECONNECTED} stored anything.
 */
public enum AuthorizationOutcome implements WireNamed {
    CONNECTED("connected"),
    RECONNECTED("reconnected"),
    /** The user declined consent ({@code error=access_denied}). */
    DENIED("denied"),
    /** The provider redirected back with another {@code error}. */
    PROVIDER_ERROR("provider_error"),
    /** The start URL is unknown, was opened already or expired. */
    INVALID_START("invalid_start"),
    /** The callback's state is unknown (tampered or forged) or missing. */
    INVALID_STATE("invalid_state"),
    /** The state is older than the authorization lifetime. */
    EXPIRED_STATE("expired_state"),
    /** The state was used before. */
    REPLAYED_STATE("replayed_state"),
    /** The browser did not bring the cookie set when the flow started (another browser, a forged link). */
    MISSING_COOKIE("missing_cookie"),
    /** The provider refused the code exchange or did not answer. */
    EXCHANGE_FAILED("exchange_failed"),
    /** A first connection came without the refresh token the provider should give. */
    NO_REFRESH_TOKEN("no_refresh_token");

    private final String wireName;

    AuthorizationOutcome(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
