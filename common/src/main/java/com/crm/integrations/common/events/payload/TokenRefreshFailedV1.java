package com.crm.integrations.common.events.payload;

import java.time.Instant;

import com.crm.integrations.common.retry.FailureCategory;

/**
 * {@code crm.integrations.token.refresh-failed.v1}, on {@code integrations.token-events}: a refresh of a
 * connection's access token failed. {@code action} says who has to act; {@code status} is the connection's status
 * after the failure (a {@code connection.changed} follows when it changed).
 *
 * @param connectionId        the connection's id in token-service
 * @param provider            the provider: {@code google}, {@code microsoft}, …
 * @param ownerUserId         the CRM user whose account it is; {@code null} for a tenant-owned connection
 * @param category            the failure's class
 * @param providerCode        the provider's own error code, for support ({@code invalid_grant},
 *                            {@code AADSTS700082}, …); {@code null} when it gave none (timeouts, 5xx without a
 *                            body). Never an error description: those may quote request data
 * @param action              who has to act
 * @param retryAt             when token-service tries again; {@code null} when it does not (the user or an operator
 *                            must act first)
 * @param consecutiveFailures how many refreshes in a row have failed, this one included (1 or more)
 * @param status              the connection's status after this failure
 * @param failedAt            when the refresh failed
 */
public record TokenRefreshFailedV1(
        String connectionId,
        String provider,
        String ownerUserId,
        FailureCategory category,
        String providerCode,
        RequiredAction action,
        Instant retryAt,
        int consecutiveFailures,
        ConnectionStatus status,
        Instant failedAt) {

    public TokenRefreshFailedV1 {
        Checks.text(connectionId, "connectionId");
        Checks.text(provider, "provider");
        Checks.optionalText(ownerUserId, "ownerUserId");
        Checks.required(category, "category");
        Checks.optionalText(providerCode, "providerCode");
        Checks.required(action, "action");
        if (consecutiveFailures < 1) {
            throw new IllegalArgumentException("consecutiveFailures counts this failure too, so it is at least 1");
        }
        Checks.required(status, "status");
        Checks.required(failedAt, "failedAt");
    }
}
