package com.crm.integrations.token.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Singleton;

import com.crm.integrations.token.AccessToken;
import com.crm.integrations.token.Connection;
import com.crm.integrations.token.config.TokenServiceConfig;
import com.crm.integrations.token.repository.ConnectionRepository;
import com.crm.integrations.token.repository.StoredConnection;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Hands sibling services a valid access token, refreshing it first when it expires within the
 * refresh-ahead window ({@link RefreshDecision}). One refresh per connection at a time across every
 * replica: the caller that takes the connection's lease refreshes ({@link TokenRefresher}); the others
 * get the still-valid token, or wait for the refresh ({@link RefreshInProgressPoll}), else 503.
 */
@Singleton
public class AccessTokenService {

    private final Pool pool;
    private final ConnectionRepository connections;
    private final TokenStore tokens;
    private final TokenRefresher refresher;
    private final RefreshInProgressPoll poll;
    private final TokenServiceConfig config;
    private final Clock clock = Clock.systemUTC();

    public AccessTokenService(Pool pool, ConnectionRepository connections, TokenStore tokens, TokenRefresher refresher,
            RefreshInProgressPoll poll, TokenServiceConfig config) {
        this.pool = pool;
        this.connections = connections;
        this.tokens = tokens;
        this.refresher = refresher;
        this.poll = poll;
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

    private Uni<AccessToken> attempt(UUID id, Instant waitUntil) {
        return connections.findStored(pool, id, false).chain(found -> {
            StoredConnection stored = found.orElseThrow(() -> new ConnectionNotFoundException(id));
            Connection connection = stored.connection();
            Instant now = clock.instant();
            RefreshDecision.Decision decision = RefreshDecision.before(connection, stored.tokens().refresh().isPresent(), now,
                    config.refreshAhead());
            return switch (decision.step()) {
                case REFUSE_REVOKED -> Uni.createFrom().failure(ConnectionUnusableException.revoked(id));
                case REFUSE_NEEDS_REAUTH -> Uni.createFrom().failure(ConnectionUnusableException.needsReauth(id));
                case SERVE_STORED -> Uni.createFrom().item(tokens.current(stored));
                case RECORD_MISSING_REFRESH_TOKEN -> refresher.recordMissingRefreshToken(stored);
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
        return connections.tryLease(pool, id, now, now.plus(config.refreshLease()), now.plus(config.refreshAhead())).chain(leased -> {
            if (leased) {
                return refresher.refreshLeased(id);
            }
            if (RefreshDecision.stillValid(stored.connection(), now)) {
                return Uni.createFrom().item(tokens.current(stored));
            }
            return poll.pauseThen(id, waitUntil, () -> attempt(id, waitUntil));
        });
    }
}
