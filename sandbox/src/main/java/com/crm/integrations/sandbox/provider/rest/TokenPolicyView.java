package com.crm.integrations.sandbox.provider.rest;

import com.crm.integrations.sandbox.provider.TokenPolicy;

/** A token policy as {@code GET /control/{provider}/token-policy} shows it. */
public record TokenPolicyView(long accessTokenLifetimeSeconds, boolean rotateRefreshTokens) {

    static TokenPolicyView of(TokenPolicy policy) {
        return new TokenPolicyView(policy.accessTokenLifetime().toSeconds(), policy.rotateRefreshTokens());
    }
}
