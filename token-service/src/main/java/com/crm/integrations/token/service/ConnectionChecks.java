package com.crm.integrations.token.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.common.events.payload.ConnectionChange;
import com.crm.integrations.common.events.payload.ConnectionCheckOutcome;
import com.crm.integrations.common.events.payload.ConnectionKind;
import com.crm.integrations.common.events.payload.ConnectionStatus;
import com.crm.integrations.common.retry.FailureCategory;
import com.crm.integrations.common.retry.ProviderCallException;
import com.crm.integrations.token.AccountSource;
import com.crm.integrations.token.Connection;
import com.crm.integrations.token.TokenGrant;
import com.crm.integrations.token.client.ProviderClients;
import com.crm.integrations.token.repository.ConnectionRepository;
import com.crm.integrations.token.repository.StoredConnection;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Asks a provider whether a stored credential that never expires (an API key, a Mailchimp OAuth token)
 * still works: Mailchimp's ping or OAuth metadata, Mapbox's token check. A refusal marks the connection
 * {@code needs_reauth} with the provider's code and publishes {@code connection.changed}; a provider
 * that is down changes nothing. Every check that was made publishes {@code connection.checked} with what it found.
 */
@Singleton
public class ConnectionChecks {

    private static final Logger LOG = Logger.getLogger(ConnectionChecks.class);

    /** What a check found. */
    public enum Verdict {
        /** The provider accepts the credential. */
        VALID,
        /** The provider refuses it: the connection is now needs_reauth. */
        REFUSED,
        /** The provider could not be asked (down, timed out, breaker open): nothing changed. */
        UNREACHABLE,
        /** Nothing to ask for this kind of connection (a standards provider without a userinfo endpoint). */
        NOT_CHECKABLE
    }

    private final Pool pool;
    private final ConnectionRepository connections;
    private final ProviderClients clients;
    private final TokenStore tokens;
    private final ConnectionEvents events;
    private final Clock clock = Clock.systemUTC();

    public ConnectionChecks(Pool pool, ConnectionRepository connections, ProviderClients clients, TokenStore tokens,
            ConnectionEvents events) {
        this.pool = pool;
        this.connections = connections;
        this.clients = clients;
        this.tokens = tokens;
        this.events = events;
    }

    /** Checks one connection's credential at its provider, and marks a refused one. */
    public Uni<Verdict> check(StoredConnection stored) {
        Connection connection = stored.connection();
        return ask(stored).chain(refusal -> refusal.isEmpty()
                        ? published(connection, ConnectionCheckOutcome.VALID).replaceWith(Verdict.VALID)
                        : markRefused(connection, refusal.get()).replaceWith(Verdict.REFUSED))
                .onFailure(NotCheckable.class).recoverWithItem(Verdict.NOT_CHECKABLE)
                .onFailure(ProviderCallException.class).recoverWithUni(failure -> {
                    LOG.infof("Health check of connection %s (tenant %s, provider %s) could not reach the provider: %s", connection.id(),
                            connection.tenantId(), connection.provider(), ((ProviderCallException) failure).providerCode());
                    return published(connection, ConnectionCheckOutcome.UNREACHABLE).replaceWith(Verdict.UNREACHABLE);
                });
    }

    /** {@code connection.checked} for a check that changed nothing about the connection. */
    private Uni<Void> published(Connection connection, ConnectionCheckOutcome outcome) {
        return pool.withTransaction(tx -> events.checked(tx, connection, outcome, null, clock.instant()));
    }

    /** Empty when the provider accepts the credential, else the provider's code for its refusal. */
    private Uni<Optional<String>> ask(StoredConnection stored) {
        Connection connection = stored.connection();
        if (connection.kind() == ConnectionKind.API_KEY) {
            return clients.apiKeys(connection.provider()).map(client -> client.check(tokens.accessToken(stored))
                            .map(check -> check.valid() ? Optional.<String>empty() : Optional.of(check.providerCode())))
                    .orElseGet(() -> Uni.createFrom().failure(new NotCheckable()));
        }
        boolean answersWho = clients.oauth(connection.provider()).map(client -> client.definition().oauth()
                .map(oauth -> oauth.accountSource() == AccountSource.MAILCHIMP_METADATA || oauth.accountSource() == AccountSource.USERINFO)
                .orElse(false)).orElse(false);
        if (!answersWho) {
            return Uni.createFrom().failure(new NotCheckable());
        }
        TokenGrant current = new TokenGrant(tokens.accessToken(stored), Optional.empty(), Optional.empty(), List.of(), Optional.empty());
        return clients.oauth(connection.provider()).orElseThrow().account(current).map(account -> Optional.<String>empty())
                .onFailure(ProviderCallException.class).recoverWithUni(failure -> {
                    ProviderCallException call = (ProviderCallException) failure;
                    return call.category() == FailureCategory.AUTH || call.category() == FailureCategory.PERMANENT
                            ? Uni.createFrom().item(Optional.of(call.providerCode() == null ? "http_" + call.status() : call.providerCode()))
                            : Uni.createFrom().failure(call);
                });
    }

    private Uni<Void> markRefused(Connection connection, String providerCode) {
        Instant now = clock.instant();
        LOG.warnf("Connection refused by its provider: tenant=%s connection=%s provider=%s category=auth code=%s", connection.tenantId(),
                connection.id(), connection.provider(), providerCode);
        return pool.withTransaction(tx -> connections.recordFailure(tx, connection.id(), ConnectionStatus.NEEDS_REAUTH, FailureCategory.AUTH,
                        providerCode, Optional.empty(), now)
                .call(count -> connection.status() == ConnectionStatus.NEEDS_REAUTH ? Uni.createFrom().voidItem()
                        : events.changed(tx, connection, ConnectionChange.STATUS_CHANGED, ConnectionStatus.NEEDS_REAUTH, connection.status(), now))
                .call(() -> events.checked(tx, connection, ConnectionCheckOutcome.REFUSED, providerCode, now))
                .replaceWithVoid());
    }

    /** Whether a connection's credential is checked by health checks rather than refreshed. */
    public static boolean checked(Connection connection) {
        return connection.kind() == ConnectionKind.API_KEY || connection.accessExpiresAt().isEmpty();
    }

    /** Marker: nothing can be asked about this connection. */
    private static final class NotCheckable extends RuntimeException {
        NotCheckable() {
            super(null, null, false, false);
        }
    }
}
