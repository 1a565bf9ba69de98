package com.crm.integrations.common.events.payload;

import java.time.Instant;

/**
 * {@code crm.integrations.token.refreshed.v1}, on {@code integrations.token-events}: token-service holds a new
 * access token for a connection. Consumers that cache the old one drop it and ask token-service again; the token
 * itself never travels in an event.
 *
 * @param connectionId         the connection's id in token-service
 * @param provider             the provider: {@code google}, {@code microsoft}, …
 * @param ownerUserId          the CRM user whose account it is; {@code null} for a tenant-owned connection
 * @param accessTokenExpiresAt when the new access token expires; {@code null} when it does not expire
 * @param refreshedAt          when the provider issued it
 */
public record TokenRefreshedV1(
        String connectionId,
        String provider,
        String ownerUserId,
        Instant accessTokenExpiresAt,
        Instant refreshedAt) {

    public TokenRefreshedV1 {
        Checks.text(connectionId, "connectionId");
        Checks.text(provider, "provider");
        Checks.optionalText(ownerUserId, "ownerUserId");
        Checks.required(refreshedAt, "refreshedAt");
    }
}
