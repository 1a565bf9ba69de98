package com.crm.integrations.token.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.common.events.payload.ConnectionChange;
import com.crm.integrations.common.events.payload.ConnectionKind;
import com.crm.integrations.common.events.payload.ConnectionStatus;
import com.crm.integrations.common.problem.ConflictException;
import com.crm.integrations.common.problem.ResourceNotFoundException;
import com.crm.integrations.common.problem.UnavailableException;
import com.crm.integrations.common.retry.FailureCategory;
import com.crm.integrations.common.retry.ProviderCallException;
import com.crm.integrations.common.retry.ProviderErrors.ProviderError;
import com.crm.integrations.token.AccessToken;
import com.crm.integrations.token.Connection;
import com.crm.integrations.token.Secret;
import com.crm.integrations.token.TokenGrant;
import com.crm.integrations.token.client.OAuthClient;
import com.crm.integrations.token.client.ProviderClients;
import com.crm.integrations.token.config.TokenServiceConfig;
import com.crm.integrations.token.crypto.Sealed;
import com.crm.integrations.token.crypto.TokenField;
import com.crm.integrations.token.repository.ConnectionRepository;
import com.crm.integrations.token.repository.ConnectionRepository.Stored;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Hands sibling services a valid access token, refreshing it first when it expires within the
 * refresh-ahead window. One refresh per connection at a time across every replica: the caller
 * that takes the connection's lease refreshes; the others get the still-valid token, or wait for
 * the refresh (up to refresh-wait), else 503 with Retry-After.
 */
@Singleton
public class AccessTokenService {

    private static final Logger LOG = Logger.getLogger(AccessTokenService.class);
    private static final Duration POLL = Duration.ofMillis(50);
    /** How long a connection that failed for good (misconfigured, error) waits before one more refresh attempt. */
    static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(5);

    private final Pool pool;
    private final ConnectionRepository connections;
    private final ProviderClients clients;
    private final TokenVault vault;
    private final ConnectionEvents events;
    private final TokenServiceConfig config;
    private final Clock clock = Clock.systemUTC();

    public AccessTokenService(Pool pool, ConnectionRepository connections, ProviderClients clients, TokenVault vault,
            ConnectionEvents events, TokenServiceConfig config) {
        this.pool = pool;
        this.connections = connections;
        this.clients = clients;
        this.vault = vault;
        this.events = events;
        this.config = config;
    }

    public Uni<AccessToken> accessToken(UUID id) {
        return attempt(id, clock.instant().plus(config.refreshWait()));
    }

    private Uni<AccessToken> attempt(UUID id, Instant waitUntil) {
        return connections.findStored(pool, id, false).chain(found -> {
            Stored stored = found.orElseThrow(() -> new ResourceNotFoundException("No connection " + id));
            Connection connection = stored.connection();
            requireUsable(connection);
            Instant now = clock.instant();
            if (!needsRefresh(connection, now)) {
                return Uni.createFrom().item(token(stored));
            }
            if (stored.tokens().refresh().isEmpty() || connection.kind() == ConnectionKind.API_KEY) {
                if (stillValid(connection, now)) {
                    return Uni.createFrom().item(token(stored));
                }
                // Nothing can renew it: the connection needs its user, and the CRM hears so.
                return failed(stored, new ProviderCallException(connection.provider(), "refresh", 0,
                        new ProviderError(FailureCategory.AUTH, "no_refresh_token", Optional.empty())));
            }
            Optional<Instant> notBefore = connection.retryAt().filter(now::isBefore);
            if (notBefore.isPresent()) {
                // The provider asked us to wait (Retry-After), or the last refresh failed for good: no call before then.
                if (stillValid(connection, now)) {
                    return Uni.createFrom().item(token(stored));
                }
                if (connection.status() == ConnectionStatus.ACTIVE) {
                    throw new UnavailableException("The provider asked to wait before the token of connection " + id
                            + " is refreshed; retry after the indicated time", Duration.between(now, notBefore.get()));
                }
                throw new ConflictException("Connection " + id + " is " + wire(connection.status()) + " (the last refresh failed: "
                        + connection.lastErrorCode().orElse(wire(connection.status())) + "); the next attempt is allowed at "
                        + notBefore.get() + ": an operator must fix the provider's configuration");
            }
            return connections.tryLease(pool, id, now, now.plus(config.refreshLease()), now.plus(config.refreshAhead())).chain(leased -> {
                if (leased) {
                    return refresh(id);
                }
                if (stillValid(connection, now)) {
                    return Uni.createFrom().item(token(stored));
                }
                if (clock.instant().isAfter(waitUntil)) {
                    throw new UnavailableException("The token of connection " + id + " is being refreshed; retry shortly",
                            Duration.ofSeconds(1));
                }
                return Uni.createFrom().voidItem().onItem().delayIt().by(POLL).chain(() -> attempt(id, waitUntil));
            });
        });
    }

    /**
     * Refreshes one connection under the lease the caller holds: a new access token (and the
     * rotated refresh token, in the same transaction) or a recorded failure with its status and event.
     */
    Uni<AccessToken> refresh(UUID id) {
        return connections.findStored(pool, id, false).chain(found -> {
            Stored stored = found.orElseThrow(() -> new ResourceNotFoundException("No connection " + id));
            Connection connection = stored.connection();
            OAuthClient client = clients.oauth(connection.provider()).orElseThrow(() -> new ConflictException(
                    "Provider " + connection.provider() + " is no longer configured for OAuth: an operator must restore it"));
            Secret refreshToken = vault.unseal(stored.tokens().refresh().orElseThrow(), connection.tenantId(), connection.provider(),
                    connection.id(), TokenField.REFRESH);
            return client.refresh(refreshToken)
                    .chain(grant -> stored(connection, grant))
                    .onFailure(ProviderCallException.class).recoverWithUni(failure -> failed(stored, (ProviderCallException) failure))
                    .onTermination().call((item, failure, cancelled) -> failure == null ? Uni.createFrom().voidItem()
                            : connections.releaseLease(pool, id).onFailure().recoverWithNull());
        });
    }

