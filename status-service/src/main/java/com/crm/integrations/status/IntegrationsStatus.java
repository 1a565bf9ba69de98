package com.crm.integrations.status;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answer of {@code GET /integrations/status}: every integration the tenant's policy allows, for the caller (their
 * own connections and the tenant's) or, for a tenant admin asking {@code scope=tenant}, for every user.
 */
@Schema(description = "Every integration the tenant allows, for the caller or the whole tenant")
public record IntegrationsStatus(
        @Schema(description = "The caller's tenant") String tenantId,
        @Schema(description = "user: the caller's own connections and the tenant's; tenant: every user's", enumeration = {"user", "tenant"})
        String scope,
        @Schema(description = "The user the view is for; null for scope tenant") String userId,
        @Schema(description = "One card per integration and owner") List<IntegrationCard> integrations) {
}
