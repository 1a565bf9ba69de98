package com.crm.integrations.sandbox.provider;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An authorization code: single use, bound to its grant's client, redirect URI and PKCE challenge.
 *
 * @param issuesRefreshToken whether redeeming it yields a refresh token (decided at consent by the provider's rules)
 */
public final class AuthorizationCode {

    private final String value;
    private final Grant grant;
    private final boolean issuesRefreshToken;
    private final Instant expiresAt;
    private final AtomicBoolean redeemed = new AtomicBoolean();

    public AuthorizationCode(String value, Grant grant, boolean issuesRefreshToken, Instant expiresAt) {
        this.value = value;
        this.grant = grant;
        this.issuesRefreshToken = issuesRefreshToken;
        this.expiresAt = expiresAt;
    }

    public String value() {
        return value;
    }

    public Grant grant() {
        return grant;
    }

    public boolean issuesRefreshToken() {
        return issuesRefreshToken;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    /** Takes the code's one redemption: false when it was redeemed (or tried) before. */
    public boolean redeem() {
        return redeemed.compareAndSet(false, true);
    }

    @Override
    public String toString() {
        return "AuthorizationCode[grant=" + grant.id() + "]";
    }
}
