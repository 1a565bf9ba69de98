package com.crm.integrations.common.outbox;

import java.time.OffsetDateTime;
import java.util.UUID;

/** An outbox row waiting to be published. */
record PendingEvent(long position, UUID id, String tenant, String topic, String type, String payload,
        OffsetDateTime createdAt) {
}
