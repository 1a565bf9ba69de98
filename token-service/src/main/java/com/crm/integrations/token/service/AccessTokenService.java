package com.crm.integrations.token.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.inject.Singleton;

import com.crm.integrations.token.AccessToken;
import com.crm.integrations.token.Connection;
import com.crm.integrations.token.config.TokenServiceConfig;
import com.crm.integrations.token.repository.ConnectionRepository;
import com.crm.integrations.token.repository.StoredConnection;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Hands sibling services a valid access token, refreshing it first when it is due
 * ({@link RefreshDecision}). One refresh per connection at a time across every replica and every path
 * (this API, refresh runs): whoever takes the connection's lease refreshes ({@link TokenRefresher});
 * the others get the still-valid token, or wait until the refresh ends ({@link RefreshSignals}), else 503.
 */
@Singleton
public class AccessTokenService {

    /** A waiter that missed a notification (its listener was reconnecting) looks again after this. */
    static final Duration WAIT_SLICE = Duration.ofSeconds(1);

    private final Pool pool;
    private final ConnectionRepository connections;
    private final TokenStore tokens;
    private final TokenRefresher refresher;
    private final RefreshSignals signals;
    private final TokenServiceConfig config;
    private final Clock clock = Clock.systemUTC();

    public AccessTokenService(Pool pool, ConnectionRepository connections, TokenStore tokens, TokenRefresher refresher,
            RefreshSignals signals, TokenServiceConfig config) {
        this.pool = pool;
        this.connections = connections;
        this.tokens = tokens;
        this.refresher = refresher;
        this.signals = signals;
        this.config = config;
    }

    /**
     * @throws ConnectionNotFoundException  when there is no such connection
     * @throws ConnectionUnusableException  when someone must act first (409)
     * @throws RefreshUnavailableException  when it cannot be had right now (503)
     */
    public Uni<AccessToken> accessToken(UUID id) {
        return attempt(id, clock.instant().plus(config.refreshWait()));
    }

    /**
     * A fresh token after a sibling reports that the provider refused the one it was given: refreshed now
     * whatever its expiry (under the same lease as every refresh), unless it was refreshed within
     * {@code since} already (the sibling holds an older token).
     */
    public Uni<RefreshResult> refreshNow(StoredConnection stored, Instant refreshedSince) {
        UUID id = stored.connection().id();
        Instant now = clock.instant();
        if (stored.connection().lastRefreshedAt().map(at -> at.isAfter(refreshedSince)).orElse(false)) {
            return Uni.createFrom().item(RefreshResult.refreshed(id, tokens.current(stored)));
        }
        return connections.tryLease(pool, id, now, now.plus(config.refreshLease()), now.plus(Duration.ofDays(36_500))).chain(leased -> leased
                ? refresher.refreshLeased(id)
                : waitForRefresh(id, now.plus(config.refreshWait()), () -> connections.findStored(pool, id, false)
                        .map(found -> RefreshResult.refreshed(id, tokens.current(found.orElseThrow(() -> new ConnectionNotFoundException(id)))))));
    }

    private Uni<AccessToken> attempt(UUID id, Instant waitUntil) {
        return connections.findStored(pool, id, false).chain(found -> {
            StoredConnection stored = found.orElseThrow(() -> new ConnectionNotFoundException(id));
            Connection connection = stored.connection();
            Instant now = clock.instant();
            RefreshDecision.Decision decision = RefreshDecision.before(connection, stored.tokens().refresh().isPresent(), now,
                    config.refreshAhead(), config.refreshAheadFraction());
            return switch (decision.step()) {
                case REFUSE_REVOKED -> Uni.createFrom().failure(ConnectionUnusableException.revoked(id));
                case REFUSE_NEEDS_REAUTH -> Uni.createFrom().failure(ConnectionUnusableException.needsReauth(id));
                case SERVE_STORED -> Uni.createFrom().item(tokens.current(stored));
                case RECORD_MISSING_REFRESH_TOKEN -> refresher.recordMissingRefreshToken(stored).map(result -> result.tokenOrThrow(now));
                case WAIT_FOR_PROVIDER -> Uni.createFrom().failure(RefreshUnavailableException.providerAskedToWait(id,
                        Duration.between(now, decision.notBefore().orElseThrow())));
                case REFUSE_UNTIL_RETRY -> Uni.createFrom().failure(ConnectionUnusableException.failedUntil(connection,
                        decision.notBefore().orElseThrow()));
                case REFRESH -> refreshOrWait(stored, now, waitUntil);
            };
        });
    }

    private Uni<AccessToken> refreshOrWait(StoredConnection stored, Instant now, Instant waitUntil) {
        UUID id = stored.connection().id();
        Duration window = RefreshDecision.window(stored.connection(), config.refreshAhead(), config.refreshAheadFraction());
        return connections.tryLease(pool, id, now, now.plus(config.refreshLease()), now.plus(window)).chain(leased -> {
            if (leased) {
                return refresher.refreshLeased(id).map(result -> result.tokenOrThrow(clock.instant()));
            }
            if (RefreshDecision.stillValid(stored.connection(), now)) {
                return Uni.createFrom().item(tokens.current(stored));
            }
            return waitForRefresh(id, waitUntil, () -> attempt(id, waitUntil));
        });
    }

    /** Waits for the refresh someone else is doing, then {@code again}; a 503 once {@code waitUntil} has passed. */
    private <T> Uni<T> waitForRefresh(UUID id, Instant waitUntil, Supplier<Uni<T>> then) {
        Instant now = clock.instant();
        if (now.isAfter(waitUntil)) {
            return Uni.createFrom().failure(RefreshUnavailableException.refreshInProgress(id));
        }
        Duration remaining = Duration.between(now, waitUntil);
        Duration slice = remaining.compareTo(WAIT_SLICE) < 0 ? remaining : WAIT_SLICE;
        return signals.await(id, slice, () -> connections.leaseHeld(pool, id, clock.instant()))
                .chain(() -> connections.leaseHeld(pool, id, clock.instant()))
                .chain(held -> held ? waitForRefresh(id, waitUntil, then) : then.get());
    }
}
