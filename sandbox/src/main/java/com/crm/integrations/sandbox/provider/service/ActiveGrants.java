package com.crm.integrations.sandbox.provider.service;

import java.util.Optional;

import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.provider.AccessToken;
import com.crm.integrations.sandbox.provider.Grant;
import com.crm.integrations.sandbox.provider.Provider;

/**
 * Which grant an access token speaks for, while it is valid: what a stand-in's API (userinfo, Mailchimp's metadata and
 * Marketing API) asks before it answers a bearer.
 */
@Singleton
public class ActiveGrants {

    private final ProviderState state;
    private final SandboxClock clock;

    ActiveGrants(ProviderState state, SandboxClock clock) {
        this.state = state;
        this.clock = clock;
    }

    /** Empty when the token is unknown at this provider, expired or revoked. */
    public Optional<Grant> ofAccessToken(Provider provider, String accessToken) {
        return state.accessToken(provider, accessToken).filter(token -> token.validAt(clock.now())).map(AccessToken::grant);
    }
}
