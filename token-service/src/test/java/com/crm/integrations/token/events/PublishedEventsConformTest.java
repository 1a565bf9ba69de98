package com.crm.integrations.token.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.Topics;
import com.crm.integrations.common.events.payload.ConnectionChange;
import com.crm.integrations.common.events.payload.ConnectionChangedV1;
import com.crm.integrations.common.events.payload.ConnectionChangedV2;
import com.crm.integrations.common.events.payload.ConnectionKind;
import com.crm.integrations.common.events.payload.ConnectionPolicyChangedV1;
import com.crm.integrations.common.events.payload.ConnectionStatus;
import com.crm.integrations.common.events.payload.RequiredAction;
import com.crm.integrations.common.events.payload.TokenRefreshFailedV1;
import com.crm.integrations.common.events.payload.TokenRefreshedV1;
import com.crm.integrations.common.retry.FailureCategory;
import com.crm.integrations.common.outbox.Outbox;
import com.crm.integrations.common.security.TenantId;
import com.crm.integrations.testing.contract.TestUser;
import com.crm.integrations.testing.events.AsyncApiCatalog;
import com.crm.integrations.testing.events.TopicReader;
import com.crm.integrations.testing.events.TopicReader.PublishedEvent;
import com.crm.integrations.token.AccountFingerprint;
import com.crm.integrations.token.ProviderAccount;
import com.crm.integrations.token.TokenServiceInfrastructure;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * What token-service really publishes, held against docs/asyncapi.yaml: events written through the
 * outbox, sent by the real relay, read back from the broker with their headers, key and value.
 */
@QuarkusTest
@WithTestResource(TokenServiceInfrastructure.class)
class PublishedEventsConformTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final AsyncApiCatalog CATALOG = AsyncApiCatalog.fromProjectRoot();

    @Inject
    Pool pool;
    @Inject
    Outbox outbox;

    private TopicReader tokenEvents;
    private TenantId tenant;

    @BeforeEach
    void readTopic() {
        tokenEvents = TopicReader.of(Topics.TOKEN_EVENTS);
        tenant = new TenantId(TestUser.fresh().tenant());
    }

    @AfterEach
    void stopReading() {
        tokenEvents.close();
    }

    @Test
    void everyTypeTokenServicePublishesConformsToTheCatalog() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String connection = UUID.randomUUID().toString();
        publish(EventType.CONNECTION_CHANGED, new ConnectionChangedV1(connection, "google", ConnectionKind.OAUTH, "user-7",
                ConnectionChange.CREATED, ConnectionStatus.ACTIVE, null, now));
        publish(EventType.CONNECTION_CHANGED_V2, new ConnectionChangedV2(connection, "google", ConnectionKind.OAUTH, "user-7",
                AccountFingerprint.of(tenant.value(), "google", new ProviderAccount(Optional.of("108234567890123456789"),
                        Optional.of("user-7@example.com"), Optional.empty(), Optional.empty())).orElseThrow(),
                ConnectionChange.CREATED, ConnectionStatus.ACTIVE, null, now));
        publish(EventType.CONNECTION_POLICY_CHANGED, new ConnectionPolicyChangedV1(List.of("google", "mapbox"), true, 1, now));
        publish(EventType.TOKEN_REFRESHED, new TokenRefreshedV1(connection, "google", "user-7", now.plusSeconds(3599), now));
        publish(EventType.TOKEN_REFRESH_FAILED, new TokenRefreshFailedV1(connection, "google", "user-7",
                FailureCategory.AUTH, "invalid_grant", RequiredAction.USER_MUST_RECONNECT, null, 1,
                ConnectionStatus.NEEDS_REAUTH, now));

        List<PublishedEvent> records = tokenEvents.await(tenant.value(), 5);

        assertEquals(List.of(EventType.CONNECTION_CHANGED.type(), EventType.CONNECTION_CHANGED_V2.type(),
                EventType.CONNECTION_POLICY_CHANGED.type(), EventType.TOKEN_REFRESHED.type(),
                EventType.TOKEN_REFRESH_FAILED.type()), records.stream().map(PublishedEvent::type).toList());
        for (PublishedEvent record : records) {
            CATALOG.assertConforms(record.topic(), record.key(), record.headers(), record.value());
        }
    }

    @Test
    void theCheckRefusesAPublishedRecordOnceItsPayloadHeadersOrKeyDiffer() {
        publish(EventType.TOKEN_REFRESHED, new TokenRefreshedV1(UUID.randomUUID().toString(), "microsoft", null, null,
                Instant.now()));
        PublishedEvent record = tokenEvents.await(tenant.value(), 1).get(0);
        assertEquals(List.of(), CATALOG.violations(record.topic(), record.key(), record.headers(), record.value()));

        String renamed = new String(record.value(), StandardCharsets.UTF_8).replace("\"refreshedAt\"", "\"refreshed_at\"");
        assertTrue(!CATALOG.violations(record.topic(), record.key(), record.headers(),
                renamed.getBytes(StandardCharsets.UTF_8)).isEmpty(), "a renamed payload field is refused");
        Map<String, String> withoutSource = new LinkedHashMap<>(record.headers());
        withoutSource.remove("ce_source");
        assertTrue(!CATALOG.violations(record.topic(), record.key(), withoutSource, record.value()).isEmpty(),
                "a missing header is refused");
        assertTrue(!CATALOG.violations(record.topic(), "another-tenant", record.headers(), record.value()).isEmpty(),
                "a key other than the tenant is refused");
        assertTrue(!CATALOG.violations(Topics.CALENDAR_EVENTS, record.key(), record.headers(), record.value()).isEmpty(),
                "a type on another publisher's topic is refused");
    }

    private void publish(EventType type, Object payload) {
        pool.withTransaction(tx -> outbox.append(tx, type, tenant, payload)).await().atMost(WAIT);
    }
}
