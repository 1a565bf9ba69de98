package com.crm.integrations.sandbox.provider;

import java.time.Duration;
import java.util.Objects;

/**
 * How an OAuth stand-in issues tokens now: the lifetime of the access tokens it issues next, and whether a refresh
 * returns a new refresh token and retires the one presented (which then gets {@code invalid_grant}). The configured
 * defaults hold until {@code PUT /control/{provider}/token-policy} changes them, and again after a reset.
 *
 * @param accessTokenLifetime zero for tokens that never expire (Mailchimp's)
 */
public record TokenPolicy(Duration accessTokenLifetime, boolean rotateRefreshTokens) {

    public TokenPolicy {
        Objects.requireNonNull(accessTokenLifetime, "accessTokenLifetime");
    }
}
