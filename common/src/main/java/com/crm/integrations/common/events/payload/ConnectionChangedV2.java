package com.crm.integrations.common.events.payload;

import java.time.Instant;

/**
 * {@code crm.integrations.connection.changed.v2}, on {@code integrations.token-events}: what {@link ConnectionChangedV1}
 * says, plus a fingerprint of the provider account the connection reaches. token-service publishes both versions for
 * every change, v1 first, in the same transaction. A consumer that keeps state per connection (sync cursors, audience
 * projections) keeps the fingerprint with it: a {@code reconnected} event whose fingerprint differs from the kept one
 * reached another provider account, and the consumer starts over rather than resume.
 *
 * @param connectionId       the connection's id in token-service
 * @param provider           the provider it connects to: {@code google}, {@code microsoft}, {@code mailchimp} or
 *                           {@code mapbox}
 * @param kind               how it authenticates
 * @param ownerUserId        the CRM user whose account it is; {@code null} for a tenant-owned connection (API keys)
 * @param accountFingerprint a stable, one-way name of the provider account: 43 base64url characters (an unpadded
 *                           SHA-256 over the tenant, the provider and the provider's id of the account, or its login
 *                           when the provider gives no id), equal for one account of one tenant at one provider and
 *                           different otherwise; never the login or id itself. {@code null} when the provider names no
 *                           account (a Mailchimp API key, an OAuth provider without identity): then it is unknown, and
 *                           two {@code null}s do not say that the account is the same
 * @param change             what happened
 * @param status             its status now
 * @param previousStatus     its status before; {@code null} when it was just {@code created}
 * @param occurredAt         when token-service made the change
 */
public record ConnectionChangedV2(
        String connectionId,
        String provider,
        ConnectionKind kind,
        String ownerUserId,
        String accountFingerprint,
        ConnectionChange change,
        ConnectionStatus status,
        ConnectionStatus previousStatus,
        Instant occurredAt) {

    public ConnectionChangedV2 {
        Checks.text(connectionId, "connectionId");
        Checks.text(provider, "provider");
        Checks.required(kind, "kind");
        Checks.optionalText(ownerUserId, "ownerUserId");
        Checks.fingerprint(accountFingerprint, "accountFingerprint");
        Checks.required(change, "change");
        Checks.required(status, "status");
        Checks.required(occurredAt, "occurredAt");
    }

    /** The v2 event of the change {@code v1} reports: its content, and the account's fingerprint ({@code null}: unknown). */
    public static ConnectionChangedV2 of(ConnectionChangedV1 v1, String accountFingerprint) {
        return new ConnectionChangedV2(v1.connectionId(), v1.provider(), v1.kind(), v1.ownerUserId(), accountFingerprint,
                v1.change(), v1.status(), v1.previousStatus(), v1.occurredAt());
    }
}
