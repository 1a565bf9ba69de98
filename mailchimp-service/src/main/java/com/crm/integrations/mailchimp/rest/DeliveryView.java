package com.crm.integrations.mailchimp.rest;

import java.time.Instant;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.crm.integrations.mailchimp.repository.DeliveryRows;

/** A stored webhook post. Personal data: the fields and body hold the member's address and profile. */
@Schema(name = "WebhookDelivery")
public record DeliveryView(
        @Schema(description = "Its id, in receipt order") long id,
        String audienceId,
        @Schema(description = "The posted type, verbatim", nullable = true) String type,
        @Schema(description = "The posted fired_at, read as UTC", nullable = true) Instant firedAt,
        Instant receivedAt,
        @Schema(enumeration = { "pending", "applied", "superseded", "stale", "rejected", "parked", "orphaned" }) String status,
        @Schema(description = "Why it is rejected, stale, parked, waiting or superseded", nullable = true) String reason,
        @Schema(description = "Failed attempts to apply it") int attempts,
        @Schema(nullable = true) Instant processedAt,
        @Schema(description = "The decoded form, PHP-style keys nested (unknown keys kept)") Map<String, Object> fields,
        @Schema(description = "The body exactly as posted (bytes that are not UTF-8 shown as U+FFFD)") String rawBody) {

    static DeliveryView of(DeliveryRows.StoredDelivery delivery) {
        return new DeliveryView(delivery.id(), delivery.audienceId(), delivery.type(), delivery.firedAt(), delivery.receivedAt(),
                delivery.status(), delivery.reason(), delivery.attempts(), delivery.processedAt(), delivery.fields(),
                delivery.rawBody());
    }
}