    private Uni<AccessToken> stored(Connection connection, TokenGrant grant) {
        Instant now = clock.instant();
        Optional<Instant> expiresAt = grant.expiresIn().map(now::plus);
        Sealed access = vault.seal(grant.accessToken(), connection.tenantId(), connection.provider(), connection.id(), TokenField.ACCESS);
        // Microsoft rotates refresh tokens: the new one is stored with the new access token, in one transaction.
        Optional<Sealed> refresh = grant.refreshToken().map(token -> vault.seal(token, connection.tenantId(), connection.provider(),
                connection.id(), TokenField.REFRESH));
        return pool.withTransaction(tx -> connections.replaceTokens(tx, connection.id(), access, refresh, expiresAt,
                        grant.grantedScopes().isEmpty() ? Optional.empty() : Optional.of(grant.grantedScopes()), Optional.empty(), now)
                .replaceWithVoid()
                .call(() -> events.refreshed(tx, connection, expiresAt, now))
                .call(() -> connection.status() == ConnectionStatus.ACTIVE ? Uni.createFrom().voidItem()
                        : events.changed(tx, connection, ConnectionChange.STATUS_CHANGED, ConnectionStatus.ACTIVE, connection.status(), now)))
                .invoke(() -> LOG.infof("Token refreshed: tenant=%s connection=%s provider=%s rotated=%s", connection.tenantId(),
                        connection.id(), connection.provider(), refresh.isPresent()))
                .replaceWith(new AccessToken(grant.accessToken(), expiresAt, connection.account().apiEndpoint()));
    }

    private Uni<AccessToken> failed(Stored stored, ProviderCallException failure) {
        Connection connection = stored.connection();
        Instant now = clock.instant();
        FailureCategory category = failure.category();
        ConnectionStatus status = ConnectionEvents.statusAfter(category, connection.status());
        // Retry-After when the provider gave one; a failure an operator must fix is tried again after a pause.
        Optional<Instant> retryAt = failure.retryAfter().map(now::plus)
                .or(() -> category == FailureCategory.MISCONFIGURED || category == FailureCategory.PERMANENT
                        ? Optional.of(now.plus(RETRY_AFTER_FAILURE)) : Optional.empty());
        LOG.warnf("Token refresh failed: tenant=%s connection=%s provider=%s category=%s code=%s", connection.tenantId(),
                connection.id(), connection.provider(), category.name().toLowerCase(java.util.Locale.ROOT), failure.providerCode());
        return pool.withTransaction(tx -> connections.recordFailure(tx, connection.id(), status, category, failure.providerCode(),
                        retryAt, now)
                .call(count -> events.refreshFailed(tx, connection, category, failure.providerCode(), retryAt, count, status, now))
                .call(count -> status == connection.status() ? Uni.createFrom().voidItem()
                        : events.changed(tx, connection, ConnectionChange.STATUS_CHANGED, status, connection.status(), now)))
                .map(count -> {
                    if (failure.error().retryable() && stillValid(connection, now)) {
                        return token(stored); // the provider is down, the token still works
                    }
                    if (failure.error().retryable()) {
                        throw new UnavailableException("The provider could not refresh the token of connection " + connection.id()
                                + " (" + category.name().toLowerCase(java.util.Locale.ROOT) + "); retry later",
                                failure.retryAfter().orElse(Duration.ofSeconds(5)));
                    }
                    throw new ConflictException("The token of connection " + connection.id() + " cannot be refreshed ("
                            + category.name().toLowerCase(java.util.Locale.ROOT) + (failure.providerCode() == null ? ""
                                    : ", " + failure.providerCode()) + "): " + ConnectionEvents.action(category).name()
                                            .toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
                });
    }

    /**
     * Revoked and needs-reauth connections serve nothing. Misconfigured and error ones serve a still
     * valid token and try one refresh again once their retry time passed: an operator who fixed the
     * provider's configuration sees them recover without every user reconnecting.
     */
    private static void requireUsable(Connection connection) {
        if (connection.status() == ConnectionStatus.REVOKED) {
            throw new ConflictException("Connection " + connection.id() + " is revoked");
        }
        if (connection.status() == ConnectionStatus.NEEDS_REAUTH) {
            throw new ConflictException("Connection " + connection.id() + " is needs_reauth: the user must reconnect");
        }
    }

    private static String wire(ConnectionStatus status) {
        return status.name().toLowerCase(java.util.Locale.ROOT);
    }

    private boolean needsRefresh(Connection connection, Instant now) {
        return connection.accessExpiresAt().map(expiry -> !expiry.isAfter(now.plus(config.refreshAhead()))).orElse(false);
    }

    private static boolean stillValid(Connection connection, Instant now) {
        return connection.accessExpiresAt().map(expiry -> expiry.isAfter(now)).orElse(true);
    }

    private AccessToken token(Stored stored) {
        Connection connection = stored.connection();
        TokenField field = connection.kind() == ConnectionKind.API_KEY ? TokenField.API_KEY : TokenField.ACCESS;
        Secret token = vault.unseal(stored.tokens().access().orElseThrow(), connection.tenantId(), connection.provider(),
                connection.id(), field);
        return new AccessToken(token, connection.accessExpiresAt(), connection.account().apiEndpoint());
    }
}
