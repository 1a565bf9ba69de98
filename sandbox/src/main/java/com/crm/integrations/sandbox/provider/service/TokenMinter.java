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
        String access = profile.newAccessToken(grant, scopes, lifetime);
        String idToken = profile.idToken(grant, scopes);
        IssuedTokens tokens = store(grant, scopes, access, lifetime, withRefreshToken ? profile.newRefreshToken() : null, 0, idToken);
        LOG.infof("Issued tokens: provider=%s account=%s refresh_token=%s id_token=%s", profile.provider().prefix(), grant.account(),
                tokens.refreshToken() != null, idToken != null);
        return tokens;
    }

    /**
     * The access token ({@link ProviderProfile#newSeededAccessToken}) and, when asked, the refresh token, without an
     * id_token or a log line: for seeding thousands of grants at once, whose caller learns the account from the control
     * API's answer.
     *
     * @param refreshSequence the refresh token's place in issue order, reserved with {@link ProviderState#reserveSequence}
     */
    IssuedTokens mintQuietly(ProviderProfile profile, Grant grant, Set<String> scopes, boolean withRefreshToken, long refreshSequence) {
        Duration lifetime = policies.of(profile).accessTokenLifetime();
        String access = profile.newSeededAccessToken(grant, scopes, lifetime);
        return store(grant, scopes, access, lifetime, withRefreshToken ? profile.newRefreshToken() : null, refreshSequence, null);
    }

    /**
     * @param refresh {@code null} for none
     * @param refreshSequence its place in issue order; 0 for the next
     */
    private IssuedTokens store(Grant grant, Set<String> scopes, String access, Duration lifetime, String refresh, long refreshSequence,
            String idToken) {
        secrets.record(access);
        Instant expiresAt = lifetime.isZero() ? null : clock.now().plus(lifetime);
        state.addAccessToken(new AccessToken(access, grant, expiresAt));
        if (refresh != null) {
            secrets.record(refresh);
            if (refreshSequence > 0) {
                state.addRefreshToken(refresh, grant, refreshSequence);
            } else {
                state.addRefreshToken(refresh, grant);
            }
        }
        if (idToken != null) {
            secrets.record(idToken);
        }
        return new IssuedTokens(grant, access, lifetime.toSeconds(), refresh, scopes, idToken);
    }
}
