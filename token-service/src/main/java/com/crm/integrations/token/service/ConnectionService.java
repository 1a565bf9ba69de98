package com.crm.integrations.token.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.common.events.payload.ConnectionChange;
import com.crm.integrations.common.events.payload.ConnectionKind;
import com.crm.integrations.common.events.payload.ConnectionStatus;
import com.crm.integrations.common.problem.InvalidInputException;
import com.crm.integrations.common.problem.OperationForbiddenException;
import com.crm.integrations.common.problem.ResourceNotFoundException;
import com.crm.integrations.common.problem.UnavailableException;
import com.crm.integrations.common.retry.ProviderCallException;
import com.crm.integrations.common.security.Caller;
import com.crm.integrations.common.settings.TenantSettingsStore;
import com.crm.integrations.common.settings.Versioned;
import com.crm.integrations.token.Connection;
import com.crm.integrations.token.ConnectionPolicy;
import com.crm.integrations.token.ProviderAccount;
import com.crm.integrations.token.ProviderDefinition;
import com.crm.integrations.token.Secret;
import com.crm.integrations.token.TokenGrant;
import com.crm.integrations.token.client.ApiKeyClient;
import com.crm.integrations.token.client.OAuthClient;
import com.crm.integrations.token.client.OAuthClient.Revocation;
import com.crm.integrations.token.client.ProviderClients;
import com.crm.integrations.token.crypto.Sealed;
import com.crm.integrations.token.crypto.TokenField;
import com.crm.integrations.token.repository.ConnectionRepository;
import com.crm.integrations.token.repository.ConnectionRepository.Stored;
import com.crm.integrations.token.repository.SealedTokens;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Connections: who may see and change which, storing OAuth grants and API keys (one live
 * connection per owner and provider; a reconnect replaces the tokens in place), and revoking.
 */
@Singleton
public class ConnectionService {

    private static final Logger LOG = Logger.getLogger(ConnectionService.class);

    /** What a store did. */
    /**
     * What a store did.
     *
     * @param replacedGrant the refresh token of another provider account this reconnect replaced: its
     *                      grant is still live at the provider and is revoked once the new one is stored
     */
    public record StoredOutcome(Connection connection, boolean reconnected, Optional<Secret> replacedGrant) {
        StoredOutcome(Connection connection, boolean reconnected) {
            this(connection, reconnected, Optional.empty());
        }
    }

    /** What a delete did, step by step. */
    public record Deletion(Connection connection, Revocation providerRevocation) {
    }

    private final Pool pool;
    private final ConnectionRepository connections;
    private final ProviderRegistry providers;
    private final ProviderClients clients;
    private final TokenVault vault;
    private final ConnectionEvents events;
    private final TenantSettingsStore settings;
    private final Clock clock;

    public ConnectionService(Pool pool, ConnectionRepository connections, ProviderRegistry providers, ProviderClients clients,
            TokenVault vault, ConnectionEvents events, TenantSettingsStore settings) {
        this.pool = pool;
        this.connections = connections;
        this.providers = providers;
        this.clients = clients;
        this.vault = vault;
        this.events = events;
        this.settings = settings;
        this.clock = Clock.systemUTC();
    }

    /** The connections the caller can see: a tenant admin all of the tenant's, a user their own and the tenant's. */
    public Uni<List<Connection>> list(Caller caller, boolean includeRevoked) {
        String tenant = caller.requireTenant().value();
        Optional<String> owner = caller.isTenantAdmin() ? Optional.empty() : Optional.of(caller.subject());
        return connections.listForTenant(pool, tenant, owner, includeRevoked);
    }

    /** @throws ResourceNotFoundException when the caller cannot see it (another tenant's, another user's) */
    public Uni<Connection> get(Caller caller, UUID id) {
        return connections.findForTenant(pool, caller.requireTenant().value(), id)
                .map(found -> found.filter(connection -> visible(caller, connection)).orElseThrow(() -> notFound(id)));
    }

    /** Checks the tenant's policy lets the caller connect this provider with this kind of connection. */
    public Uni<Void> requireAllowed(Caller caller, ProviderDefinition provider, ConnectionKind kind) {
        return policy(caller).invoke(policy -> {
            if (!policy.allows(provider.name())) {
                throw new OperationForbiddenException("The tenant's connection policy does not allow " + provider.name());
            }
            if (kind == ConnectionKind.API_KEY) {
                requireKeyManager(caller, policy);
            }
        }).replaceWithVoid();
    }

    private Uni<ConnectionPolicy> policy(Caller caller) {
        return settings.find(caller.requireTenant(), ConnectionPolicy.class, providers.defaultPolicy()).map(Versioned::value);
    }

    private static void requireKeyManager(Caller caller, ConnectionPolicy policy) {
        if (policy.apiKeysRequireAdmin() && !caller.isTenantAdmin()) {
            throw new OperationForbiddenException("The tenant's connection policy lets only tenant admins manage API keys");
        }
    }

