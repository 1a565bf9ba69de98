package com.crm.integrations.token.rest;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.crm.integrations.common.events.payload.ConnectionKind;
import com.crm.integrations.common.events.payload.ConnectionStatus;
import com.crm.integrations.token.AccountFingerprint;
import com.crm.integrations.token.Connection;

/**
 * A connection as a sibling service needs it to decide whether it may use it: whose it is, which provider,
 * whether it works, which account and (Mailchimp) where its API is. Never a token, a key, or the account's login.
 * Every field is always present; those that do not apply are {@code null}.
 */
@Schema(name = "InternalConnection", description = "A connection's facts for sibling services (no token, key or login, ever)")
public record InternalConnectionView(
        @Schema(required = true) String id,
        @Schema(required = true, description = "The tenant the connection belongs to") String tenantId,
        @Schema(required = true, description = "Provider name, e.g. mailchimp") String provider,
        @Schema(required = true, description = "oauth (a user's) or api_key (the tenant's)") ConnectionKind kind,
        @Schema(nullable = true, description = "The user an OAuth connection belongs to; null for the tenant's API-key connections") String ownerUserId,
        @Schema(required = true, description = "active, needs_reauth (the user must reconnect), misconfigured (an operator must act), "
                + "error (the provider keeps failing; retried) or revoked") ConnectionStatus status,
        @Schema(nullable = true, description = "The provider account's fingerprint, as connection.changed.v2 carries it; null when "
                + "the provider names no account (a Mailchimp API key)") String accountFingerprint,
        @Schema(nullable = true, description = "Mailchimp: the API endpoint of the account's data centre; null for other providers") String apiEndpoint,
        @Schema(required = true) Instant createdAt,
        @Schema(required = true) Instant updatedAt) {

    public static InternalConnectionView of(Connection c) {
        return new InternalConnectionView(c.id().toString(), c.tenantId(), c.provider(), c.kind(), c.ownerUserId().orElse(null),
                c.status(), AccountFingerprint.of(c).orElse(null), c.account().apiEndpoint().map(Object::toString).orElse(null),
                c.createdAt(), c.updatedAt());
    }
}
