package com.crm.integrations.sandbox.provider.service;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.sandbox.provider.Grant;
import com.crm.integrations.sandbox.provider.IssuedTokens;
import com.crm.integrations.sandbox.provider.ProviderRefusal;
import com.crm.integrations.sandbox.provider.RefreshToken;
import com.crm.integrations.sandbox.provider.Refusal;
import com.crm.integrations.sandbox.provider.Scopes;
import com.crm.integrations.sandbox.provider.TokenError;
import com.crm.integrations.sandbox.provider.TokenFault;

/**
 * The refresh_token grant (RFC 6749 §6): counts every use, answers a token error switched on through the control API,
 * refuses revoked and rotated tokens, lets the scopes narrow but never widen, and rotates when the provider's
 * {@link TokenPolicies token policy} says so.
 */
@Singleton
public class RefreshTokenGrant {

    static final String GRANT_TYPE = "refresh_token";

    private static final Logger LOG = Logger.getLogger(RefreshTokenGrant.class);

    private final ProviderState state;
    private final TokenMinter minter;
    private final TokenPolicies policies;

    RefreshTokenGrant(ProviderState state, TokenMinter minter, TokenPolicies policies) {
        this.state = state;
        this.minter = minter;
        this.policies = policies;
    }

    /**
     * @param parameters the token request's form, the client already authenticated
     * @throws ProviderRefusal the provider's error response
     */
    public IssuedTokens refresh(ProviderProfile profile, Map<String, String> parameters) {
        if (!profile.supportsRefresh()) {
            throw Refusals.token(profile, Refusal.UNSUPPORTED_GRANT_TYPE, GRANT_TYPE);
        }
        String value = parameters.get("refresh_token");
        if (value == null) {
            throw Refusals.token(profile, Refusal.MISSING_PARAMETER, "refresh_token");
        }
        RefreshToken token = state.refreshToken(profile.provider(), value)
                .orElseThrow(() -> Refusals.token(profile, Refusal.REFRESH_TOKEN_INVALID, null));
        token.use();
        Grant grant = token.grant();
        if (!grant.clientId().equals(profile.clientId())) {
            throw Refusals.token(profile, Refusal.REFRESH_TOKEN_OTHER_CLIENT, null);
        }
        Optional<TokenFault> fault = state.takeTokenFault(profile.provider(), grant.account());
        if (fault.isPresent()) {
            LOG.infof("Answered a switched-on token error: provider=%s account=%s error=%s", profile.provider().prefix(), grant.account(),
                    fault.get().error());
            throw Refusals.token(profile, new TokenError(Refusal.SWITCHED, null, false, fault.get()));
        }
        if (grant.revoked()) {
            throw Refusals.token(profile, Refusal.REFRESH_TOKEN_REVOKED, null);
        }
        if (token.state() == RefreshToken.State.ROTATED) {
            LOG.infof("Refused a rotated refresh token: provider=%s account=%s uses=%d", profile.provider().prefix(), grant.account(),
                    token.uses());
            throw Refusals.token(profile, Refusal.REFRESH_TOKEN_ROTATED, null);
        }
        Set<String> scopes = scopes(profile, grant, parameters.get("scope"));
        boolean rotate = policies.of(profile).rotateRefreshTokens();
        if (rotate && !token.rotate()) {
            throw Refusals.token(profile, Refusal.REFRESH_TOKEN_ROTATED, null); // a concurrent refresh rotated it first
        }
        return minter.mint(profile, grant, scopes, rotate);
    }

    /** RFC 6749 §6: a refresh may narrow the scopes, never widen them. */
    private static Set<String> scopes(ProviderProfile profile, Grant grant, String scope) {
        Set<String> requested;
        try {
            requested = profile.normalize(Scopes.parse(scope));
        } catch (IllegalArgumentException malformed) {
            throw Refusals.token(profile, Refusal.MALFORMED_REQUEST, "scope is malformed");
        }
        if (requested.isEmpty()) {
            return grant.scopes();
        }
        Set<String> beyond = new LinkedHashSet<>(requested);
        beyond.removeAll(grant.scopes());
        beyond.removeAll(profile.scopesAlwaysRefreshable());
        if (!beyond.isEmpty()) {
            throw Refusals.token(profile, Refusal.SCOPE_NOT_GRANTED, Scopes.join(beyond));
        }
        Set<String> narrowed = new LinkedHashSet<>(requested);
        narrowed.retainAll(grant.scopes());
        return narrowed;
    }
}
