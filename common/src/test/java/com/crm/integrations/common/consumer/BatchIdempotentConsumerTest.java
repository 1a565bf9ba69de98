package com.crm.integrations.common.consumer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.Topics;
import com.crm.integrations.testing.IntegrationInfrastructure;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The idempotent consumer handed whole polls ({@link IdempotentConsumer#processBatch}), through
 * {@link BatchProbeConsumer}: each poll applied in one transaction, with what {@link IdempotentConsumerTest} proves
 * of single records still true inside a poll.
 */
@QuarkusTest
@WithTestResource(value = IntegrationInfrastructure.class, initArgs = @ResourceArg(name = "sandbox", value = "false"))
class BatchIdempotentConsumerTest {

    private static final String DEAD_LETTER = Topics.deadLetterOf(BatchProbeConsumer.CONSUMER);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Pool pool;
    @Inject
    BatchProbeConsumer probe;

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
    void appliesAPollInOneGoAndEachEventOnce() {
        int before = probe.pollSizes().size();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            records.add(probe(id, "{\"seq\":" + i + "}"));
        }
        records.add(probe(ids.get(7), "{\"seq\":7}")); // the same event again, within the same send
        sendAll(records);

        await().atMost(WAIT).until(() -> effectsOfTenant() == 200);
        ids.forEach(id -> assertEquals(1, effects(id), "each event applied once: " + id));
        List<Integer> polls = probe.pollSizes().subList(before, probe.pollSizes().size());
        assertTrue(polls.stream().anyMatch(size -> size > 1), "records arrive a poll at a time: " + polls);
        assertTrue(polls.size() < 201, "fewer polls (transactions) than records: " + polls.size());
        assertTrue(deadLettersOf().isEmpty());
    }

    @Test
    void deadLettersOnlyTheEventThatKeepsFailingAndAppliesTheRestOfItsPoll() {
        List<String> good = new ArrayList<>();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        String poison = UUID.randomUUID().toString();
        String flaky = UUID.randomUUID().toString();
        for (int i = 0; i < 20; i++) {
            String id = UUID.randomUUID().toString();
            good.add(id);
            records.add(probe(id, "{\"seq\":" + i + "}"));
            if (i == 5) {
                records.add(probe(poison, "{\"seq\":99,\"fail\":\"always\"}"));
            }
            if (i == 12) {
                records.add(probe(flaky, "{\"seq\":98,\"fail\":\"once\"}"));
            }
        }
        sendAll(records);

        await().atMost(WAIT).until(() -> good.stream().allMatch(id -> effects(id) == 1) && effects(flaky) == 1);
        await().atMost(WAIT).until(() -> deadLettersOf().size() == 1);
        ConsumerRecord<String, byte[]> parked = deadLettersOf().get(0);
        assertEquals(poison, header(parked, "ce_id"));
        assertTrue(header(parked, "dead-letter-reason").startsWith("The handler failed 3 times"), header(parked, "dead-letter-reason"));
        assertEquals(0, effects(poison), "every attempt at the poison rolled back");
        assertEquals(0, remembered(poison));
        good.forEach(id -> assertEquals(1, effects(id), "applied once though its poll was rolled back: " + id));
    }

    @Test
    void deadLettersMalformedRecordsOfAPollAtOnceAndSkipsOursWithoutAHandler() {
        String notJson = UUID.randomUUID().toString();
        String unfit = UUID.randomUUID().toString();
        String unknown = UUID.randomUUID().toString();
        String skipped = UUID.randomUUID().toString();
        String first = UUID.randomUUID().toString();
        String last = UUID.randomUUID().toString();
        ProducerRecord<String, byte[]> unknownType = probe(unknown, "{}");
        unknownType.headers().remove("ce_type");
        unknownType.headers().add("ce_type", "crm.integrations.no-such-thing.v1".getBytes(StandardCharsets.UTF_8));
        ProducerRecord<String, byte[]> ours = probe(skipped, "{\"seq\":3}");
        ours.headers().remove("ce_type");
        ours.headers().add("ce_type", "crm.integrations.calendar.synced.v2".getBytes(StandardCharsets.UTF_8));
        sendAll(List.of(probe(first, "{\"seq\":1}"), probe(notJson, "{\"seq\":"), probe(unfit, "[1]"), unknownType, ours,
                probe(last, "{\"seq\":2}")));

        await().atMost(WAIT).until(() -> effects(first) == 1 && effects(last) == 1);
        await().atMost(WAIT).until(() -> deadLettersOf().size() == 3);
        assertEquals(List.of(notJson, unfit, unknown), deadLettersOf().stream().map(r -> header(r, "ce_id")).toList(),
                "the malformed ones, in order, and nothing else");
        deadLettersOf().forEach(r -> assertEquals("0", header(r, IdempotentConsumer.ATTEMPTS_HEADER)));
        assertEquals(0, effects(skipped));
        assertEquals(0, remembered(skipped));
    }

    private ProducerRecord<String, byte[]> probe(String id, String json) {
        return ProbeRecords.record(BatchProbeConsumer.TOPIC, ProbeConsumer.TYPE, id, tenant, json);
    }

    /** Sends every record in one go, so that the consumer's polls hold several. */
    private void sendAll(List<ProducerRecord<String, byte[]>> records) {
        kafka.produce(Serdes.String(), Serdes.ByteArray()).fromRecords(records).awaitCompletion(WAIT);
    }

    private long effectsOfTenant() {
        return count("SELECT count(*) FROM probe_effect WHERE tenant_id = $1", Tuple.of(tenant));
    }

    private long effects(String eventId) {
        return count("SELECT count(*) FROM probe_effect WHERE event_id = $1", Tuple.of(eventId));
    }

    private long remembered(String eventId) {
        return count("SELECT count(*) FROM processed_event WHERE consumer = $1 AND event_id = $2",
                Tuple.of(BatchProbeConsumer.CONSUMER, eventId));
    }

    private long count(String sql, Tuple arguments) {
        return pool.preparedQuery(sql).execute(arguments).await().atMost(WAIT).iterator().next().getLong(0);
    }

    private List<ConsumerRecord<String, byte[]>> deadLettersOf() {
        return deadLetters.getRecords().stream().filter(r -> tenant.equals(r.key())).toList();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
