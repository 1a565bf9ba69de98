package com.crm.integrations.status.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import com.crm.integrations.status.config.RebuildConfig;

/**
 * A rebuild reads the topics with the channels' Kafka settings (a production broker wants TLS and SASL, set as
 * {@code kafka.*} like the brokers' addresses), under its own group, never committing on its own.
 */
class RebuildsKafkaSettingsTest {

    @Test
    void aRebuildsConsumerTakesTheChannelsSettingsAndItsOwnGroup() {
        Map<String, Object> channels = Map.of("bootstrap.servers", "kafka-bootstrap:9093", "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512", "group.id", "status-service.projection", "enable.auto.commit", "true");
        Rebuilds rebuilds = new Rebuilds(null, null, null, null, new Settings(), channels);

        Properties consumer = rebuilds.properties("status-service.rebuild.g7");

        assertEquals("kafka-bootstrap:9093", consumer.get("bootstrap.servers"));
        assertEquals("SASL_SSL", consumer.get("security.protocol"));
        assertEquals("SCRAM-SHA-512", consumer.get("sasl.mechanism"));
        assertEquals("status-service.rebuild.g7", consumer.get("group.id"));
        assertEquals(false, consumer.get("enable.auto.commit"));
        assertEquals("earliest", consumer.get("auto.offset.reset"));
        assertEquals(250, consumer.get("max.poll.records"));
    }

    private static final class Settings implements RebuildConfig {

        @Override
        public Duration pollInterval() {
            return Duration.ofSeconds(2);
        }

        @Override
        public Duration lease() {
            return Duration.ofSeconds(30);
        }

        @Override
        public int maxPollRecords() {
            return 250;
        }

        @Override
        public Duration keepRetired() {
            return Duration.ofHours(1);
        }

        @Override
        public Duration purgeInterval() {
            return Duration.ofMinutes(1);
        }
    }
}
