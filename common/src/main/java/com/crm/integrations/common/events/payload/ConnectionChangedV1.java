package com.crm.integrations.common.events.payload;

import java.time.Instant;

/**
 * {@code crm.integrations.connection.changed.v1}, on {@code integrations.token-events}: a connection was made,
 * reconnected, revoked, or changed status. Consumers that cache access tokens drop the connection's entry.
 *
 * @param connectionId   the connection's id in token-service
 * @param provider       the provider it connects to: {@code google}, {@code microsoft}, {@code mailchimp} or
 *                       {@code mapbox}
 * @param kind           how it authenticates
 * @param ownerUserId    the CRM user whose account it is; {@code null} for a tenant-owned connection (API keys)
 * @param change         what happened
 * @param status         its status now
 * @param previousStatus its status before; {@code null} when it was just {@code created}
 * @param occurredAt     when token-service made the change
 */
public record ConnectionChangedV1(
        String connectionId,
        String provider,
        ConnectionKind kind,
        String ownerUserId,
        ConnectionChange change,
        ConnectionStatus status,
        ConnectionStatus previousStatus,
        Instant occurredAt) {

    public ConnectionChangedV1 {
        Checks.text(connectionId, "connectionId");
        Checks.text(provider, "provider");
        Checks.required(kind, "kind");
        Checks.optionalText(ownerUserId, "ownerUserId");
        Checks.required(change, "change");
        Checks.required(status, "status");
        Checks.required(occurredAt, "occurredAt");
    }
}
