package com.crm.integrations.token;

import java.util.List;
import java.util.Objects;

import jakarta.validation.constraints.NotNull;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What a tenant allows its users to connect: the providers they may connect, and whether adding
 * the tenant's API keys (Mailchimp, Mapbox) is reserved to tenant admins.
 */
@Schema(description = "Which providers a tenant's users may connect")
public record ConnectionPolicy(
        @Schema(description = "Providers the tenant's users may connect (duplicates are dropped)")
        @NotNull List<@NotNull Provider> allowedProviders,
        @Schema(description = "Whether only tenant admins may add the tenant's API keys", defaultValue = "true")
        @NotNull Boolean apiKeysRequireAdmin) {

    public static final ConnectionPolicy DEFAULTS = new ConnectionPolicy(List.of(Provider.values()), true);

    /**
     * Whether the policy lets the tenant connect {@code provider}. It names the built-in providers;
     * a provider added by configuration is governed by that configuration alone (an operator enabled it).
     */
    public static boolean allows(ConnectionPolicy policy, String provider) {
        for (Provider builtIn : Provider.values()) {
            if (builtIn.toString().equals(provider)) {
                return policy.allowedProviders().contains(builtIn);
            }
        }
        return true;
    }

    public ConnectionPolicy {
        // One canonical form (no duplicates, enum order); nulls are left for validation to report.
        if (allowedProviders != null && allowedProviders.stream().noneMatch(Objects::isNull)) {
            allowedProviders = allowedProviders.stream().distinct().sorted().toList();
        }
    }
}
