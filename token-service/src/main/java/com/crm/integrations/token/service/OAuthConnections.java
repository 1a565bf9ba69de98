package com.crm.integrations.token.service;

import java.util.Optional;

import jakarta.inject.Singleton;

import com.crm.integrations.token.ProviderAccount;
import com.crm.integrations.token.ProviderDefinition;
import com.crm.integrations.token.TokenGrant;
import com.crm.integrations.token.repository.ConnectionRepository;
import com.crm.integrations.token.repository.StoredConnection;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/** Stores an OAuth grant as the user's one live connection to its provider, unless it lacks a refresh token the provider should give. */
@Singleton
public class OAuthConnections {

    private final Pool pool;
    private final ConnectionRepository connections;
    private final ConnectionWriter writer;

    public OAuthConnections(Pool pool, ConnectionRepository connections, ConnectionWriter writer) {
        this.pool = pool;
        this.connections = connections;
        this.writer = writer;
    }

    /**
     * Replaces the tokens of the user's live connection to this provider in place, or creates one. A
     * grant without a refresh token keeps the stored one.
     *
     * @return what was stored; empty when nothing was: the provider should give a refresh token, gave
     *         none, and there is no stored one to keep
     */
    public Uni<Optional<StoredOutcome>> store(String tenantId, String userId, ProviderDefinition provider, TokenGrant grant,
            ProviderAccount account) {
        GrantRequest request = GrantRequest.oauth(tenantId, userId, provider, grant, account);
        return pool.withTransaction(tx -> connections.findLiveForUpdate(tx, tenantId, Optional.of(userId), provider.name())
                .chain(existing -> lacksRefreshToken(provider, grant, existing) ? Uni.createFrom().item(Optional.<StoredOutcome>empty())
                        : writer.store(tx, existing, request).map(Optional::of)));
    }

    /** Whether the connection would be left without the refresh token its provider should give. */
    static boolean lacksRefreshToken(ProviderDefinition provider, TokenGrant grant, Optional<StoredConnection> existing) {
        boolean required = provider.oauth().map(ProviderDefinition.OAuth::refreshTokenRequired).orElse(false);
        return required && grant.refreshToken().isEmpty() && existing.map(stored -> stored.tokens().refresh().isEmpty()).orElse(true);
    }
}
