package com.crm.integrations.mailchimp.webhook;

import java.util.Arrays;
import java.util.Optional;

import com.crm.integrations.common.events.payload.WireNamed;

/** Where a stored webhook delivery stands (docs/mailchimp.md, "Deliveries"). */
public enum DeliveryStatus implements WireNamed {
    /** Stored, waiting to be applied (or waiting for a retry, or for the post that explains it). */
    PENDING("pending"),
    /** Applied to the projection; its event is in the outbox. */
    APPLIED("applied"),
    /** Older than what the projection already holds of that member: nothing changed, no event. */
    SUPERSEDED("superseded"),
    /** Its {@code fired_at} was outside the replay tolerance on receipt: kept, never applied. */
    STALE("stale"),
    /** Authentic (right hook and secret) but not a post we can apply: kept with the reason, never applied. */
    REJECTED("rejected"),
    /** Failed to apply too many times, or waited in vain for what explains it: kept with the reason, replayable. */
    PARKED("parked"),
    /** Its audience was unlinked before it was applied. */
    ORPHANED("orphaned");

    private final String wireName;

    DeliveryStatus(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    public static Optional<DeliveryStatus> of(String wireName) {
        return Arrays.stream(values()).filter(status -> status.wireName.equals(wireName)).findFirst();
    }
}
