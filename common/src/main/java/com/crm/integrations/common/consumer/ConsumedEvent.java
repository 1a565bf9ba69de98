package com.crm.integrations.common.consumer;

import java.time.Instant;

import com.crm.integrations.common.security.TenantId;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A CloudEvent read from Kafka in binary mode: its attributes from the {@code ce_} headers, its
 * data the record's JSON value, and where it was read.
 *
 * @param id     {@code ce_id}, unique per source: what a consumer remembers
 * @param type   {@code ce_type}, e.g. {@code crm.integrations.token.refreshed.v1}
 * @param source {@code ce_source}, e.g. {@code /integrations/token-service}
 * @param tenant {@code ce_subject}, equal to the record's key
 * @param time   {@code ce_time}, or null when the producer set none
 * @param data   the payload, a JSON object
 */
public record ConsumedEvent(String id, String type, String source, TenantId tenant, Instant time, JsonNode data,
        String topic, int partition, long offset) {

    /** Where the record was read, for logs: {@code topic/partition@offset}. */
    public String position() {
        return topic + "/" + partition + "@" + offset;
    }
}
