package com.crm.integrations.token.rest;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.crm.integrations.common.events.payload.ConnectionKind;
import com.crm.integrations.common.events.payload.ConnectionStatus;
import com.crm.integrations.common.retry.FailureCategory;
import com.crm.integrations.token.Connection;
import com.fasterxml.jackson.annotation.JsonInclude;

/** A connection as the CRM sees it: never a token, never a key. */
@Schema(name = "Connection", description = "A connection to a provider (no token or key, ever)")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConnectionView(
        String id,
        @Schema(description = "Provider name, e.g. google") String provider,
        @Schema(description = "oauth (a user's) or api_key (the tenant's)") ConnectionKind kind,
        @Schema(description = "The user an OAuth connection belongs to; absent for the tenant's API-key connections") String ownerUserId,
        ConnectionStatus status,
        @Schema(description = "Scopes granted") List<String> scopes,
        Account account,
        @Schema(description = "When the current access token expires; absent when it does not") Instant accessTokenExpiresAt,
        Instant lastRefreshedAt,
        int consecutiveFailures,
        LastError lastError,
        @Schema(description = "Not before this time is the next refresh tried (the provider asked to wait)") Instant retryAt,
        Instant createdAt,
        Instant updatedAt,
        Instant revokedAt) {

    /** The provider account: e-mail or login, and for Mailchimp its data centre and API endpoint. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Account(String id, String login, String dataCentre, String apiEndpoint) {
    }

    /** The last failure: its category and the provider's own code. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LastError(FailureCategory category, String providerCode) {
    }

    public static ConnectionView of(Connection c) {
        return new ConnectionView(c.id().toString(), c.provider(), c.kind(), c.ownerUserId().orElse(null), c.status(), c.scopes(),
                new Account(c.account().id().orElse(null), c.account().login().orElse(null), c.account().dataCentre().orElse(null),
                        c.account().apiEndpoint().map(Object::toString).orElse(null)),
                c.accessExpiresAt().orElse(null), c.lastRefreshedAt().orElse(null), c.consecutiveFailures(),
                c.lastErrorCategory().map(category -> new LastError(category, c.lastErrorCode().orElse(null))).orElse(null),
                c.retryAt().orElse(null), c.createdAt(), c.updatedAt(), c.revokedAt().orElse(null));
    }
}
