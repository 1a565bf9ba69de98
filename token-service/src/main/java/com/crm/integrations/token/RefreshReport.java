package com.crm.integrations.token;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a refresh run did so far: connections by outcome (wire names of {@code RefreshOutcome}), the same
 * per provider and per tenant (the tenants with most failures first, at most a page of them), and the
 * slowest refreshes.
 *
 * @param tenantsTotal how many tenants the run touched (byTenant may list fewer)
 */
public record RefreshReport(Map<String, Long> counts, Map<String, Map<String, Long>> byProvider, List<TenantCounts> byTenant,
        long tenantsTotal, List<SlowRefresh> slowest) {

    public record TenantCounts(String tenantId, Map<String, Long> counts) {
    }

    public record SlowRefresh(UUID connectionId, String tenantId, String provider, String outcome, long durationMs) {
    }
}
