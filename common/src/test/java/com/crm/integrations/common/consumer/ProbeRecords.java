package com.crm.integrations.common.consumer;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;

/** Binary-mode CloudEvent records for the probe consumers' topics. */
final class ProbeRecords {

    private ProbeRecords() {
    }

    static ProducerRecord<String, byte[]> record(String topic, String type, String id, String tenant, String json) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, tenant, json.getBytes(StandardCharsets.UTF_8));
        Map.of("ce_specversion", "1.0", "ce_id", id, "ce_type", type, "ce_source", "/test",
                "ce_subject", tenant, "ce_time", "2026-11-25T10:00:00Z", "content-type", "application/json")
                .forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        return record;
    }
}
