package com.crm.integrations.token.service;

import java.util.Optional;

import com.crm.integrations.common.security.Caller;
import com.crm.integrations.token.Connection;
import com.crm.integrations.token.ConnectionPolicy;

/**
 * Who may see and who may manage a connection: a tenant admin every connection of the tenant; a
 * user their own OAuth connections and the tenant's API-key connections, and the latter they may
 * manage only when the tenant's policy does not reserve API keys to admins. Pure rules, no I/O.
 */
public final class ConnectionAccess {

    private ConnectionAccess() {
    }

    /** Whose connections a listing shows besides the tenant's own: empty for a tenant admin (all), else the caller. */
    public static Optional<String> listedOwner(Caller caller) {
        return caller.isTenantAdmin() ? Optional.empty() : Optional.of(caller.subject());
    }

    /** Whether the caller may see the connection: same tenant, and a tenant admin, the owner, or a tenant-owned connection. */
    public static boolean canSee(Caller caller, Connection connection) {
        boolean sameTenant = caller.tenantId() != null && caller.tenantId().value().equals(connection.tenantId());
        return sameTenant && (caller.isTenantAdmin() || connection.ownerUserId().map(caller.subject()::equals).orElse(true));
    }

    /** Whether the caller may add, replace or delete the tenant's API keys under the policy. */
    public static boolean canManageApiKeys(Caller caller, ConnectionPolicy policy) {
        return caller.isTenantAdmin() || !policy.apiKeysRequireAdmin();
    }

    /**
     * Whether the caller may disconnect the connection: one they can see that is a user's (their own,
     * or any as a tenant admin), or the tenant's when they may manage API keys.
     */
    public static boolean canManage(Caller caller, Connection connection, ConnectionPolicy policy) {
        return canSee(caller, connection) && (connection.ownerUserId().isPresent() || canManageApiKeys(caller, policy));
    }
}
