package com.crm.integrations.testing.events;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * Commands as the CRM's services publish them on the command topics ({@code calendar.commands},
 * {@code mailchimp.commands}): the payload as the JSON value, CloudEvents binary-mode headers, the tenant as the key.
 * Sent to the broker of the test's {@code kafka.bootstrap.servers}.
 */
public final class CommandRecords {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static KafkaCompanion kafka;

    private CommandRecords() {
    }

    /**
     * The record of {@code payload} on {@code topic} as command {@code commandId} ({@code ce_id}) of CloudEvent type
     * {@code type}, from {@code source} ({@code /crm/<service>}).
     */
    public static ProducerRecord<String, byte[]> record(String topic, String tenant, String commandId, String type, String source,
            Object payload) {
        byte[] value;
        try {
            value = JSON.writeValueAsBytes(payload);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, tenant, value);
        Map.of("ce_specversion", "1.0", "ce_id", commandId, "ce_type", type, "ce_source", source, "ce_subject", tenant,
                "ce_time", "2026-11-30T10:00:00Z", "content-type", "application/json")
                .forEach((name, header) -> record.headers().add(name, header.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    /** Sends the records and waits until the broker took them. */
    @SafeVarargs
    public static void send(ProducerRecord<String, byte[]>... records) {
        kafka().produce(Serdes.String(), Serdes.ByteArray()).fromRecords(records).awaitCompletion(WAIT);
    }

    private static synchronized KafkaCompanion kafka() {
        if (kafka == null) {
            kafka = new KafkaCompanion(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        }
        return kafka;
    }
}
