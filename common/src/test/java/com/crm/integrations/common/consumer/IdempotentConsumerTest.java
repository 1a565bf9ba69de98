package com.crm.integrations.common.consumer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.Serdes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.Topics;
import com.crm.integrations.testing.Infrastructure;
import com.crm.integrations.testing.IntegrationInfrastructure;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** The idempotent consumer against real Kafka and PostgreSQL, through {@link ProbeConsumer}. */
@QuarkusTest
@WithTestResource(value = IntegrationInfrastructure.class, initArgs = @ResourceArg(name = "sandbox", value = "false"))
class IdempotentConsumerTest {

    private static final String TOPIC = "test.probe-events";
    private static final String DEAD_LETTER = Topics.deadLetterOf(ProbeConsumer.CONSUMER);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Pool pool;
    @Inject
    ProcessedEventPruner pruner;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private KafkaCompanion kafka;
    private ConsumerTask<String, byte[]> deadLetters;
    private String tenant;

    @BeforeEach
    void connect() {
        pool.query(ProbeConsumer.TABLE).execute().await().atMost(WAIT);
        kafka = new KafkaCompanion(bootstrap);
        deadLetters = kafka.consume(Serdes.String(), Serdes.ByteArray())
                .withGroupId("test-" + UUID.randomUUID()).withAutoCommit()
                .withOffsetReset(OffsetResetStrategy.EARLIEST)
                .fromTopics(DEAD_LETTER);
        tenant = "t-" + UUID.randomUUID();
    }

    @AfterEach
    void disconnect() {
        deadLetters.stop();
        kafka.close();
    }

