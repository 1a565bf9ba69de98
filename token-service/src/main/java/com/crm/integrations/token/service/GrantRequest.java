package com.crm.integrations.token.service;

import java.util.Objects;
import java.util.Optional;

import com.crm.integrations.common.events.payload.ConnectionKind;
import com.crm.integrations.token.ProviderAccount;
import com.crm.integrations.token.ProviderDefinition;
import com.crm.integrations.token.TokenGrant;

/**
 * A grant (OAuth tokens or an API key) to store as its owner's one live connection to a provider;
 * made by {@link #oauth} or {@link #apiKey}.
 *
 * @param ownerUserId the user of an OAuth connection; empty for the tenant's API-key connection
 * @param createdBy   who stored it (the user, or the admin who entered the key)
 */
public record GrantRequest(String tenantId, Optional<String> ownerUserId, String createdBy, ProviderDefinition provider,
        ConnectionKind kind, TokenGrant grant, ProviderAccount account) {

    public GrantRequest {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(ownerUserId, "ownerUserId");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(grant, "grant");
        Objects.requireNonNull(account, "account");
    }

    /** A user's OAuth grant: the user owns the connection and created it. */
    public static GrantRequest oauth(String tenantId, String userId, ProviderDefinition provider, TokenGrant grant,
            ProviderAccount account) {
        return new GrantRequest(tenantId, Optional.of(userId), userId, provider, ConnectionKind.OAUTH, grant, account);
    }

    /** An API key the tenant owns, entered by {@code enteredBy}. */
    public static GrantRequest apiKey(String tenantId, String enteredBy, ProviderDefinition provider, TokenGrant grant,
            ProviderAccount account) {
        return new GrantRequest(tenantId, Optional.empty(), enteredBy, provider, ConnectionKind.API_KEY, grant, account);
    }
}
