package com.crm.integrations.token.service;

import java.util.Optional;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.common.events.payload.ConnectionKind;
import com.crm.integrations.token.Connection;
import com.crm.integrations.token.Revocation;
import com.crm.integrations.token.Secret;
import com.crm.integrations.token.client.OAuthClient;
import com.crm.integrations.token.client.ProviderClients;
import com.crm.integrations.token.repository.StoredConnection;

import io.smallrye.mutiny.Uni;

/** Revokes grants at their provider: a stored connection's, or the one a reconnect with another account replaced. Never fails. */
@Singleton
public class GrantRevoker {

    private static final Logger LOG = Logger.getLogger(GrantRevoker.class);
    private static final String REFRESH_TOKEN = "refresh_token";
    private static final String ACCESS_TOKEN = "access_token";

    private final ProviderClients clients;
    private final TokenStore tokens;

    public GrantRevoker(ProviderClients clients, TokenStore tokens) {
        this.clients = clients;
        this.tokens = tokens;
    }

    /**
     * Revokes a stored OAuth connection's grant with its refresh token (which ends the whole grant),
     * else its access token. API-key connections and providers without OAuth: not supported.
     */
    public Uni<Revocation> revoke(StoredConnection stored) {
        Connection connection = stored.connection();
        Optional<OAuthClient> client = connection.kind() == ConnectionKind.OAUTH ? clients.oauth(connection.provider()) : Optional.empty();
        if (client.isEmpty()) {
            return Uni.createFrom().item(Revocation.NOT_SUPPORTED);
        }
        Optional<Secret> refresh = tokens.refreshToken(stored);
        if (refresh.isPresent()) {
            return client.get().revoke(refresh.get(), REFRESH_TOKEN);
        }
        return stored.tokens().access().isPresent() ? client.get().revoke(tokens.accessToken(stored), ACCESS_TOKEN)
                : Uni.createFrom().item(Revocation.ALREADY_INVALID);
    }

    /** Revokes the grant of the provider account a reconnect replaced, by its refresh token, and logs what happened. */
    public Uni<Revocation> revokeReplaced(Connection connection, Secret replacedRefreshToken) {
        return clients.oauth(connection.provider()).map(client -> client.revoke(replacedRefreshToken, REFRESH_TOKEN))
                .orElse(Uni.createFrom().item(Revocation.NOT_SUPPORTED))
                .invoke(revocation -> LOG.infof(
                        "Revoked the grant of the account this reconnect replaced: tenant=%s connection=%s provider=%s outcome=%s",
                        connection.tenantId(), connection.id(), connection.provider(), revocation));
    }
}
