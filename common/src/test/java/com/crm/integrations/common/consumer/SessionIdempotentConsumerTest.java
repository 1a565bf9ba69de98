package com.crm.integrations.common.consumer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
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
 * The idempotent consumer on Hibernate Reactive, through {@link SessionProbeConsumer}: the entity, the
 * outbox row and the processed id commit or roll back together.
 */
@QuarkusTest
@WithTestResource(value = IntegrationInfrastructure.class, initArgs = @ResourceArg(name = "sandbox", value = "false"))
class SessionIdempotentConsumerTest {

    private static final String TOPIC = "test.session-probe-events";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Pool pool;
    @Inject
    SessionProbeConsumer probe;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private KafkaCompanion kafka;
    private ConsumerTask<String, byte[]> deadLetters;
    private String tenant;

    @BeforeEach
    void connect() {
        pool.query(ProbeNote.TABLE).execute().await().atMost(WAIT);
        kafka = new KafkaCompanion(bootstrap);
        deadLetters = kafka.consume(Serdes.String(), Serdes.ByteArray())
                .withGroupId("test-" + UUID.randomUUID()).withAutoCommit()
                .withOffsetReset(OffsetResetStrategy.EARLIEST)
                .fromTopics(Topics.deadLetterOf(SessionProbeConsumer.CONSUMER));
        tenant = "t-" + UUID.randomUUID();
    }

    @AfterEach
    void disconnect() {
        deadLetters.stop();
        kafka.close();
    }

    @Test
    void commitsTheEntityTheOutboxRowAndTheProcessedIdTogether() {
        // Given
        String id = UUID.randomUUID().toString();

        // When
        send(id, "{\"seq\":7}");

        // Then
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM probe_note WHERE event_id = $1", id) == 1);
        assertEquals(1, count("SELECT count(*) FROM processed_event WHERE consumer = $1 AND event_id = $2",
                SessionProbeConsumer.CONSUMER, id));
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE tenant_id = $1 AND jsonb_typeof(payload) = 'object'"
                + " AND payload->>'eventId' = $2 AND (payload->>'seq')::int = 7", tenant, id),
                "the payload is stored as a JSON object, not as a JSON string");
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM outbox WHERE tenant_id = $1 AND sent_at IS NOT NULL",
                tenant) == 1);
    }

    @Test
    void rollsBackTheEntityTheOutboxRowAndTheProcessedIdWhenTheHandlerFails() {
        // Given
        String poison = UUID.randomUUID().toString();

        // When
        send(poison, "{\"seq\":1,\"fail\":\"always\"}");

        // Then
        await().atMost(WAIT).until(() -> deadLetters.getRecords().stream().anyMatch(r -> poison.equals(ceId(r))));
        assertEquals(3, probe.sessionsOf(poison).size(), "every attempt ran");
        assertEquals(0, count("SELECT count(*) FROM probe_note WHERE event_id = $1", poison), "no entity");
        assertEquals(0, count("SELECT count(*) FROM outbox WHERE tenant_id = $1", tenant), "no outbox row");
        assertEquals(0, count("SELECT count(*) FROM processed_event WHERE consumer = $1 AND event_id = $2",
                SessionProbeConsumer.CONSUMER, poison), "no processed id");
    }

    @Test
    void retriesAFailedAttemptInAFreshSession() {
        // Given
        String id = UUID.randomUUID().toString();

        // When
        send(id, "{\"seq\":2,\"fail\":\"once\"}");

        // Then
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM probe_note WHERE event_id = $1", id) == 1);
        assertEquals(2, probe.sessionsOf(id).size());
        assertNotSame(probe.sessionsOf(id).get(0), probe.sessionsOf(id).get(1),
                "the retry does not reuse the session the failed attempt left dirty");
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE tenant_id = $1", tenant),
                "the failed attempt's outbox row rolled back");
        assertTrue(deadLetters.getRecords().stream().noneMatch(r -> tenant.equals(r.key())));
    }

    @Test
    void appliesAnEventDeliveredTwiceOnce() {
        // Given
        String id = UUID.randomUUID().toString();
        send(id, "{\"seq\":3}");

        // When
        send(id, "{\"seq\":3}");
        String later = UUID.randomUUID().toString();
        send(later, "{\"seq\":4}");

        // Then
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM probe_note WHERE event_id = $1", later) == 1);
        assertEquals(1, probe.sessionsOf(id).size(), "the redelivery found the processed id and changed nothing");
        assertEquals(2, count("SELECT count(*) FROM outbox WHERE tenant_id = $1", tenant));
    }

    private void send(String id, String json) {
        kafka.produce(Serdes.String(), Serdes.ByteArray())
                .fromRecords(ProbeRecords.record(TOPIC, SessionProbeConsumer.TYPE, id, tenant, json))
                .awaitCompletion(WAIT);
    }

    private long count(String sql, Object... parameters) {
        return pool.preparedQuery(sql).execute(Tuple.from(parameters)).await().atMost(WAIT).iterator().next().getLong(0);
    }

    private static String ceId(ConsumerRecord<String, byte[]> record) {
        var header = record.headers().lastHeader("ce_id");
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
