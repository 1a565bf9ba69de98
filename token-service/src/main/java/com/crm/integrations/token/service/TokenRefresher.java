package com.crm.integrations.token.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.common.events.payload.ConnectionChange;
import com.crm.integrations.common.events.payload.ConnectionStatus;
import com.crm.integrations.common.retry.FailureCategory;
import com.crm.integrations.common.retry.ProviderCallException;
import com.crm.integrations.common.retry.ProviderErrors.ProviderError;
import com.crm.integrations.token.AccessToken;
import com.crm.integrations.token.Connection;
import com.crm.integrations.token.TokenGrant;
import com.crm.integrations.token.client.OAuthClient;
import com.crm.integrations.token.client.ProviderClients;
import com.crm.integrations.token.repository.ConnectionRepository;
import com.crm.integrations.token.repository.StoredConnection;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Refreshes one connection's token at its provider and records the result: the new tokens (the
 * rotated refresh token in the same transaction) with {@code token.refreshed}, or the failure with
 * its status, retry time and events.
 */
@Singleton
public class TokenRefresher {

    private static final Logger LOG = Logger.getLogger(TokenRefresher.class);

    private final Pool pool;
    private final ConnectionRepository connections;
    private final ProviderClients clients;
    private final TokenStore tokens;
    private final ConnectionEvents events;
    private final Clock clock = Clock.systemUTC();

    public TokenRefresher(Pool pool, ConnectionRepository connections, ProviderClients clients, TokenStore tokens,
            ConnectionEvents events) {
        this.pool = pool;
        this.connections = connections;
        this.clients = clients;
        this.tokens = tokens;
        this.events = events;
    }

    /** Refreshes under the lease the caller holds; the lease ends with the recorded result, or is released on an error. */
    public Uni<AccessToken> refreshLeased(UUID id) {
        return connections.findStored(pool, id, false).chain(found -> {
            StoredConnection stored = found.orElseThrow(() -> new ConnectionNotFoundException(id));
            Connection connection = stored.connection();
            OAuthClient client = clients.oauth(connection.provider())
                    .orElseThrow(() -> ConnectionUnusableException.providerNotConfigured(connection.provider()));
            return client.refresh(tokens.refreshToken(stored).orElseThrow())
                    .chain(grant -> store(connection, grant))
                    .onFailure(ProviderCallException.class).recoverWithUni(failure -> recordFailure(stored, (ProviderCallException) failure))
                    .onTermination().call((item, failure, cancelled) -> failure == null ? Uni.createFrom().voidItem()
                            : connections.releaseLease(pool, id).onFailure().recoverWithNull());
        });
    }

    /**
     * Records that nothing can renew an expired token (no refresh token): the connection needs its
     * user, and the CRM hears so.
     */
    public Uni<AccessToken> recordMissingRefreshToken(StoredConnection stored) {
        Connection connection = stored.connection();
        return recordFailure(stored, new ProviderCallException(connection.provider(), "refresh", 0,
                new ProviderError(FailureCategory.AUTH, "no_refresh_token",
                        Optional.empty())));
    }

    private Uni<AccessToken> store(Connection connection, TokenGrant grant) {
        Instant now = clock.instant();
        Optional<Instant> expiresAt = grant.expiresIn().map(now::plus);
        // Microsoft rotates refresh tokens: the new one is stored with the new access token, in one transaction.
        return pool.withTransaction(tx -> tokens.replace(tx, connection, grant, Optional.empty(), now)
                .call(() -> events.refreshed(tx, connection, expiresAt, now))
                .call(() -> connection.status() == ConnectionStatus.ACTIVE ? Uni.createFrom().voidItem()
                        : events.changed(tx, connection, ConnectionChange.STATUS_CHANGED, ConnectionStatus.ACTIVE, connection.status(), now)))
                .invoke(() -> LOG.infof("Token refreshed: tenant=%s connection=%s provider=%s rotated=%s", connection.tenantId(),
                        connection.id(), connection.provider(), grant.refreshToken().isPresent()))
                .replaceWith(new AccessToken(grant.accessToken(), expiresAt, connection.account().apiEndpoint()));
    }

    private Uni<AccessToken> recordFailure(StoredConnection stored, ProviderCallException failure) {
        Connection connection = stored.connection();
        Instant now = clock.instant();
        FailureCategory category = failure.category();
        RefreshDecision.Failure after = RefreshDecision.after(failure, connection.status(), now);
        LOG.warnf("Token refresh failed: tenant=%s connection=%s provider=%s category=%s code=%s", connection.tenantId(),
                connection.id(), connection.provider(), category.wireName(), failure.providerCode());
        return pool.withTransaction(tx -> connections.recordFailure(tx, connection.id(), after.status(), category,
                        failure.providerCode(), after.retryAt(), now)
                .call(count -> events.refreshFailed(tx, connection, category, failure.providerCode(), after.retryAt(), count,
                        after.status(), now))
                .call(count -> after.status() == connection.status() ? Uni.createFrom().voidItem()
                        : events.changed(tx, connection, ConnectionChange.STATUS_CHANGED, after.status(), connection.status(), now)))
                .map(count -> {
                    if (failure.error().retryable() && RefreshDecision.stillValid(connection, now)) {
                        return tokens.current(stored); // the provider is down, the token still works
                    }
                    if (failure.error().retryable()) {
                        throw RefreshUnavailableException.providerFailed(connection.id(), category,
                                failure.retryAfter().orElse(Duration.ofSeconds(5)));
                    }
                    throw ConnectionUnusableException.cannotRefresh(connection.id(), category, failure.providerCode());
                });
    }
}
