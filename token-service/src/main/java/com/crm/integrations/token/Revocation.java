package com.crm.integrations.token;

import com.crm.integrations.common.events.payload.WireNamed;

/** What revoking a grant at its provider achieved. */
public enum Revocation implements WireNamed {
    /** The provider revoked the grant. */
    REVOKED("revoked"),
    /** The provider said the token was already dead (expired, revoked): nothing left to revoke. */
    ALREADY_INVALID("already_invalid"),
    /** The provider has no revocation endpoint (Microsoft, Mailchimp), or the connection is an API key. */
    NOT_SUPPORTED("not_supported"),
    /** The provider did not answer or failed; the grant may still be live there. */
    PROVIDER_UNREACHABLE("provider_unreachable"),
    /** The provider refused our revocation request itself (our app's credentials): the grant may still be live; an operator checks the app. */
    REFUSED("refused");

    private final String wireName;

    Revocation(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
