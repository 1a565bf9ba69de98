package com.crm.integrations.status.service;

import jakarta.enterprise.context.ApplicationScoped;

import com.crm.integrations.common.security.TenantId;
import com.crm.integrations.common.settings.IfMatch;
import com.crm.integrations.common.settings.TenantSettingsStore;
import com.crm.integrations.common.settings.Versioned;
import com.crm.integrations.status.AttentionPolicy;
import com.crm.integrations.status.repository.ChangeRows;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The tenants' attention policies: saved with a change of every card of the tenant in the same transaction, since the
 * policy decides when failures turn a card into an error, so every stream of the tenant shows the result at once.
 */
@ApplicationScoped
public class AttentionPolicies {

    private final Pool pool;
    private final TenantSettingsStore settings;
    private final ChangeRows changes;

    public AttentionPolicies(Pool pool, TenantSettingsStore settings, ChangeRows changes) {
        this.pool = pool;
        this.settings = settings;
        this.changes = changes;
    }

    public Uni<Versioned<AttentionPolicy>> find(TenantId tenant) {
        return settings.find(tenant, AttentionPolicy.class, AttentionPolicy.DEFAULTS);
    }

    public Uni<Versioned<AttentionPolicy>> save(TenantId tenant, AttentionPolicy policy, String actor, IfMatch ifMatch) {
        return pool.withTransaction(tx -> settings.save(tx, tenant, policy, actor, ifMatch)
                .call(() -> changes.wholeTenant(tx, tenant.value())));
    }
}