    @Test
    void appliesAnEventDeliveredTwiceOnce() {
        String id = UUID.randomUUID().toString();
        send(probe(id, tenant, "{\"seq\":1}"));
        send(probe(id, tenant, "{\"seq\":1}"));
        String marker = sendGood(2);

        awaitEffect(marker);
        assertEquals(1, effects(id), "a redelivered event changes nothing");
        assertEquals(1, remembered(id));
        String metrics = io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("integrations_events_consumed_total{consumer=\"" + ProbeConsumer.CONSUMER + "\",outcome=\"duplicate\"}"),
                "duplicates are counted");
    }

    @Test
    void retriesAFailingHandlerAndAppliesOnceItSucceeds() {
        String id = UUID.randomUUID().toString();
        send(probe(id, tenant, "{\"seq\":1,\"fail\":\"once\"}"));

        awaitEffect(id);
        assertEquals(1, effects(id), "the failed attempt rolled back its effect");
        assertTrue(deadLettersOf(tenant).isEmpty());
    }

    @Test
    void deadLettersAnEventThatFailsEveryAttemptAndGoesOn() {
        String poison = UUID.randomUUID().toString();
        send(probe(poison, tenant, "{\"seq\":1,\"fail\":\"always\"}"));
        String later = sendGood(2);

        awaitEffect(later);
        ConsumerRecord<String, byte[]> parked = awaitDeadLetter(poison);
        assertEquals(0, effects(poison), "every failed attempt rolled back");
        assertEquals(0, remembered(poison), "a dead-lettered event is not remembered as processed");
        assertEquals("3", header(parked, IdempotentConsumer.ATTEMPTS_HEADER));
        assertEquals(ProbeConsumer.CONSUMER, header(parked, IdempotentConsumer.CONSUMER_HEADER));
        assertTrue(header(parked, "dead-letter-reason").startsWith("The handler failed 3 times"),
                header(parked, "dead-letter-reason"));
        assertEquals("probe told to fail", header(parked, "dead-letter-cause"));
        assertEquals(TOPIC, header(parked, "dead-letter-topic"));
        assertEquals(tenant, parked.key());
        assertEquals("{\"seq\":1,\"fail\":\"always\"}", new String(parked.value(), StandardCharsets.UTF_8),
                "the record is parked unchanged");
        assertEquals(poison, header(parked, "ce_id"));
    }

    @Test
    void deadLettersMalformedRecordsAtOnceAndGoesOn() {
        List<ProducerRecord<String, byte[]>> malformed = new ArrayList<>();
        ProducerRecord<String, byte[]> notJson = probe(UUID.randomUUID().toString(), tenant, "{\"seq\":");
        ProducerRecord<String, byte[]> notAnObject = probe(UUID.randomUUID().toString(), tenant, "[1,2]");
        ProducerRecord<String, byte[]> unknownType = withHeader(probe(UUID.randomUUID().toString(), tenant, "{}"),
                "ce_type", "crm.integrations.no-such-thing.v1");
        ProducerRecord<String, byte[]> noCloudEvent = new ProducerRecord<>(TOPIC, tenant,
                "{\"seq\":1}".getBytes(StandardCharsets.UTF_8));
        noCloudEvent.headers().add("marker", "no-ce".getBytes(StandardCharsets.UTF_8));
        ProducerRecord<String, byte[]> foreignKey = new ProducerRecord<>(TOPIC, null, "another-tenant",
                "{\"seq\":1}".getBytes(StandardCharsets.UTF_8), probe(UUID.randomUUID().toString(), tenant, "{}").headers());
        ProducerRecord<String, byte[]> badTime = withHeader(probe(UUID.randomUUID().toString(), tenant, "{}"), "ce_time",
                "yesterday");
        ProducerRecord<String, byte[]> oldSpec = withHeader(probe(UUID.randomUUID().toString(), tenant, "{\"seq\":1}"),
                "ce_specversion", "0.3");
        malformed.addAll(List.of(notJson, notAnObject, unknownType, noCloudEvent, foreignKey, badTime, oldSpec));
        malformed.forEach(this::send);
        String later = sendGood(9);

        awaitEffect(later);
        await().atMost(WAIT).until(() -> deadLettersFor(malformed).size() == malformed.size());
        List<ConsumerRecord<String, byte[]>> parked = deadLettersFor(malformed);
        assertEquals(malformed.size(), parked.size(), "every malformed record is parked");
        for (ConsumerRecord<String, byte[]> record : parked) {
            assertEquals("0", header(record, IdempotentConsumer.ATTEMPTS_HEADER), "never handled");
        }
        assertReason(notJson, "The value is not JSON");
        assertReason(notAnObject, "The value is not a JSON object");
        assertReason(unknownType, "Unknown event type crm.integrations.no-such-thing.v1 on " + TOPIC);
        assertReason(noCloudEvent, "No ce_specversion header: not a binary-mode CloudEvent");
        assertReason(foreignKey, "The record key is not the event's tenant (ce_subject)");
        assertReason(badTime, "ce_time is not an RFC 3339 timestamp");
        assertReason(oldSpec, "ce_specversion is not 1.0");
    }

    @Test
    void skipsOurOwnTypesItHasNoHandlerFor() {
        String synced = UUID.randomUUID().toString();
        send(withHeader(probe(synced, tenant, "{\"seq\":1}"), "ce_type", "crm.integrations.calendar.synced.v1"));
        String later = sendGood(2);

        awaitEffect(later);
        assertEquals(0, effects(synced));
        assertEquals(0, remembered(synced));
        assertTrue(deadLettersOf(tenant).isEmpty());
    }

    @Test
    void waitsForPostgresInsteadOfDeadLettering() {
        Infrastructure.stopPostgres();
        String id;
        try {
            id = sendGood(1);
            await().pollDelay(Duration.ofSeconds(2)).atMost(WAIT).until(() -> true);
        } finally {
            Infrastructure.startPostgres();
        }
        awaitEffect(id);
        assertEquals(1, effects(id));
        assertTrue(deadLettersOf(tenant).isEmpty(), "an outage dead-letters nothing");
    }

    @Test
    void forgetsProcessedIdsPastTheRetentionInBatches() {
        String consumer = "test-pruning-" + UUID.randomUUID();
        for (int i = 0; i < 250; i++) {
            pool.preparedQuery("INSERT INTO processed_event (consumer, event_id, processed_at) VALUES ($1, $2, now() - interval '8 days')")
                    .execute(Tuple.of(consumer, UUID.randomUUID().toString())).await().atMost(WAIT);
        }
        pool.preparedQuery("INSERT INTO processed_event (consumer, event_id, processed_at) VALUES ($1, 'recent', now() - interval '1 day')")
                .execute(Tuple.of(consumer)).await().atMost(WAIT);

        long deleted = pruner.pruneProcessedBefore(Instant.now().minus(Duration.ofDays(7))).await().atMost(WAIT);

        assertTrue(deleted >= 250, "more ids than one batch (100) were forgotten: " + deleted);
        assertEquals(1, pool.preparedQuery("SELECT count(*) FROM processed_event WHERE consumer = $1")
                .execute(Tuple.of(consumer)).await().atMost(WAIT).iterator().next().getLong(0), "within retention");
    }

    private String sendGood(int seq) {
        String id = UUID.randomUUID().toString();
        send(probe(id, tenant, "{\"seq\":" + seq + "}"));
        return id;
    }

    private static ProducerRecord<String, byte[]> probe(String id, String tenant, String json) {
        return ProbeRecords.record(TOPIC, ProbeConsumer.TYPE, id, tenant, json);
    }

    private static ProducerRecord<String, byte[]> withHeader(ProducerRecord<String, byte[]> record, String name,
            String value) {
        record.headers().remove(name);
        record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    private void send(ProducerRecord<String, byte[]> record) {
        kafka.produce(Serdes.String(), Serdes.ByteArray()).fromRecords(record).awaitCompletion(WAIT);
    }

    private void awaitEffect(String eventId) {
        await().atMost(WAIT).until(() -> effects(eventId) > 0);
    }

    private long effects(String eventId) {
        return pool.preparedQuery("SELECT count(*) FROM probe_effect WHERE event_id = $1").execute(Tuple.of(eventId))
                .await().atMost(WAIT).iterator().next().getLong(0);
    }

    private long remembered(String eventId) {
        return pool.preparedQuery("SELECT count(*) FROM processed_event WHERE consumer = $1 AND event_id = $2")
                .execute(Tuple.of(ProbeConsumer.CONSUMER, eventId)).await().atMost(WAIT).iterator().next().getLong(0);
    }

    private ConsumerRecord<String, byte[]> awaitDeadLetter(String eventId) {
        await().atMost(WAIT).until(() -> deadLetters.getRecords().stream().anyMatch(r -> eventId.equals(header(r, "ce_id"))));
        return deadLetters.getRecords().stream().filter(r -> eventId.equals(header(r, "ce_id"))).findFirst().orElseThrow();
    }

    private List<ConsumerRecord<String, byte[]>> deadLettersOf(String tenantId) {
        return deadLetters.getRecords().stream().filter(r -> tenantId.equals(r.key())).toList();
    }

    private List<ConsumerRecord<String, byte[]>> deadLettersFor(List<ProducerRecord<String, byte[]>> sent) {
        return deadLetters.getRecords().stream()
                .filter(r -> sent.stream().anyMatch(s -> sameRecord(s, r))).toList();
    }

    private void assertReason(ProducerRecord<String, byte[]> sent, String reason) {
        await().atMost(WAIT).until(() -> deadLetters.getRecords().stream().anyMatch(r -> sameRecord(sent, r)));
        ConsumerRecord<String, byte[]> parked = deadLetters.getRecords().stream().filter(r -> sameRecord(sent, r))
                .findFirst().orElseThrow();
        assertEquals(reason, header(parked, "dead-letter-reason"));
    }

    /** The parked copy of a sent record: same key, value and ce_id (or marker) header. */
    private static boolean sameRecord(ProducerRecord<String, byte[]> sent, ConsumerRecord<String, byte[]> parked) {
        return Objects.equals(sent.key(), parked.key()) && Arrays.equals(sent.value(), parked.value())
                && Objects.equals(headerOf(sent.headers().lastHeader("ce_id")), header(parked, "ce_id"))
                && Objects.equals(headerOf(sent.headers().lastHeader("ce_type")), header(parked, "ce_type"));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return headerOf(record.headers().lastHeader(name));
    }

    private static String headerOf(Header header) {
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
