package com.crm.integrations.mailchimp.rest;

import java.time.Duration;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A webhook secret rotation's options. */
@Schema(name = "WebhookSecretRotationRequest")
public record RotationRequest(
        @Schema(description = "How long the previous secret still opens the hook, ISO-8601 (PT0S ends it at once, e.g. after a leak); "
                + "absent: integrations.mailchimp.webhooks.rotation-overlap (2 h)", example = "PT2H", nullable = true)
        Duration overlap) {
}