    /**
     * Stores an OAuth grant for the user: replaces the tokens of their live connection to this provider
     * in place, or creates one. A grant without a refresh token keeps the stored one; a first connection
     * without one, where the provider should give one, is refused with nothing stored.
     */
    public Uni<StoredOutcome> storeOAuth(String tenantId, String userId, ProviderDefinition provider, TokenGrant grant,
            ProviderAccount account) {
        boolean required = provider.oauth().map(ProviderDefinition.OAuth::refreshTokenRequired).orElse(false);
        return pool.withTransaction(tx -> connections.findLiveForUpdate(tx, tenantId, Optional.of(userId), provider.name())
                .chain(existing -> {
                    if (existing.isEmpty() && required && grant.refreshToken().isEmpty()) {
                        return Uni.createFrom().failure(new NoRefreshTokenException(provider.name()));
                    }
                    if (existing.isPresent() && required && grant.refreshToken().isEmpty() && existing.get().tokens().refresh().isEmpty()) {
                        return Uni.createFrom().failure(new NoRefreshTokenException(provider.name()));
                    }
                    return existing.isPresent()
                            ? replace(tx, existing.get(), grant, account, TokenField.ACCESS)
                            : create(tx, tenantId, Optional.of(userId), userId, provider, ConnectionKind.OAUTH, grant, account,
                                    TokenField.ACCESS);
                }));
    }

    /** Validates an API key with its provider, then stores it as the tenant's connection to that provider. */
    public Uni<StoredOutcome> addApiKey(Caller caller, String providerName, Secret key) {
        ProviderDefinition provider = providers.require(providerName);
        ApiKeyClient client = clients.apiKeys(providerName)
                .orElseThrow(() -> new ResourceNotFoundException(providerName + " takes no API keys"));
        String tenant = caller.requireTenant().value();
        return requireAllowed(caller, provider, ConnectionKind.API_KEY)
                .chain(() -> client.check(key).onFailure(ProviderCallException.class).transform(failure -> unavailable(provider,
                        (ProviderCallException) failure)))
                .chain(check -> {
                    if (!check.valid()) {
                        throw new ApiKeyRejectedException(check.reason());
                    }
                    TokenGrant grant = new TokenGrant(key, Optional.empty(), Optional.empty(), check.scopes(), Optional.empty());
                    return pool.withTransaction(tx -> connections.findLiveForUpdate(tx, tenant, Optional.empty(), providerName)
                            .chain(existing -> existing.isPresent()
                                    ? replace(tx, existing.get(), grant, check.account(), TokenField.API_KEY)
                                    : create(tx, tenant, Optional.empty(), caller.subject(), provider, ConnectionKind.API_KEY, grant,
                                            check.account(), TokenField.API_KEY)));
                })
                .invoke(outcome -> LOG.infof("API key stored: tenant=%s provider=%s connection=%s reconnected=%s", tenant,
                        providerName, outcome.connection().id(), outcome.reconnected()));
    }

    /**
     * Revokes at the provider where it can (with the refresh token, which ends the whole grant, else
     * the access token), then destroys the stored tokens and marks the connection revoked; the local
     * part happens whatever the provider said.
     */
    public Uni<Deletion> delete(Caller caller, UUID id) {
        return connections.findStoredForTenant(pool, caller.requireTenant().value(), id)
                .map(found -> found.filter(stored -> visible(caller, stored.connection())).orElseThrow(() -> notFound(id)))
                .call(stored -> requireManageable(caller, stored.connection())).chain(stored -> {
            Connection connection = stored.connection();
            if (!connection.isLive()) {
                return Uni.createFrom().item(new Deletion(connection, Revocation.ALREADY_INVALID));
            }
            return revokeAtProvider(stored)
                    .chain(revocation -> pool.withTransaction(tx -> connections.findStored(tx, id, true).chain(locked -> {
                        Connection current = locked.orElseThrow(() -> notFound(id)).connection();
                        if (!current.isLive()) {
                            return Uni.createFrom().item(new Deletion(current, revocation));
                        }
                        Instant now = clock.instant();
                        return connections.revoke(tx, id, now)
                                .call(() -> events.changed(tx, current, ConnectionChange.REVOKED, ConnectionStatus.REVOKED,
                                        current.status(), now))
                                .map(revoked -> new Deletion(revoked, revocation));
                    })))
                    .invoke(deletion -> LOG.infof("Connection revoked: tenant=%s connection=%s provider=%s at-provider=%s",
                            connection.tenantId(), id, connection.provider(), deletion.providerRevocation()));
        });
    }

    private Uni<Revocation> revokeAtProvider(Stored stored) {
        Connection connection = stored.connection();
        Optional<OAuthClient> client = connection.kind() == ConnectionKind.OAUTH ? clients.oauth(connection.provider()) : Optional.empty();
        if (client.isEmpty()) {
            return Uni.createFrom().item(Revocation.NOT_SUPPORTED);
        }
        SealedTokens tokens = stored.tokens();
        Optional<Secret> token;
        String hint;
        if (tokens.refresh().isPresent()) {
            token = Optional.of(unseal(connection, tokens.refresh().get(), TokenField.REFRESH));
            hint = "refresh_token";
        } else {
            token = tokens.access().map(sealed -> unseal(connection, sealed, TokenField.ACCESS));
            hint = "access_token";
        }
        return token.map(value -> client.get().revoke(value, hint)).orElse(Uni.createFrom().item(Revocation.ALREADY_INVALID));
    }

