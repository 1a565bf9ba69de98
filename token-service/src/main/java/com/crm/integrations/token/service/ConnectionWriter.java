package com.crm.integrations.token.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Singleton;

import com.crm.integrations.common.events.payload.ConnectionChange;
import com.crm.integrations.common.events.payload.ConnectionKind;
import com.crm.integrations.common.events.payload.ConnectionStatus;
import com.crm.integrations.token.Connection;
import com.crm.integrations.token.ProviderDefinition;
import com.crm.integrations.token.Secret;
import com.crm.integrations.token.repository.StoredConnection;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Stores a grant as its owner's one live connection to a provider: a new connection, or the tokens
 * of the live one replaced in place; with its {@code connection.changed} event, in the caller's transaction.
 */
@Singleton
public class ConnectionWriter {

    private final TokenStore tokens;
    private final ConnectionEvents events;
    private final Clock clock = Clock.systemUTC();

    public ConnectionWriter(TokenStore tokens, ConnectionEvents events) {
        this.tokens = tokens;
        this.events = events;
    }

    /** Replaces {@code existing}'s tokens when present, else creates the connection. */
    public Uni<StoredOutcome> store(SqlConnection tx, Optional<StoredConnection> existing, GrantRequest request) {
        return existing.isPresent() ? replace(tx, existing.get(), request) : create(tx, request);
    }

    private Uni<StoredOutcome> create(SqlConnection tx, GrantRequest request) {
        Instant now = clock.instant();
        Connection connection = Connection.builder(UUID.randomUUID(), request.tenantId(), request.provider().name(), request.kind())
                .ownerUserId(request.ownerUserId())
                .scopes(request.grant().grantedScopes().isEmpty() ? requestedScopes(request.provider(), request.kind())
                        : request.grant().grantedScopes())
                .account(request.account())
                .accessExpiresAt(request.grant().expiresIn().map(now::plus))
                .lastRefreshedAt(Optional.of(now))
                .hasRefreshToken(request.grant().refreshToken().isPresent())
                .created(request.createdBy(), now)
                .build();
        return tokens.insert(tx, connection, request.grant())
                .call(() -> events.changed(tx, connection, ConnectionChange.CREATED, ConnectionStatus.ACTIVE, null, now))
                .replaceWith(new StoredOutcome(connection, false, Optional.empty()));
    }

    private Uni<StoredOutcome> replace(SqlConnection tx, StoredConnection existing, GrantRequest request) {
        Instant now = clock.instant();
        Connection old = existing.connection();
        // The user reconnected with another account at the provider: the old account's grant would stay live there.
        boolean otherAccount = request.grant().refreshToken().isPresent() && old.account().id().isPresent()
                && request.account().id().isPresent() && !old.account().id().equals(request.account().id());
        Optional<Secret> replacedGrant = otherAccount ? tokens.refreshToken(existing) : Optional.empty();
        return tokens.replace(tx, old, request.grant(), Optional.of(request.account()), now)
                .call(updated -> events.changed(tx, updated, ConnectionChange.RECONNECTED, ConnectionStatus.ACTIVE, old.status(), now))
                .map(updated -> new StoredOutcome(updated, true, replacedGrant));
    }

    private static List<String> requestedScopes(ProviderDefinition provider, ConnectionKind kind) {
        return kind == ConnectionKind.OAUTH ? provider.oauth().map(ProviderDefinition.OAuth::scopes).orElse(List.of()) : List.of();
    }
}
