package com.crm.integrations.token.service;

import java.time.Instant;
import java.util.Optional;

import jakarta.inject.Singleton;

import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.payload.ConnectionChange;
import com.crm.integrations.common.events.payload.ConnectionChangedV1;
import com.crm.integrations.common.events.payload.ConnectionChangedV2;
import com.crm.integrations.common.events.payload.ConnectionCheckOutcome;
import com.crm.integrations.common.events.payload.ConnectionCheckedV1;
import com.crm.integrations.common.events.payload.ConnectionPolicyChangedV1;
import com.crm.integrations.common.events.payload.ConnectionStatus;
import com.crm.integrations.common.events.payload.RequiredAction;
import com.crm.integrations.common.events.payload.TokenRefreshFailedV1;
import com.crm.integrations.common.events.payload.TokenRefreshedV1;
import com.crm.integrations.common.outbox.Outbox;
import com.crm.integrations.common.retry.FailureCategory;
import com.crm.integrations.common.security.TenantId;
import com.crm.integrations.common.settings.Versioned;
import com.crm.integrations.token.AccountFingerprint;
import com.crm.integrations.token.Connection;
import com.crm.integrations.token.ConnectionPolicy;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * The token service's events, written to the outbox in the transaction of the change they report: a connection's changes,
 * its refreshes, and the tenant's connection policy. No token in any, nor an account's login.
 */
@Singleton
public class ConnectionEvents {

    private final Outbox outbox;

    public ConnectionEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    /**
     * {@code connection.changed}, v1 and then v2 (which adds the provider account's fingerprint), both for every change
     * until no consumer reads v1 (docs/events.md).
     *
     * @param connection the connection as it is after the change: its account is the one the fingerprint names
     */
    public Uni<Void> changed(SqlConnection tx, Connection connection, ConnectionChange change, ConnectionStatus status,
            ConnectionStatus previous, Instant at) {
        TenantId tenant = new TenantId(connection.tenantId());
        ConnectionChangedV1 v1 = new ConnectionChangedV1(connection.id().toString(), connection.provider(), connection.kind(),
                connection.ownerUserId().orElse(null), change, status, previous, at);
        ConnectionChangedV2 v2 = ConnectionChangedV2.of(v1, AccountFingerprint.of(connection).orElse(null));
        return outbox.append(tx, EventType.CONNECTION_CHANGED, tenant, v1)
                .chain(() -> outbox.append(tx, EventType.CONNECTION_CHANGED_V2, tenant, v2))
                .replaceWithVoid();
    }

    /** {@code connection-policy.changed}: the tenant's policy as just saved, with its version. */
    public Uni<Void> policyChanged(SqlConnection tx, TenantId tenant, Versioned<ConnectionPolicy> saved) {
        ConnectionPolicy policy = saved.value();
        return outbox.append(tx, EventType.CONNECTION_POLICY_CHANGED, tenant, new ConnectionPolicyChangedV1(
                policy.allowedProviders(), policy.apiKeysRequireAdmin(), saved.version(), saved.updatedAt()))
                .replaceWithVoid();
    }

    public Uni<Void> refreshed(SqlConnection tx, Connection connection, Optional<Instant> expiresAt, Instant at) {
        return outbox.append(tx, EventType.TOKEN_REFRESHED, new TenantId(connection.tenantId()),
                new TokenRefreshedV1(connection.id().toString(), connection.provider(), connection.ownerUserId().orElse(null),
                        expiresAt.orElse(null), at))
                .replaceWithVoid();
    }

    public Uni<Void> refreshFailed(SqlConnection tx, Connection connection, FailureCategory category, String providerCode,
            Optional<Instant> retryAt, int consecutiveFailures, ConnectionStatus status, Instant at) {
        return outbox.append(tx, EventType.TOKEN_REFRESH_FAILED, new TenantId(connection.tenantId()),
                new TokenRefreshFailedV1(connection.id().toString(), connection.provider(), connection.ownerUserId().orElse(null),
                        category, providerCode, action(category), retryAt.orElse(null), consecutiveFailures, status, at))
                .replaceWithVoid();
    }

    /** {@code connection.checked}: what a health check of the connection's credential found. */
    public Uni<Void> checked(SqlConnection tx, Connection connection, ConnectionCheckOutcome outcome, String providerCode, Instant at) {
        return outbox.append(tx, EventType.CONNECTION_CHECKED, new TenantId(connection.tenantId()),
                new ConnectionCheckedV1(connection.id().toString(), connection.provider(), connection.kind(),
                        connection.ownerUserId().orElse(null), outcome, providerCode, at))
                .replaceWithVoid();
    }

    /** What someone must do about a failure of this category. */
    public static RequiredAction action(FailureCategory category) {
        switch (category) {
            case AUTH:
                return RequiredAction.USER_MUST_RECONNECT;
            case MISCONFIGURED:
                return RequiredAction.OPERATOR_MUST_FIX;
            case TRANSIENT:
            case RATE_LIMIT:
                return RequiredAction.WAIT_AND_RETRY;
            default:
                return RequiredAction.OPERATOR_MUST_FIX;
        }
    }
}
