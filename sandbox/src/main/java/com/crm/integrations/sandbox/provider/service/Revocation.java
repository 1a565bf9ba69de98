package com.crm.integrations.sandbox.provider.service;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.sandbox.provider.AccessToken;
import com.crm.integrations.sandbox.provider.Grant;
import com.crm.integrations.sandbox.provider.Provider;
import com.crm.integrations.sandbox.provider.ProviderRefusal;
import com.crm.integrations.sandbox.provider.RefreshToken;
import com.crm.integrations.sandbox.provider.Refusal;

/** Token revocation, both ways the stand-ins offer it: Google's (the whole grant, no client) and RFC 7009's. */
@Singleton
public class Revocation {

    private static final Logger LOG = Logger.getLogger(Revocation.class);

    private final ProviderState state;
    private final ActiveGrants grants;
    private final ClientAuthentication clients;

    Revocation(ProviderState state, ActiveGrants grants, ClientAuthentication clients) {
        this.state = state;
        this.grants = grants;
        this.clients = clients;
    }

    /**
     * Revokes the grant behind an access or refresh token, as Google's revoke endpoint does.
     *
     * @return false when the token is unknown, expired or already revoked
     */
    public boolean revokeGrant(Provider provider, String token) {
        Optional<Grant> grant = state.refreshToken(provider, token)
                .filter(refresh -> refresh.state() == RefreshToken.State.ACTIVE)
                .map(RefreshToken::grant)
                .or(() -> grants.ofAccessToken(provider, token));
        if (grant.isEmpty() || grant.get().revoked()) {
            return false;
        }
        state.revokeGrant(grant.get());
        LOG.infof("Revoked a grant by token: provider=%s account=%s", provider.prefix(), grant.get().account());
        return true;
    }

    /**
     * RFC 7009: authenticates the client, then revokes a refresh token's whole grant, or one access token. Unknown
     * tokens are not an error.
     *
     * @throws ProviderRefusal when the request is malformed or the client fails to authenticate
     */
    public void revoke(ProviderProfile profile, String authorization, Map<String, List<String>> form) {
        Map<String, String> parameters = Parameters.singles(profile, form);
        clients.authenticate(profile, authorization, parameters);
        String token = parameters.get("token");
        if (token == null) {
            throw Refusals.token(profile, Refusal.MISSING_PARAMETER, "token");
        }
        Optional<RefreshToken> refresh = state.refreshToken(profile.provider(), token);
        if (refresh.isPresent()) {
            state.revokeGrant(refresh.get().grant());
            return;
        }
        state.accessToken(profile.provider(), token).ifPresent(AccessToken::revoke);
    }
}
