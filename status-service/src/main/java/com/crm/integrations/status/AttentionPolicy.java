package com.crm.integrations.status;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * When a tenant's integration is reported as needing attention: after how many consecutive
 * failures, and whether the tenant's admins are told.
 */
@Schema(description = "When an integration is reported as needing attention")
public record AttentionPolicy(
        @Schema(description = "Consecutive failures before an integration needs attention", minimum = "1", maximum = "20", defaultValue = "3")
        @NotNull @Min(1) @Max(20) Integer failuresBeforeAttention,
        @Schema(description = "Whether the tenant's admins are notified when one does", defaultValue = "true")
        @NotNull Boolean notifyTenantAdmins) {

    public static final AttentionPolicy DEFAULTS = new AttentionPolicy(3, true);
}
