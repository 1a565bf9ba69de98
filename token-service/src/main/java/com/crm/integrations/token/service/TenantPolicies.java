package com.crm.integrations.token.service;

import jakarta.inject.Singleton;

import com.crm.integrations.common.events.payload.ConnectionKind;
import com.crm.integrations.common.problem.OperationForbiddenException;
import com.crm.integrations.common.security.Caller;
import com.crm.integrations.common.security.TenantId;
import com.crm.integrations.common.settings.IfMatch;
import com.crm.integrations.common.settings.TenantSettingsStore;
import com.crm.integrations.common.settings.Versioned;
import com.crm.integrations.token.Connection;
import com.crm.integrations.token.ConnectionPolicy;
import com.crm.integrations.token.ProviderDefinition;
import com.crm.integrations.token.config.ProviderRegistry;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/** Each tenant's connection policy, the one place that reads, saves and enforces it (the default until a tenant admin saves one). */
@Singleton
public class TenantPolicies {

    private final Pool pool;
    private final TenantSettingsStore settings;
    private final ProviderRegistry providers;
    private final ConnectionEvents events;

    public TenantPolicies(Pool pool, TenantSettingsStore settings, ProviderRegistry providers, ConnectionEvents events) {
        this.pool = pool;
        this.settings = settings;
        this.providers = providers;
        this.events = events;
    }

    /** The tenant's policy and its version. */
    public Uni<Versioned<ConnectionPolicy>> find(TenantId tenant) {
        return settings.find(tenant, ConnectionPolicy.class, providers.defaultPolicy());
    }

    /**
     * Replaces the caller's tenant's policy, and publishes it ({@code connection-policy.changed}) in the same transaction.
     *
     * @throws com.crm.integrations.common.problem.InvalidInputException      when it names a provider that is not
     *                                                                        configured (nothing saved or published)
     * @throws com.crm.integrations.common.problem.PreconditionFailedException when {@code ifMatch} is not met (nothing
     *                                                                        saved or published)
     */
    public Uni<Versioned<ConnectionPolicy>> save(Caller caller, ConnectionPolicy policy, IfMatch ifMatch) {
        providers.requireConfigured(policy.allowedProviders());
        TenantId tenant = caller.requireTenant();
        return pool.withTransaction(tx -> settings.save(tx, tenant, policy, caller.subject(), ifMatch)
                .call(saved -> events.policyChanged(tx, tenant, saved)));
    }

    /** Fails with 403 unless the caller's tenant allows this provider, and for API keys, unless the caller may manage them. */
    public Uni<Void> requireAllowed(Caller caller, ProviderDefinition provider, ConnectionKind kind) {
        return current(caller).invoke(policy -> {
            if (!policy.allows(provider.name())) {
                throw new OperationForbiddenException("The tenant's connection policy does not allow " + provider.name());
            }
            if (kind == ConnectionKind.API_KEY && !ConnectionAccess.canManageApiKeys(caller, policy)) {
                throw apiKeysForAdmins();
            }
        }).replaceWithVoid();
    }

    /** Fails with 403 when the caller sees the connection but may not disconnect it (the tenant's API keys, for admins only). */
    public Uni<Void> requireManageable(Caller caller, Connection connection) {
        if (connection.ownerUserId().isPresent()) {
            return Uni.createFrom().voidItem(); // visible means own, or the caller is a tenant admin: no policy to read
        }
        return current(caller).invoke(policy -> {
            if (!ConnectionAccess.canManage(caller, connection, policy)) {
                throw apiKeysForAdmins();
            }
        }).replaceWithVoid();
    }

    private Uni<ConnectionPolicy> current(Caller caller) {
        return find(caller.requireTenant()).map(Versioned::value);
    }

    private static OperationForbiddenException apiKeysForAdmins() {
        return new OperationForbiddenException("The tenant's connection policy lets only tenant admins manage API keys");
    }
}
