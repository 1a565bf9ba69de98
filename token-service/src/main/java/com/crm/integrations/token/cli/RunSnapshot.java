package com.crm.integrations.token.cli;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A refresh run as {@code GET /admin/refresh-runs/{id}} shows it (the API's {@code RefreshRun}): its state and
 * its report so far. Fields the API adds later are ignored; timestamps stay text, as the API wrote them.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunSnapshot(String id, String status, String trigger, String requestedBy, String provider, String tenantId, String window,
        boolean includeMisconfigured, String startedAt, String finishedAt, Long durationMs, String error, Map<String, Long> counts,
        Map<String, Map<String, Long>> byProvider, List<TenantCounts> byTenant, Long tenantsTotal, List<SlowCall> slowest) {

    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
    public static final String MISCONFIGURED = "misconfigured";

    public RunSnapshot {
        counts = counts == null ? Map.of() : Map.copyOf(counts);
        byProvider = byProvider == null ? Map.of() : Map.copyOf(byProvider);
        byTenant = byTenant == null ? List.of() : List.copyOf(byTenant);
        slowest = slowest == null ? List.of() : List.copyOf(slowest);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TenantCounts(String tenantId, Map<String, Long> counts) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SlowCall(String connectionId, String tenantId, String provider, String outcome, long durationMs) {
    }

    public boolean running() {
        return RUNNING.equals(status);
    }

    public long count(String outcome) {
        return counts.getOrDefault(outcome, 0L);
    }

    public long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