    private Uni<Void> requireManageable(Caller caller, Connection connection) {
        if (connection.ownerUserId().isPresent()) {
            return Uni.createFrom().voidItem(); // visible means own, or the caller is a tenant admin
        }
        return policy(caller).invoke(policy -> requireKeyManager(caller, policy)).replaceWithVoid();
    }

    private Uni<StoredOutcome> create(SqlConnection tx, String tenantId, Optional<String> ownerUserId, String createdBy,
            ProviderDefinition provider, ConnectionKind kind, TokenGrant grant, ProviderAccount account, TokenField accessField) {
        Instant now = clock.instant();
        UUID id = UUID.randomUUID();
        Sealed access = vault.seal(grant.accessToken(), tenantId, provider.name(), id, accessField);
        Optional<Sealed> refresh = grant.refreshToken().map(token -> vault.seal(token, tenantId, provider.name(), id, TokenField.REFRESH));
        Connection connection = new Connection(id, tenantId, ownerUserId, provider.name(), kind, ConnectionStatus.ACTIVE,
                grant.grantedScopes().isEmpty() ? requestedScopes(provider, kind) : grant.grantedScopes(), account,
                grant.expiresIn().map(now::plus), Optional.of(now), 0, Optional.empty(), Optional.empty(), Optional.empty(),
                refresh.isPresent(), createdBy, now, now, Optional.empty());
        return connections.insert(tx, connection, new SealedTokens(Optional.of(access), refresh))
                .call(() -> events.changed(tx, connection, ConnectionChange.CREATED, ConnectionStatus.ACTIVE, null, now))
                .replaceWith(new StoredOutcome(connection, false));
    }

    private Uni<StoredOutcome> replace(SqlConnection tx, Stored existing, TokenGrant grant, ProviderAccount account,
            TokenField accessField) {
        Instant now = clock.instant();
        Connection old = existing.connection();
        Sealed access = vault.seal(grant.accessToken(), old.tenantId(), old.provider(), old.id(), accessField);
        Optional<Sealed> refresh = grant.refreshToken()
                .map(token -> vault.seal(token, old.tenantId(), old.provider(), old.id(), TokenField.REFRESH));
        Optional<List<String>> scopes = grant.grantedScopes().isEmpty() ? Optional.empty() : Optional.of(grant.grantedScopes());
        // The user reconnected with another account at the provider: the old account's grant would stay live there.
        boolean otherAccount = refresh.isPresent() && old.account().id().isPresent() && account.id().isPresent()
                && !old.account().id().equals(account.id());
        Optional<Secret> replacedGrant = otherAccount
                ? existing.tokens().refresh().map(sealed -> unseal(old, sealed, TokenField.REFRESH))
                : Optional.empty();
        return connections.replaceTokens(tx, old.id(), access, refresh, grant.expiresIn().map(now::plus), scopes,
                        Optional.of(account), now)
                .call(updated -> events.changed(tx, updated, ConnectionChange.RECONNECTED, ConnectionStatus.ACTIVE, old.status(), now))
                .map(updated -> new StoredOutcome(updated, true, replacedGrant));
    }

    private static List<String> requestedScopes(ProviderDefinition provider, ConnectionKind kind) {
        return kind == ConnectionKind.OAUTH ? provider.oauth().map(ProviderDefinition.OAuth::scopes).orElse(List.of()) : List.of();
    }

    private Secret unseal(Connection connection, Sealed sealed, TokenField field) {
        return vault.unseal(sealed, connection.tenantId(), connection.provider(), connection.id(), field);
    }

    static boolean visible(Caller caller, Connection connection) {
        return caller.isTenantAdmin() || connection.ownerUserId().map(caller.subject()::equals).orElse(true);
    }

    static ResourceNotFoundException notFound(UUID id) {
        return new ResourceNotFoundException("No connection " + id);
    }

    static UnavailableException unavailable(ProviderDefinition provider, ProviderCallException failure) {
        return new UnavailableException(provider.displayName() + " did not answer as expected (" + failure.category().name()
                .toLowerCase(java.util.Locale.ROOT) + "); nothing was stored",
                failure.retryAfter().orElse(java.time.Duration.ofSeconds(5)));
    }

    /** The provider refused the API key. */
    public static class ApiKeyRejectedException extends InvalidInputException {
        public ApiKeyRejectedException(String reason) {
            super("The API key was not accepted: " + reason + ". Nothing was stored.");
        }
    }

    /** A first connection came without the refresh token the provider should give. */
    public static class NoRefreshTokenException extends RuntimeException {
        public NoRefreshTokenException(String provider) {
            super(provider + " granted no refresh token", null, false, false);
        }
    }
}
