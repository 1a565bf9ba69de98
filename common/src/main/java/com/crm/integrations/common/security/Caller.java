package com.crm.integrations.common.security;

import java.util.Set;

import com.crm.integrations.common.problem.TenantRequiredException;

/**
 * The verified caller of one request.
 *
 * @param subject  the token's subject: the user id, or a service's client id
 * @param tenantId the tenant the token names, or {@code null} (service and operator tokens)
 * @param roles    the token's groups
 */
public record Caller(String subject, TenantId tenantId, Set<String> roles) {

    public Caller {
        roles = Set.copyOf(roles);
    }

    /**
     * The caller's tenant.
     *
     * @throws TenantRequiredException (403) when the token names none, as a service or operator token
     */
    public TenantId requireTenant() {
        if (tenantId == null) {
            throw new TenantRequiredException("This operation acts for a tenant, and the caller's token names none.");
        }
        return tenantId;
    }

    public boolean isTenantAdmin() {
        return roles.contains(Roles.TENANT_ADMIN);
    }
}
