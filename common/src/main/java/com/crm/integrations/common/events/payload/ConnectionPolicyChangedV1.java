package com.crm.integrations.common.events.payload;

import java.time.Instant;
import java.util.List;

/**
 * {@code crm.integrations.connection-policy.changed.v1}, on {@code integrations.token-events}: a tenant admin saved the
 * tenant's connection policy (published with every save, also one that changed nothing; never for a refused one). The
 * whole policy travels, so a consumer replaces what it holds; a tenant that never saved one has token-service's default
 * (every configured provider, API keys for admins), which {@code GET /internal/tenants/{tenantId}/connection-policy}
 * answers.
 *
 * @param allowedProviders    the providers the tenant's users may connect, by name (sorted, each once; empty when none)
 * @param apiKeysRequireAdmin whether only tenant admins may add the tenant's API keys
 * @param version             the saved policy's version (its ETag), 1 for the first save: a consumer ignores an event
 *                            whose version is not above the one it holds
 * @param changedAt           when the policy was saved
 */
public record ConnectionPolicyChangedV1(
        List<String> allowedProviders,
        boolean apiKeysRequireAdmin,
        long version,
        Instant changedAt) {

    public ConnectionPolicyChangedV1 {
        allowedProviders = Checks.distinctTexts(allowedProviders, "allowedProviders");
        Checks.positive(version, "version");
        Checks.required(changedAt, "changedAt");
    }
}
