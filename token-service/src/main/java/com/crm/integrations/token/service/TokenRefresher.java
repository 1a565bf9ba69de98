package com.crm.integrations.token.service;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

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
import com.crm.integrations.token.config.TokenServiceConfig;
import com.crm.integrations.token.repository.ConnectionRepository;
import com.crm.integrations.token.repository.StoredConnection;

import io.micrometer.core.instrument.Timer;
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
    private final RefreshMetrics metrics;
    private final RefreshSignals signals;
    private final RefreshDecision.Backoff backoff;
    private final Clock clock = Clock.systemUTC();

    public TokenRefresher(Pool pool, ConnectionRepository connections, ProviderClients clients, TokenStore tokens,
            ConnectionEvents events, RefreshMetrics metrics, RefreshSignals signals, TokenServiceConfig config) {
        this.pool = pool;
        this.connections = connections;
        this.clients = clients;
        this.tokens = tokens;
        this.events = events;
        this.metrics = metrics;
        this.signals = signals;
        this.backoff = new RefreshDecision.Backoff(config.refresh().backoffMin(), config.refresh().backoffMax(),
                bound -> ThreadLocalRandom.current().nextLong(bound));
    }

    /**
     * Refreshes under the lease the caller holds; the lease ends with the recorded result (and the
     * connection's waiters are woken), or is released on an error. Provider failures are results, not
     * errors: the internal API and refresh runs decide what they mean for them.
     */
    public Uni<RefreshResult> refreshLeased(UUID id) {
        // The lease is released on any error, including one before the provider is called (the connection deleted
        // meanwhile, its provider no longer configured): a held lease would keep callers waiting until it expires.
        return connections.findStored(pool, id, false).chain(found -> refresh(id, found))
                .onTermination().call((item, failure, cancelled) -> failure == null && !cancelled ? Uni.createFrom().voidItem()
                        : pool.withTransaction(tx -> connections.releaseLease(tx, id).call(() -> signals.ended(tx, id)))
                                .onFailure().recoverWithNull());
    }

    private Uni<RefreshResult> refresh(UUID id, Optional<StoredConnection> found) {
        StoredConnection stored = found.orElseThrow(() -> new ConnectionNotFoundException(id));
        Connection connection = stored.connection();
        OAuthClient client = clients.oauth(connection.provider())
                .orElseThrow(() -> ConnectionUnusableException.providerNotConfigured(connection.provider()));
        Timer.Sample sample = metrics.start();
        return client.refresh(tokens.refreshToken(stored).orElseThrow())
                .chain(grant -> store(connection, grant))
                .onFailure(ProviderCallException.class).recoverWithUni(failure -> recordFailure(stored, (ProviderCallException) failure))
                .invoke(result -> metrics.refreshed(connection.provider(), result.outcome(), sample));
    }

    /**
     * Records that nothing can renew an expired token (no refresh token): the connection needs its
     * user, and the CRM hears so.
     */
    public Uni<RefreshResult> recordMissingRefreshToken(StoredConnection stored) {
        Connection connection = stored.connection();
        return recordFailure(stored, new ProviderCallException(connection.provider(), "refresh", 0,
                new ProviderError(FailureCategory.AUTH, "no_refresh_token",
                        Optional.empty())));
    }

    private Uni<RefreshResult> store(Connection connection, TokenGrant grant) {
        Instant now = clock.instant();
        Optional<Instant> expiresAt = grant.expiresIn().map(now::plus);
        // Microsoft rotates refresh tokens: the new one is stored with the new access token, in one transaction.
        return pool.withTransaction(tx -> tokens.replace(tx, connection, grant, Optional.empty(), now)
                .call(() -> events.refreshed(tx, connection, expiresAt, now))
                .call(() -> signals.ended(tx, connection.id()))
                .call(() -> connection.status() == ConnectionStatus.ACTIVE ? Uni.createFrom().voidItem()
                        : events.changed(tx, connection, ConnectionChange.STATUS_CHANGED, ConnectionStatus.ACTIVE, connection.status(), now)))
                .invoke(() -> LOG.infof("Token refreshed: tenant=%s connection=%s provider=%s rotated=%s", connection.tenantId(),
                        connection.id(), connection.provider(), grant.refreshToken().isPresent()))
                .replaceWith(RefreshResult.refreshed(connection.id(),
                        new AccessToken(grant.accessToken(), expiresAt, connection.account().apiEndpoint())));
    }

    private Uni<RefreshResult> recordFailure(StoredConnection stored, ProviderCallException failure) {
        Connection connection = stored.connection();
        Instant now = clock.instant();
        FailureCategory category = failure.category();
        Optional<AccessToken> stillValid = RefreshDecision.stillValid(connection, now) ? Optional.of(tokens.current(stored))
                : Optional.empty();
        if (failure.breakerOpen()) {
            // Nothing reached the provider: nothing to hold against the connection.
            return pool.withTransaction(tx -> connections.releaseLease(tx, connection.id())
                    .call(() -> signals.ended(tx, connection.id())))
                    .replaceWith(new RefreshResult(connection.id(), stillValid, Optional.of(new RefreshResult.Failure(category,
                            failure.providerCode(), connection.status(), Optional.empty(), true))));
        }
        RefreshDecision.Failure after = RefreshDecision.after(failure, connection.status(), connection.consecutiveFailures(), backoff,
                now);
        LOG.warnf("Token refresh failed: tenant=%s connection=%s provider=%s category=%s code=%s", connection.tenantId(),
                connection.id(), connection.provider(), category.wireName(), failure.providerCode());
        return pool.withTransaction(tx -> connections.recordFailure(tx, connection.id(), after.status(), category,
                        failure.providerCode(), after.retryAt(), now)
                .call(count -> events.refreshFailed(tx, connection, category, failure.providerCode(), after.retryAt(), count,
                        after.status(), now))
                .call(count -> after.status() == connection.status() ? Uni.createFrom().voidItem()
                        : events.changed(tx, connection, ConnectionChange.STATUS_CHANGED, after.status(), connection.status(), now))
                .call(count -> signals.ended(tx, connection.id())))
                .map(count -> new RefreshResult(connection.id(), failure.error().retryable() ? stillValid : Optional.empty(),
                        Optional.of(new RefreshResult.Failure(category, failure.providerCode(), after.status(), after.retryAt(), false))));
    }

}
