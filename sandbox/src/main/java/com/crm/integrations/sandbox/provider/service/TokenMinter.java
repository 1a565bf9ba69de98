package com.crm.integrations.sandbox.provider.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.sandbox.provider.AccessToken;
import com.crm.integrations.sandbox.provider.Grant;
import com.crm.integrations.sandbox.provider.IssuedTokens;

/**
 * Issues the tokens of a grant in the provider's formats: an access token, a refresh token when asked, an id_token when
 * the scopes call for one. Each is stored and recorded as an issued secret. Access tokens live as long as the
 * provider's {@link TokenPolicies token policy} says when they are issued.
 */
@Singleton
public class TokenMinter {

    private static final Logger LOG = Logger.getLogger(TokenMinter.class);

    private final ProviderState state;
    private final SandboxClock clock;
    private final IssuedSecrets secrets;
    private final TokenPolicies policies;

    TokenMinter(ProviderState state, SandboxClock clock, IssuedSecrets secrets, TokenPolicies policies) {
        this.state = state;
        this.clock = clock;
        this.secrets = secrets;
        this.policies = policies;
    }

    public IssuedTokens mint(ProviderProfile profile, Grant grant, Set<String> scopes, boolean withRefreshToken) {
        Duration lifetime = policies.of(profile).accessTokenLifetime();
        String access = secrets.record(profile.newAccessToken(grant, scopes, lifetime));
        Instant expiresAt = lifetime.isZero() ? null : clock.now().plus(lifetime);
        state.addAccessToken(new AccessToken(access, grant, expiresAt));
        String refresh = null;
        if (withRefreshToken) {
            refresh = secrets.record(profile.newRefreshToken());
            state.addRefreshToken(refresh, grant);
        }
        String idToken = profile.idToken(grant, scopes);
        if (idToken != null) {
            secrets.record(idToken);
        }
        LOG.infof("Issued tokens: provider=%s account=%s refresh_token=%s id_token=%s", profile.provider().prefix(), grant.account(),
                refresh != null, idToken != null);
        return new IssuedTokens(grant, access, lifetime.toSeconds(), refresh, scopes, idToken);
    }
}
