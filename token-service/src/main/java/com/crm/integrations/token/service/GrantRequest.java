package com.crm.integrations.token.service;

import java.util.Objects;
import java.util.Optional;

import com.crm.integrations.common.events.payload.ConnectionKind;
import com.crm.integrations.token.ProviderAccount;
import com.crm.integrations.token.ProviderDefinition;
import com.crm.integrations.token.TokenGrant;

/**
 * A grant (OAuth tokens or an API key) to store as its owner's one live connection to a provider.
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
}
