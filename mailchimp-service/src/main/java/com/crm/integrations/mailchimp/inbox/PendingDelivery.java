package com.crm.integrations.mailchimp.inbox;

import java.time.Instant;
import java.util.Map;

/** A stored delivery waiting to be applied, as the processor reads it. */
public record PendingDelivery(long id, String type, Instant firedAt, Instant receivedAt, Map<String, Object> fields,
        String subscriberHash, int attempts) {
}
