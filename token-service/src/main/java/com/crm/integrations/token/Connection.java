package com.crm.integrations.token;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import com.crm.integrations.common.events.payload.ConnectionKind;
import com.crm.integrations.common.events.payload.ConnectionStatus;
import com.crm.integrations.common.retry.FailureCategory;

/**
 * A connection between a tenant (or one of its users) and a provider, without its tokens: the
 * sealed tokens stay in the repository and the vault. Build one with {@link #builder}.
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

    /** A connection of this tenant to this provider: active, no scopes, no account, no failure until set. */
    public static Builder builder(UUID id, String tenantId, String provider, ConnectionKind kind) {
        return new Builder(id, tenantId, provider, kind);
    }

    /** Names each of the many components of a {@link Connection} as it is set. */
    public static final class Builder {
        private final UUID id;
        private final String tenantId;
        private final String provider;
        private final ConnectionKind kind;
        private Optional<String> ownerUserId = Optional.empty();
        private ConnectionStatus status = ConnectionStatus.ACTIVE;
        private List<String> scopes = List.of();
        private ProviderAccount account = ProviderAccount.UNKNOWN;
        private Optional<Instant> accessExpiresAt = Optional.empty();
        private Optional<Instant> lastRefreshedAt = Optional.empty();
        private int consecutiveFailures;
        private Optional<FailureCategory> lastErrorCategory = Optional.empty();
        private Optional<String> lastErrorCode = Optional.empty();
        private Optional<Instant> retryAt = Optional.empty();
        private boolean hasRefreshToken;
        private String createdBy;
        private Instant createdAt;
        private Instant updatedAt;
        private Optional<Instant> revokedAt = Optional.empty();

        private Builder(UUID id, String tenantId, String provider, ConnectionKind kind) {
            this.id = Objects.requireNonNull(id, "id");
            this.tenantId = Objects.requireNonNull(tenantId, "tenantId");
            this.provider = Objects.requireNonNull(provider, "provider");
            this.kind = Objects.requireNonNull(kind, "kind");
        }

        public Builder ownerUserId(Optional<String> value) {
            ownerUserId = value;
            return this;
        }

        public Builder status(ConnectionStatus value) {
            status = value;
            return this;
        }

        public Builder scopes(List<String> value) {
            scopes = value;
            return this;
        }

        public Builder account(ProviderAccount value) {
            account = value;
            return this;
        }

        public Builder accessExpiresAt(Optional<Instant> value) {
            accessExpiresAt = value;
            return this;
        }

        public Builder lastRefreshedAt(Optional<Instant> value) {
            lastRefreshedAt = value;
            return this;
        }

        /** The failure record: how many refreshes failed in a row, the last one's category and code, and when to retry. */
        public Builder failures(int count, Optional<FailureCategory> category, Optional<String> code, Optional<Instant> retry) {
            consecutiveFailures = count;
            lastErrorCategory = category;
            lastErrorCode = code;
            retryAt = retry;
            return this;
        }

        public Builder hasRefreshToken(boolean value) {
            hasRefreshToken = value;
            return this;
        }

        /** Who created it and when; updated then too unless {@link #updatedAt} says otherwise. */
        public Builder created(String by, Instant at) {
            createdBy = by;
            createdAt = at;
            updatedAt = updatedAt == null ? at : updatedAt;
            return this;
        }

        public Builder updatedAt(Instant value) {
            updatedAt = value;
            return this;
        }

        public Builder revokedAt(Optional<Instant> value) {
            revokedAt = value;
            return this;
        }

        /** @throws NullPointerException when {@link #created} was not called */
        public Connection build() {
            Objects.requireNonNull(createdBy, "createdBy");
            Objects.requireNonNull(createdAt, "createdAt");
            return new Connection(id, tenantId, ownerUserId, provider, kind, status, scopes, account, accessExpiresAt, lastRefreshedAt,
                    consecutiveFailures, lastErrorCategory, lastErrorCode, retryAt, hasRefreshToken, createdBy, createdAt, updatedAt,
                    revokedAt);
        }
    }
}
