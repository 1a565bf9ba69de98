package com.crm.integrations.sandbox.provider.rest;

import java.time.Duration;

import com.crm.integrations.sandbox.error.InvalidRequestException;

/**
 * The JSON body of {@code PUT /control/{provider}/token-policy}: an absent field takes the configured value.
 *
 * @param accessTokenLifetimeSeconds 1-86400
 */
public record TokenPolicyRequest(Long accessTokenLifetimeSeconds, Boolean rotateRefreshTokens) {

    static final long MAX_LIFETIME_SECONDS = 86_400;

    /** {@code null} when absent. */
    Duration accessTokenLifetime() {
        if (accessTokenLifetimeSeconds == null) {
            return null;
        }
        if (accessTokenLifetimeSeconds < 1 || accessTokenLifetimeSeconds > MAX_LIFETIME_SECONDS) {
            throw new InvalidRequestException("accessTokenLifetimeSeconds must be between 1 and " + MAX_LIFETIME_SECONDS);
        }
        return Duration.ofSeconds(accessTokenLifetimeSeconds);
    }
}
