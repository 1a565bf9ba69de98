package com.crm.integrations.token;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What a tenant allows its users to connect: the providers they may connect (any configured
 * provider, built-in or added by configuration), and whether adding the tenant's API keys
 * (Mailchimp, Mapbox) is reserved to tenant admins.
 */
@Schema(description = "Which providers a tenant's users may connect")
public record ConnectionPolicy(
        @Schema(description = "Providers the tenant's users may connect: names of configured providers (duplicates are dropped). "
                + "Until a tenant admin saves a policy, every configured provider.")
        @NotNull List<@NotNull @Pattern(regexp = ProviderDefinition.NAME_PATTERN) String> allowedProviders,
        @Schema(description = "Whether only tenant admins may add the tenant's API keys", defaultValue = "true")
        @NotNull Boolean apiKeysRequireAdmin) {

    public ConnectionPolicy {
        // One canonical form (no duplicates, sorted); nulls are left for validation to report.
        if (allowedProviders != null && allowedProviders.stream().noneMatch(Objects::isNull)) {
            allowedProviders = allowedProviders.stream().distinct().sorted().toList();
        }
    }

    /** The policy of a tenant that saved none: every configured provider, API keys for admins. */
    public static ConnectionPolicy defaults(Collection<String> configuredProviders) {
        return new ConnectionPolicy(List.copyOf(configuredProviders), true);
    }

    public boolean allows(String provider) {
        return allowedProviders.contains(provider);
    }
}
