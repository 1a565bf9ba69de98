package com.crm.integrations.common.events.payload;

import java.time.Instant;

/**
 * {@code crm.integrations.connection.checked.v1}, on {@code integrations.token-events}: token-service asked a provider
 * whether a connection's credential that is checked rather than refreshed (an API key, a Mailchimp OAuth token) still
 * works. Published for every check that reached a verdict or could not reach the provider, so a consumer shows when a
 * key was last found valid; a refusal also changes the connection's status ({@code connection.changed}).
 *
 * @param connectionId the connection's id in token-service
 * @param provider     the provider: {@code mapbox}, {@code mailchimp}, …
 * @param kind         how it authenticates
 * @param ownerUserId  the CRM user whose account it is; {@code null} for a tenant-owned connection (API keys)
 * @param outcome      what the check found
 * @param providerCode the provider's code for a refusal ({@code TokenRevoked}, {@code http_401}, …); {@code null}
 *                     otherwise. Never an error description
 * @param checkedAt    when the check finished
 */
public record ConnectionCheckedV1(
        String connectionId,
        String provider,
        ConnectionKind kind,
        String ownerUserId,
        ConnectionCheckOutcome outcome,
        String providerCode,
        Instant checkedAt) {

    public ConnectionCheckedV1 {
        Checks.text(connectionId, "connectionId");
        Checks.text(provider, "provider");
        Checks.required(kind, "kind");
        Checks.optionalText(ownerUserId, "ownerUserId");
        Checks.required(outcome, "outcome");
        Checks.optionalText(providerCode, "providerCode");
        if (providerCode != null && outcome != ConnectionCheckOutcome.REFUSED) {
            throw new IllegalArgumentException("providerCode is given for a refusal only, not for " + outcome.wireName());
        }
        Checks.required(checkedAt, "checkedAt");
    }
}
