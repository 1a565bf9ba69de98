package com.crm.integrations.token.events;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.serialization.Serdes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.Topics;
import com.crm.integrations.common.events.payload.ConnectionChange;
import com.crm.integrations.common.events.payload.ConnectionChangedV1;
import com.crm.integrations.common.events.payload.ConnectionKind;
import com.crm.integrations.common.events.payload.ConnectionStatus;
import com.crm.integrations.common.events.payload.RequiredAction;
import com.crm.integrations.common.events.payload.TokenRefreshFailedV1;
import com.crm.integrations.common.events.payload.TokenRefreshedV1;
import com.crm.integrations.common.retry.FailureCategory;
import com.crm.integrations.common.outbox.Outbox;
import com.crm.integrations.common.security.TenantId;
import com.crm.integrations.testing.IntegrationInfrastructure;
import com.crm.integrations.testing.events.AsyncApiCatalog;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * What token-service really publishes, held against docs/asyncapi.yaml: events written through the
 * outbox, sent by the real relay, read back from the broker with their headers, key and value.
 */
@QuarkusTest
@WithTestResource(IntegrationInfrastructure.class)
class PublishedEventsConformTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final AsyncApiCatalog CATALOG = AsyncApiCatalog.fromProjectRoot();

    @Inject
    Pool pool;
    @Inject
    Outbox outbox;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private KafkaCompanion kafka;
    private ConsumerTask<String, byte[]> tokenEvents;
    private TenantId tenant;

    @BeforeEach
    void readTopic() {
        kafka = new KafkaCompanion(bootstrap);
        tokenEvents = kafka.consume(Serdes.String(), Serdes.ByteArray()).withGroupId("test-" + UUID.randomUUID())
                .withOffsetReset(OffsetResetStrategy.EARLIEST).fromTopics(Topics.TOKEN_EVENTS);
        tenant = new TenantId("t-" + UUID.randomUUID());
    }

    @AfterEach
    void stopReading() {
        tokenEvents.stop();
        kafka.close();
    }

    @Test
    void everyTypeTokenServicePublishesConformsToTheCatalog() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String connection = UUID.randomUUID().toString();
        publish(EventType.CONNECTION_CHANGED, new ConnectionChangedV1(connection, "google", ConnectionKind.OAUTH, "user-7",
                ConnectionChange.CREATED, ConnectionStatus.ACTIVE, null, now));
        publish(EventType.TOKEN_REFRESHED, new TokenRefreshedV1(connection, "google", "user-7", now.plusSeconds(3599), now));
        publish(EventType.TOKEN_REFRESH_FAILED, new TokenRefreshFailedV1(connection, "google", "user-7",
                FailureCategory.AUTH, "invalid_grant", RequiredAction.USER_MUST_RECONNECT, null, 1,
                ConnectionStatus.NEEDS_REAUTH, now));

        List<ConsumerRecord<String, byte[]>> records = awaitRecords(3);

        assertEquals(List.of(EventType.CONNECTION_CHANGED.type(), EventType.TOKEN_REFRESHED.type(),
                EventType.TOKEN_REFRESH_FAILED.type()), records.stream().map(r -> headers(r).get("ce_type")).toList());
        for (ConsumerRecord<String, byte[]> record : records) {
            CATALOG.assertConforms(record.topic(), record.key(), headers(record), record.value());
        }
    }

    @Test
    void theCheckRefusesAPublishedRecordOnceItsPayloadHeadersOrKeyDiffer() {
        publish(EventType.TOKEN_REFRESHED, new TokenRefreshedV1(UUID.randomUUID().toString(), "microsoft", null, null,
                Instant.now()));
        ConsumerRecord<String, byte[]> record = awaitRecords(1).get(0);
        assertEquals(List.of(), CATALOG.violations(record.topic(), record.key(), headers(record), record.value()));

        String renamed = new String(record.value(), StandardCharsets.UTF_8).replace("\"refreshedAt\"", "\"refreshed_at\"");
        assertTrue(!CATALOG.violations(record.topic(), record.key(), headers(record),
                renamed.getBytes(StandardCharsets.UTF_8)).isEmpty(), "a renamed payload field is refused");
        Map<String, String> withoutSource = headers(record);
        withoutSource.remove("ce_source");
        assertTrue(!CATALOG.violations(record.topic(), record.key(), withoutSource, record.value()).isEmpty(),
                "a missing header is refused");
        assertTrue(!CATALOG.violations(record.topic(), "another-tenant", headers(record), record.value()).isEmpty(),
                "a key other than the tenant is refused");
        assertTrue(!CATALOG.violations(Topics.CALENDAR_EVENTS, record.key(), headers(record), record.value()).isEmpty(),
                "a type on another publisher's topic is refused");
    }

    private void publish(EventType type, Object payload) {
        pool.withTransaction(tx -> outbox.append(tx, type, tenant, payload)).await().atMost(WAIT);
    }

    private List<ConsumerRecord<String, byte[]>> awaitRecords(int count) {
        await().atMost(WAIT).until(() -> ofTenant().size() >= count);
        return ofTenant();
    }

    private List<ConsumerRecord<String, byte[]>> ofTenant() {
        return tokenEvents.getRecords().stream().filter(r -> tenant.value().equals(r.key())).toList();
    }

    private static Map<String, String> headers(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        record.headers().forEach(header -> headers.put(header.key(),
                header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8)));
        return headers;
    }
}
