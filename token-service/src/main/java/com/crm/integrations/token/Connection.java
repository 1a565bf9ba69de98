package com.crm.integrations.token;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.crm.integrations.common.events.payload.ConnectionKind;
import com.crm.integrations.common.events.payload.ConnectionStatus;
import com.crm.integrations.common.retry.FailureCategory;

/**
 * A connection between a tenant (or one of its users) and a provider, without its tokens: the
 * sealed tokens stay in the repository and the vault.
 *
 * @param ownerUserId the user an OAuth connection belongs to; empty for the tenant's API-key connections
 */
public record Connection(UUID id, String tenantId, Optional<String> ownerUserId, String provider, ConnectionKind kind,
        ConnectionStatus status, List<String> scopes, ProviderAccount account, Optional<Instant> accessExpiresAt,
        Optional<Instant> lastRefreshedAt, int consecutiveFailures, Optional<FailureCategory> lastErrorCategory,
        Optional<String> lastErrorCode, Optional<Instant> retryAt, boolean hasRefreshToken, String createdBy,
        Instant createdAt, Instant updatedAt, Optional<Instant> revokedAt) {

    public Connection {
        scopes = List.copyOf(scopes);
    }

    public boolean isLive() {
        return status != ConnectionStatus.REVOKED;
    }
}
