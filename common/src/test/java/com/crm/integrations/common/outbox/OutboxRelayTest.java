package com.crm.integrations.common.outbox;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.Topics;
import com.crm.integrations.common.security.TenantId;
import com.crm.integrations.common.sql.PostgresConfig;
import com.crm.integrations.common.sql.PostgresConnections;
import com.crm.integrations.testing.Infrastructure;
import com.crm.integrations.testing.IntegrationInfrastructure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.PoolOptions;

/** The outbox relay against real PostgreSQL and a real Kafka broker. */
@QuarkusTest
@WithTestResource(value = IntegrationInfrastructure.class, initArgs = @ResourceArg(name = "sandbox", value = "false"))
class OutboxRelayTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    /** A payload: which tenant, and the position in that tenant's sequence. */
    record Step(String tenant, int seq) {
    }

    @Inject
    Pool pool;
    @Inject
    Outbox outbox;
    @Inject
    OutboxRelayService relays;
    @Inject
    Vertx vertx;
    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @Inject
    PostgresConfig postgres;

    private KafkaCompanion kafka;
    private ConsumerTask<String, String> tokenEvents;
    private String run;

    @BeforeEach
    void readTopic() {
        kafka = new KafkaCompanion(bootstrap);
        tokenEvents = kafka.consume(Serdes.String(), Serdes.String()).withGroupId("test-" + UUID.randomUUID())
                .withOffsetReset(OffsetResetStrategy.EARLIEST).fromTopics(Topics.TOKEN_EVENTS);
        run = "r" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void stopReading() {
        tokenEvents.stop();
        kafka.close();
    }

    @Test
    void publishesACommittedEventOnceWithCloudEventHeadersAndTheTenantAsKey() {
        TenantId rolledBack = tenant("rolled-back");
        TenantId committed = tenant("committed");
        Uni<UUID> failing = pool.withTransaction(tx -> outbox.append(tx, EventType.TOKEN_REFRESHED, rolledBack,
                new Step(rolledBack.value(), 0)).chain(() -> Uni.createFrom().failure(new IllegalStateException("change refused"))));
        try {
            failing.await().atMost(WAIT);
        } catch (IllegalStateException expected) {
            // the business change failed: its transaction rolled back
        }
        UUID id = write(committed, 0);

        List<ConsumerRecord<String, String>> records = awaitRecords(committed, 1);
        ConsumerRecord<String, String> record = records.get(0);
        assertEquals(Topics.TOKEN_EVENTS, record.topic());
        assertEquals(committed.value(), record.key());
        assertEquals("1.0", header(record, "ce_specversion"));
        assertEquals(id.toString(), header(record, "ce_id"));
        assertEquals("crm.integrations.token.refreshed.v1", header(record, "ce_type"));
        assertEquals("/integrations/common-test", header(record, "ce_source"));
        assertEquals(committed.value(), header(record, "ce_subject"));
        assertEquals("application/json", header(record, "content-type"));
        assertNotNull(OffsetDateTime.parse(header(record, "ce_time")));
        assertEquals(json.valueToTree(new Step(committed.value(), 0)), readTree(record.value()));

        await().pollDelay(Duration.ofMillis(500)).atMost(WAIT).until(() -> true);
        assertEquals(1, recordsOf(committed).size(), "published exactly once");
        assertTrue(metric("integrations_outbox_published_total") >= 1, "the publish rate is counted");
        assertTrue(recordsOf(rolledBack).isEmpty(), "a rolled-back write publishes nothing");
        assertEquals(0, count("SELECT count(*) FROM outbox WHERE tenant_id = $1", rolledBack.value()));
        assertEquals(0, count("SELECT count(*) FROM outbox WHERE tenant_id = $1 AND sent_at IS NULL", committed.value()));
    }

    @Test
    void keepsWritingWhileTheBrokerIsDownAndDeliversEverythingInOrderAfterItsRestart() {
        List<TenantId> tenants = IntStream.range(0, 5).mapToObj(i -> tenant("restart-" + i)).toList();
        int perPhase = 20;
        writeRound(tenants, 0, perPhase);
        awaitRecords(tenants.get(0), 1);

        Infrastructure.stopKafka();
        try {
            writeRound(tenants, perPhase, 2 * perPhase);
            await().atMost(WAIT).until(() -> metric("integrations_outbox_pending_rows") > 0
                    && metric("integrations_outbox_oldest_pending_age_seconds") > 0);
        } finally {
            Infrastructure.startKafka();
        }
        writeRound(tenants, 2 * perPhase, 3 * perPhase);

        for (TenantId tenant : tenants) {
            List<Integer> firstSeen = firstOccurrences(awaitDistinct(tenant, 3 * perPhase));
            assertEquals(IntStream.range(0, 3 * perPhase).boxed().toList(), firstSeen, "every event, in order, for " + tenant);
        }
        await().atMost(WAIT).until(() -> metric("integrations_outbox_pending_rows") == 0);
    }

    @Test
    void twoRelaysDeliverTenThousandEventsOfFiftyTenantsOnceEachInOrder() {
        List<TenantId> tenants = IntStream.range(0, 50).mapToObj(i -> tenant("pair-" + i)).toList();
        int perTenant = 200;
        Pool secondPool = PgPool.pool(vertx, PostgresConnections.options(postgres)
                .setProperties(Map.of("search_path", postgres.schema())), new PoolOptions().setMaxSize(4));
        OutboxRelay second = relays.newRelay(secondPool);
        long periodic = vertx.setPeriodic(10, id -> second.wake());
        try {
            Multi.createFrom().iterable(tenants)
                    .onItem().transformToUni(tenant -> writeSequence(tenant, 0, perTenant)).merge(8)
                    .collect().asList().await().atMost(WAIT);

            for (TenantId tenant : tenants) {
                List<ConsumerRecord<String, String>> records = awaitRecords(tenant, perTenant);
                assertEquals(IntStream.range(0, perTenant).boxed().toList(), seqs(records),
                        "every event once, in order, for " + tenant);
            }
        } finally {
            vertx.cancelTimer(periodic);
            second.stop();
            secondPool.close().await().atMost(WAIT);
        }
        assertEquals(50 * perTenant, tenants.stream().mapToInt(t -> recordsOf(t).size()).sum(), "no duplicates");
        assertTrue(second.published() > 0, "the second relay published some events");
        assertTrue(second.published() < 50 * perTenant, "the service's relay published some events");
    }

    @Test
    void publishesAgainOncePostgresIsBack() {
        TenantId before = tenant("before-restart");
        TenantId after = tenant("after-restart");
        write(before, 0);
        awaitRecords(before, 1);

        Infrastructure.stopPostgres();
        Infrastructure.startPostgres();
        await().atMost(WAIT).ignoreExceptions().until(() -> write(after, 0) != null);

        assertEquals(1, awaitRecords(after, 1).size());
        assertEquals(0, count("SELECT count(*) FROM outbox WHERE tenant_id = $1 AND sent_at IS NULL", after.value()));
    }

    @Test
    void pollingPublishesARowWhoseNotificationWasLost() {
        TenantId tenant = tenant("unnotified");
        pool.preparedQuery("INSERT INTO outbox (id, tenant_id, topic, type, payload) VALUES ($1, $2, $3, $4, $5)")
                .execute(Tuple.of(UUID.randomUUID(), tenant.value(), Topics.TOKEN_EVENTS, EventType.TOKEN_REFRESHED.type(),
                        new JsonObject().put("tenant", tenant.value()).put("seq", 0)))
                .await().atMost(WAIT);
        await().pollDelay(Duration.ofMillis(300)).atMost(WAIT).until(() -> true);
        assertTrue(recordsOf(tenant).isEmpty(), "without a notification nothing woke the relay");

        relays.poll();

        assertEquals(1, awaitRecords(tenant, 1).size());
    }

    @Test
    void prunesSentRowsPastTheRetentionInBatchesAndNeverAPendingOne() {
        TenantId old = tenant("old");
        TenantId recent = tenant("recent");
        for (int i = 0; i < 250; i++) {
            sql("INSERT INTO outbox (id, tenant_id, topic, type, payload, sent_at) VALUES ($1, $2, $3, $4, '{}', now() - interval '8 days')",
                    UUID.randomUUID(), old.value(), Topics.TOKEN_EVENTS, EventType.TOKEN_REFRESHED.type());
        }
        sql("INSERT INTO outbox (id, tenant_id, topic, type, payload, sent_at) VALUES ($1, $2, $3, $4, '{}', now() - interval '1 day')",
                UUID.randomUUID(), recent.value(), Topics.TOKEN_EVENTS, EventType.TOKEN_REFRESHED.type());
        TenantId waiting = tenant("waiting");
        sql("INSERT INTO outbox (id, tenant_id, topic, type, payload, created_at) VALUES ($1, $2, $3, $4, '{}', now() - interval '30 days')",
                UUID.randomUUID(), waiting.value(), Topics.TOKEN_EVENTS, EventType.TOKEN_REFRESHED.type());

        long deleted = relays.pruneSentBefore(Instant.now().minus(Duration.ofDays(7))).await().atMost(WAIT);

        assertTrue(deleted >= 250, "more rows than one batch (100) were pruned: " + deleted);
        assertEquals(0, count("SELECT count(*) FROM outbox WHERE tenant_id = $1", old.value()));
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE tenant_id = $1", recent.value()), "within retention");
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE tenant_id = $1", waiting.value()), "pending: never pruned");
    }

    private TenantId tenant(String name) {
        return new TenantId(run + "-" + name);
    }

    private UUID write(TenantId tenant, int seq) {
        return pool.withTransaction(tx -> outbox.append(tx, EventType.TOKEN_REFRESHED, tenant, new Step(tenant.value(), seq)))
                .await().atMost(WAIT);
    }

    /** Each tenant's events from {@code from} to {@code to}, one transaction per event, tenants interleaved. */
    private void writeRound(List<TenantId> tenants, int from, int to) {
        for (int seq = from; seq < to; seq++) {
            for (TenantId tenant : tenants) {
                write(tenant, seq);
            }
        }
    }

    /** One tenant's events in order, five per transaction. */
    private Uni<Void> writeSequence(TenantId tenant, int from, int to) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int start = from; start < to; start += 5) {
            int first = start;
            int last = Math.min(to, start + 5);
            chain = chain.chain(() -> pool.withTransaction(tx -> {
                Uni<UUID> appended = Uni.createFrom().nullItem();
                for (int seq = first; seq < last; seq++) {
                    int s = seq;
                    appended = appended.chain(() -> outbox.append(tx, EventType.TOKEN_REFRESHED, tenant, new Step(tenant.value(), s)));
                }
                return appended;
            }).replaceWithVoid());
        }
        return chain;
    }

    private List<ConsumerRecord<String, String>> recordsOf(TenantId tenant) {
        return tokenEvents.getRecords().stream().filter(r -> tenant.value().equals(r.key())).toList();
    }

    private List<ConsumerRecord<String, String>> awaitRecords(TenantId tenant, int count) {
        await().atMost(WAIT).until(() -> recordsOf(tenant).size() >= count);
        return recordsOf(tenant);
    }

    private List<ConsumerRecord<String, String>> awaitDistinct(TenantId tenant, int count) {
        await().atMost(WAIT).until(() -> recordsOf(tenant).stream().map(r -> header(r, "ce_id")).distinct().count() >= count);
        return recordsOf(tenant);
    }

    private List<Integer> seqs(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(r -> readTree(r.value()).get("seq").asInt()).toList();
    }

    /** The order a consumer that skips redeliveries (by event id) applies them in. */
    private List<Integer> firstOccurrences(List<ConsumerRecord<String, String>> records) {
        Set<String> seen = new LinkedHashSet<>();
        List<Integer> order = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            if (seen.add(header(record, "ce_id"))) {
                order.add(readTree(record.value()).get("seq").asInt());
            }
        }
        return order;
    }

    private JsonNode readTree(String value) {
        try {
            return json.readTree(value);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void sql(String statement, Object... arguments) {
        pool.preparedQuery(statement).execute(Tuple.from(arguments)).await().atMost(WAIT);
    }

    private long count(String query, Object... arguments) {
        return pool.preparedQuery(query).execute(Tuple.from(arguments)).await().atMost(WAIT).iterator().next().getLong(0);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Sum of a Prometheus metric's samples (all label sets) at /q/metrics. */
    private static double metric(String name) {
        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.Ee+-]+)$").matcher(body);
        double sum = 0;
        while (matcher.find()) {
            sum += Double.parseDouble(matcher.group(2));
        }
        return sum;
    }
}
