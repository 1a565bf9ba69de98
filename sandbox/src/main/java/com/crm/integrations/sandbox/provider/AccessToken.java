package com.crm.integrations.sandbox.provider;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/** An access token and its grant; {@code expiresAt} is {@code null} for Mailchimp's tokens, which never expire. */
public final class AccessToken {

    private final String value;
    private final Grant grant;
    private final Instant expiresAt;
    private final AtomicBoolean revoked = new AtomicBoolean();

    public AccessToken(String value, Grant grant, Instant expiresAt) {
        this.value = value;
        this.grant = grant;
        this.expiresAt = expiresAt;
    }

    public String value() {
        return value;
    }

    public Grant grant() {
        return grant;
    }

    public boolean validAt(Instant now) {
        return !revoked.get() && !grant.revoked() && (expiresAt == null || now.isBefore(expiresAt));
    }

    /** RFC 7009 revocation of this token alone. */
    public void revoke() {
        revoked.set(true);
    }

    @Override
    public String toString() {
        return "AccessToken[grant=" + grant.id() + ", expiresAt=" + expiresAt + "]";
    }
}
