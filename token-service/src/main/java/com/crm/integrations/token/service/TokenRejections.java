package com.crm.integrations.token.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.common.events.payload.ConnectionStatus;
import com.crm.integrations.common.retry.FailureCategory;
import com.crm.integrations.token.AccessToken;
import com.crm.integrations.token.Connection;
import com.crm.integrations.token.repository.ConnectionRepository;
import com.crm.integrations.token.repository.StoredConnection;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * A sibling reports that the provider refused the token it was given (HTTP 401). Not believed on its
 * word: an OAuth token is refreshed (the same single-flight refresh as every other), a key or a token
 * that never expires is checked at the provider. A confirmed refusal marks the connection (the refresh's
 * or the check's own failure handling) and answers 409; an unconfirmed one answers a fresh token.
 */
@Singleton
public class TokenRejections {

    private static final Logger LOG = Logger.getLogger(TokenRejections.class);
    /** A token refreshed this recently is not refreshed again for a report: the reporter held an older one. */
    static final Duration RECENTLY_REFRESHED = Duration.ofSeconds(10);

    private final Pool pool;
    private final ConnectionRepository connections;
    private final AccessTokenService accessTokens;
    private final TokenRefresher refresher;
    private final ConnectionChecks checks;
    private final TokenStore tokens;
    private final Clock clock = Clock.systemUTC();

    public TokenRejections(Pool pool, ConnectionRepository connections, AccessTokenService accessTokens, TokenRefresher refresher,
            ConnectionChecks checks, TokenStore tokens) {
        this.pool = pool;
        this.connections = connections;
        this.accessTokens = accessTokens;
        this.refresher = refresher;
        this.checks = checks;
        this.tokens = tokens;
    }

    /**
     * @throws ConnectionNotFoundException when there is no such connection
     * @throws ConnectionUnusableException when the refusal is confirmed, or the connection was already unusable (409)
     * @throws RefreshUnavailableException when the provider cannot be asked now (503)
     */
    public Uni<AccessToken> rejected(UUID id, String reporter) {
        return connections.findStored(pool, id, false).chain(found -> {
            StoredConnection stored = found.orElseThrow(() -> new ConnectionNotFoundException(id));
            Connection connection = stored.connection();
            LOG.infof("Token of connection %s (tenant %s, provider %s) reported refused by %s", id, connection.tenantId(),
                    connection.provider(), reporter);
            if (connection.status() == ConnectionStatus.REVOKED) {
                return Uni.createFrom().failure(ConnectionUnusableException.revoked(id));
            }
            if (connection.status() == ConnectionStatus.NEEDS_REAUTH) {
                return Uni.createFrom().failure(ConnectionUnusableException.needsReauth(id));
            }
            Instant now = clock.instant();
            if (ConnectionChecks.checked(connection)) {
                return checks.check(stored).map(verdict -> switch (verdict) {
                    case VALID, NOT_CHECKABLE -> tokens.current(stored);
                    case REFUSED -> throw ConnectionUnusableException.needsReauth(id);
                    case UNREACHABLE -> throw RefreshUnavailableException.providerFailed(id, FailureCategory.TRANSIENT, Duration.ofSeconds(5));
                });
            }
            if (stored.tokens().refresh().isEmpty()) {
                return refresher.recordMissingRefreshToken(stored).map(result -> result.tokenOrThrow(now));
            }
            return accessTokens.refreshNow(stored, now.minus(RECENTLY_REFRESHED)).map(result -> result.tokenOrThrow(clock.instant()));
        });
    }
}
