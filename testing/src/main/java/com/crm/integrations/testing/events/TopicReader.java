package com.crm.integrations.testing.events;

import org.awaitility.Awaitility;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.serialization.Serdes;
import org.eclipse.microprofile.config.ConfigProvider;

import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * Reads a real topic from its beginning, in the background, the way a consumer of our events sees
 * it: records by tenant (the key), each returned record held against {@code docs/asyncapi.yaml} so
 * that a test of what a service publishes also proves it conforms.
 *
 * <pre>
 * try (TopicReader tokenEvents = TopicReader.of(Topics.TOKEN_EVENTS)) {
 *     ... the change ...
 *     List&lt;PublishedEvent&gt; events = tokenEvents.await(tenant, 2);
 * }
 * </pre>
 *
 * The broker is the configuration's {@code kafka.bootstrap.servers} (what {@code IntegrationInfrastructure}
 * supplies); each reader has its own consumer group.
 */
public final class TopicReader implements AutoCloseable {

    /** How long {@link #await} waits unless told otherwise. */
    public static final Duration WAIT = Duration.ofSeconds(30);

    private static final AsyncApiCatalog CATALOG = AsyncApiCatalog.fromProjectRoot();

    private final KafkaCompanion kafka;
    private final ConsumerTask<String, byte[]> task;

    private TopicReader(String bootstrapServers, String topic) {
        this.kafka = new KafkaCompanion(bootstrapServers);
        this.task = kafka.consume(Serdes.String(), Serdes.ByteArray()).withGroupId("test-reader-" + UUID.randomUUID())
                .withOffsetReset(OffsetResetStrategy.EARLIEST).fromTopics(topic);
    }

    /** A reader of {@code topic} on the test's broker. */
    public static TopicReader of(String topic) {
        return new TopicReader(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class), topic);
    }

    /** A reader of {@code topic} on the broker at {@code bootstrapServers}. */
    public static TopicReader of(String bootstrapServers, String topic) {
        return new TopicReader(bootstrapServers, topic);
    }

    /** The records keyed by {@code tenant} read so far, in topic order, each checked against the catalogue. */
    public List<PublishedEvent> ofTenant(String tenant) {
        return task.getRecords().stream().filter(record -> tenant.equals(record.key())).map(TopicReader::conforming)
                .toList();
    }

    /** Waits until {@code count} records keyed by {@code tenant} arrived; returns all of them (checked). */
    public List<PublishedEvent> await(String tenant, int count) {
        return await(tenant, count, WAIT);
    }

    /** As {@link #await(String, int)}, waiting at most {@code wait}. */
    public List<PublishedEvent> await(String tenant, int count, Duration wait) {
        Awaitility.await().atMost(wait).until(() -> task.getRecords().stream().filter(r -> tenant.equals(r.key())).count() >= count);
        return ofTenant(tenant);
    }

    /** Waits until {@code count} records of CloudEvent type {@code type} keyed by {@code tenant} arrived; returns them. */
    public List<PublishedEvent> awaitType(String tenant, String type, int count) {
        try {
            Awaitility.await().atMost(WAIT).until(() -> ofType(tenant, type).size() >= count);
        } catch (org.awaitility.core.ConditionTimeoutException timeout) {
            // What did arrive tells a lost event from a slow one, and which one.
            List<PublishedEvent> seen = ofTenant(tenant);
            throw new AssertionError(count + " records of " + type + " keyed " + tenant + " expected within " + WAIT.toSeconds()
                    + " s; " + seen.stream().filter(event -> type.equals(event.type())).count() + " arrived, among the tenant's "
                    + seen.size() + ": " + seen.stream().map(event -> event.type() + " " + new String(event.value(),
                            java.nio.charset.StandardCharsets.UTF_8)).toList(), timeout);
        }
        return ofType(tenant, type);
    }

    /** Every record read so far, unchecked, as the broker returned it (for tests of the check itself). */
    public List<ConsumerRecord<String, byte[]>> raw() {
        return task.getRecords();
    }

    private List<PublishedEvent> ofType(String tenant, String type) {
        return ofTenant(tenant).stream().filter(event -> type.equals(event.type())).toList();
    }

    private static PublishedEvent conforming(ConsumerRecord<String, byte[]> record) {
        PublishedEvent event = PublishedEvent.of(record);
        CATALOG.assertConforms(event.topic(), event.key(), event.headers(), event.value());
        return event;
    }

    @Override
    public void close() {
        task.stop();
        kafka.close();
    }

    /**
     * One record as a consumer sees it: topic, key (the tenant), headers (the CloudEvent attributes as
     * {@code ce_*}), and value (the JSON payload).
     */
    public record PublishedEvent(String topic, String key, Map<String, String> headers, byte[] value) {

        static PublishedEvent of(ConsumerRecord<String, byte[]> record) {
            Map<String, String> headers = new LinkedHashMap<>();
            record.headers().forEach(header -> headers.put(header.key(),
                    header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8)));
            return new PublishedEvent(record.topic(), record.key(), Map.copyOf(headers), record.value());
        }

        /** The CloudEvent type ({@code ce_type}). */
        public String type() {
            return headers.get("ce_type");
        }

        /** The CloudEvent id ({@code ce_id}). */
        public String id() {
            return headers.get("ce_id");
        }

        /** The payload as text. */
        public String json() {
            return new String(value, StandardCharsets.UTF_8);
        }
    }
}
