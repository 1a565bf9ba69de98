package com.crm.integrations.common.tokens;

import java.time.Instant;

import com.crm.integrations.common.events.payload.ConnectionKind;
import com.crm.integrations.common.events.payload.ConnectionStatus;

/**
 * A connection as token-service's {@code GET /internal/connections/{id}} describes it, read at once from its store: what
 * a service checks before it takes a connection a caller names (that it is the caller's tenant's, of the provider it
 * expects, and usable). No token, key or account login.
 *
 * @param id                 the connection's id in token-service
 * @param tenantId           the tenant it belongs to
 * @param provider           {@code google}, {@code microsoft}, {@code mailchimp}, {@code mapbox}, or one added by
 *                           configuration
 * @param kind               OAuth (a user's) or API key (the tenant's)
 * @param ownerUserId        the user an OAuth connection belongs to; {@code null} for the tenant's API-key connections
 * @param status             whether it works, and if not, who has to act
 * @param accountFingerprint the provider account's fingerprint as {@code connection.changed.v2} carries it; {@code null}
 *                           when the provider names no account (a Mailchimp API key)
 * @param apiEndpoint        Mailchimp: the API endpoint of the account's data centre; {@code null} for other providers
 * @param createdAt          when it was first connected
 * @param updatedAt          when it last changed
 */
public record ConnectionFacts(String id, String tenantId, String provider, ConnectionKind kind, String ownerUserId,
        ConnectionStatus status, String accountFingerprint, String apiEndpoint, Instant createdAt, Instant updatedAt) {

    /** Whether token-service hands out its tokens without anyone acting first. */
    public boolean active() {
        return status == ConnectionStatus.ACTIVE;
    }

    /** Whether it is {@code tenantId}'s. */
    public boolean belongsTo(String tenantId) {
        return this.tenantId != null && this.tenantId.equals(tenantId);
    }
}
