package com.crm.integrations.token.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.Topics;
import com.crm.integrations.common.events.payload.CalendarBatchCompletedV1;
import com.crm.integrations.common.events.payload.CalendarEventChange;
import com.crm.integrations.common.events.payload.CalendarEventChangedV1;
import com.crm.integrations.common.events.payload.CalendarEventChangedV2;
import com.crm.integrations.common.events.payload.CalendarProvider;
import com.crm.integrations.common.events.payload.CalendarSyncFailedV1;
import com.crm.integrations.common.events.payload.CalendarSyncFailedV2;
import com.crm.integrations.common.events.payload.CalendarSyncedV1;
import com.crm.integrations.common.events.payload.CalendarSyncedV2;
import com.crm.integrations.common.events.payload.CampaignChange;
import com.crm.integrations.common.events.payload.CampaignChangedV1;
import com.crm.integrations.common.events.payload.CampaignStatus;
import com.crm.integrations.common.events.payload.ChangeOrigin;
import com.crm.integrations.common.events.payload.ConnectionChange;
import com.crm.integrations.common.events.payload.ConnectionChangedV1;
import com.crm.integrations.common.events.payload.ConnectionChangedV2;
import com.crm.integrations.common.events.payload.ConnectionKind;
import com.crm.integrations.common.events.payload.ConnectionPolicyChangedV1;
import com.crm.integrations.common.events.payload.ConnectionStatus;
import com.crm.integrations.common.events.payload.EventPayloads;
import com.crm.integrations.common.events.payload.RequiredAction;
import com.crm.integrations.common.events.payload.SubscriberChange;
import com.crm.integrations.common.events.payload.SubscriberChangedV1;
import com.crm.integrations.common.events.payload.SubscriberSource;
import com.crm.integrations.common.events.payload.SubscriberStatus;
import com.crm.integrations.common.events.payload.TokenRefreshFailedV1;
import com.crm.integrations.common.events.payload.TokenRefreshedV1;
import com.crm.integrations.common.retry.FailureCategory;
import com.crm.integrations.common.outbox.OutboxRelayService;
import com.crm.integrations.testing.events.AsyncApiCatalog;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The payload records in {@code common} and docs/asyncapi.yaml describe the same events: every {@link EventType} is
 * catalogued on its topic and nothing else is; each record, serialised as Quarkus serialises it, conforms to its
 * message; and each schema names exactly the record's fields, requires exactly its non-nullable ones, and lists
 * exactly its enums' wire values. Plain JUnit: no Quarkus, no broker.
 */
class EventCatalogTest {

    private static final String TENANT = "tenant-acme";
    private static final Instant AT = Instant.parse("2026-03-02T10:15:30.123456Z");
    private static final String LINK = "0f8e2d4c-6b1a-4c9e-8d7f-3a2b1c0d9e8f";
    private static final LocalDate DAY = LocalDate.parse("2026-03-05");

    /** The service (quarkus.application.name) that publishes on each event topic. */
    private static final Map<String, String> PUBLISHERS = Map.of(
            Topics.TOKEN_EVENTS, "token-service",
            Topics.CALENDAR_EVENTS, "calendar-service",
            Topics.MAILCHIMP_EVENTS, "mailchimp-service");

    /** Configured as Quarkus configures its ObjectMapper (the one the outbox uses). */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static AsyncApiCatalog catalog;

    @BeforeAll
    static void loadCatalog() {
        catalog = AsyncApiCatalog.fromProjectRoot();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void cataloguesEachTypeOnItsTopic(EventType type) {
        assertEquals(Optional.of(type.topic()), catalog.channelOf(type.type()));
    }

    @Test
    void cataloguesNoTypeWeDoNotPublish() {
        // When
        Set<String> unknown = catalog.messageTypes().stream()
                .filter(messageType -> EventType.ofType(messageType).isEmpty())
                .collect(Collectors.toSet());
        // Then
        assertEquals(Set.of(), unknown);
    }

    @Test
    void cataloguesEveryTopic() {
        assertEquals(Set.of(Topics.TOKEN_EVENTS, Topics.CALENDAR_EVENTS, Topics.MAILCHIMP_EVENTS,
                Topics.CALENDAR_COMMANDS, Topics.MAILCHIMP_COMMANDS), catalog.channelAddresses());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void samplesAreThePayloadRecordsOfTheirTypes(EventType type) {
        assertEquals(EventPayloads.classOf(type), full(type).getClass());
        assertEquals(EventPayloads.classOf(type), sparse(type).getClass());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void fullyPopulatedPayloadConformsToTheCatalog(EventType type) throws IOException {
        // Given
        byte[] value = JSON.writeValueAsBytes(full(type));
        // When
        List<String> violations = catalog.violations(type.topic(), TENANT, headers(type), value);
        // Then
        assertEquals(List.of(), violations);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void payloadWithItsNullableFieldsNullConformsToTheCatalog(EventType type) throws IOException {
        // Given
        byte[] value = JSON.writeValueAsBytes(sparse(type));
        // When
        List<String> violations = catalog.violations(type.topic(), TENANT, headers(type), value);
        // Then
        assertEquals(List.of(), violations);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaNamesExactlyTheRecordsFields(EventType type) {
        // Given
        JsonNode schema = catalog.payloadSchema(type.type());
        // When
        Set<String> described = new TreeSet<>();
        schema.path("properties").properties().forEach(property -> described.add(property.getKey()));
        // Then
        assertEquals(fieldNames(type), described);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaRequiresExactlyTheFieldsThatCannotBeNull(EventType type) {
        // Given
        JsonNode sparse = JSON.valueToTree(sparse(type));
        Set<String> neverNull = new TreeSet<>();
        sparse.properties().stream().filter(field -> !field.getValue().isNull()).forEach(field -> neverNull.add(field.getKey()));
        // When
        Set<String> required = new TreeSet<>();
        catalog.payloadSchema(type.type()).path("required").forEach(name -> required.add(name.asText()));
        // Then
        assertEquals(neverNull, required);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaListsExactlyTheWireValuesOfEachEnum(EventType type) {
        // Given
        JsonNode properties = catalog.payloadSchema(type.type()).path("properties");
        for (RecordComponent component : EventPayloads.classOf(type).getRecordComponents()) {
            if (!component.getType().isEnum()) {
                continue;
            }
            // When
            Set<String> catalogued = new TreeSet<>();
            properties.path(component.getName()).path("enum").forEach(value -> {
                if (!value.isNull()) {
                    catalogued.add(value.asText());
                }
            });
            // Then
            Set<String> wireValues = Arrays.stream(component.getType().getEnumConstants())
                    .map(constant -> JSON.valueToTree(constant).asText())
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(wireValues, catalogued, type + " " + component.getName());
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void consumersReadBackWhatWasWritten(EventType type) throws IOException {
        // Given
        Record full = full(type);
        Record sparse = sparse(type);
        // When
        Object fullRead = JSON.readValue(JSON.writeValueAsBytes(full), EventPayloads.classOf(type));
        Object sparseRead = JSON.readValue(JSON.writeValueAsBytes(sparse), EventPayloads.classOf(type));
        // Then
        assertEquals(full, fullRead);
        assertEquals(sparse, sparseRead);
    }

    @Test
    void subscriberChangedHidesTheEmailWhenLogged() {
        // When
        String logged = full(EventType.SUBSCRIBER_CHANGED).toString();
        // Then
        assertFalse(logged.contains("ada@example.com"), logged);
    }

    private static Set<String> fieldNames(EventType type) {
        return Arrays.stream(EventPayloads.classOf(type).getRecordComponents())
                .map(RecordComponent::getName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** What the outbox relay puts on a record: the CloudEvent attributes of a binary-mode event. */
    private static Map<String, String> headers(EventType type) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce_specversion", "1.0");
        headers.put("ce_id", UUID.randomUUID().toString());
        headers.put("ce_source", OutboxRelayService.sourceOf(PUBLISHERS.get(type.topic())));
        headers.put("ce_type", type.type());
        headers.put("ce_time", AT.toString());
        headers.put("ce_subject", TENANT);
        headers.put("content-type", "application/json");
        return headers;
    }

    /** A payload of {@code type} with every field set. */
    @SuppressWarnings("deprecation") // the superseded calendar v1 stay catalogued until they are removed
    private static Record full(EventType type) {
        return switch (type) {
            case CONNECTION_CHANGED -> new ConnectionChangedV1("7d1f2c9e-5b7a-4f0e-9b62-0c1d2e3f4a5b", "google",
                    ConnectionKind.OAUTH, "user-42", ConnectionChange.STATUS_CHANGED, ConnectionStatus.NEEDS_REAUTH,
                    ConnectionStatus.ACTIVE, AT);
            case CONNECTION_CHANGED_V2 -> new ConnectionChangedV2("7d1f2c9e-5b7a-4f0e-9b62-0c1d2e3f4a5b", "google",
                    ConnectionKind.OAUTH, "user-42", "Vb0k7cA4yq3J1wX9mR2tE8nZ5pL6sH0uG4fD7aK1oQc", ConnectionChange.RECONNECTED,
                    ConnectionStatus.ACTIVE, ConnectionStatus.NEEDS_REAUTH, AT);
            case CONNECTION_POLICY_CHANGED -> new ConnectionPolicyChangedV1(List.of("acme", "google", "mailchimp"), false, 12, AT);
            case TOKEN_REFRESHED -> new TokenRefreshedV1("2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091", "microsoft", "user-42",
                    AT.plusSeconds(3599), AT);
            case TOKEN_REFRESH_FAILED -> new TokenRefreshFailedV1("2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091", "microsoft",
                    "user-42", FailureCategory.RATE_LIMIT, "AADSTS50196", RequiredAction.WAIT_AND_RETRY,
                    AT.plusSeconds(60), 2, ConnectionStatus.ACTIVE, AT);
            case CALENDAR_SYNCED -> new CalendarSyncedV1("7d1f2c9e-5b7a-4f0e-9b62-0c1d2e3f4a5b", CalendarProvider.GOOGLE,
                    "user-42", "primary", true, 250, 3, 1, AT);
            case CALENDAR_SYNCED_V2 -> new CalendarSyncedV2("7d1f2c9e-5b7a-4f0e-9b62-0c1d2e3f4a5b", LINK,
                    CalendarProvider.GOOGLE, "user-42", "primary", true, 250, 3, 1, 412, 37, AT);
            case CALENDAR_SYNC_FAILED -> new CalendarSyncFailedV1("7d1f2c9e-5b7a-4f0e-9b62-0c1d2e3f4a5b",
                    CalendarProvider.GOOGLE, "user-42", "primary", FailureCategory.RATE_LIMIT, "rateLimitExceeded",
                    AT.plusSeconds(300), AT);
            case CALENDAR_SYNC_FAILED_V2 -> new CalendarSyncFailedV2("7d1f2c9e-5b7a-4f0e-9b62-0c1d2e3f4a5b", LINK,
                    CalendarProvider.GOOGLE, "user-42", "primary", FailureCategory.RATE_LIMIT, "rateLimitExceeded",
                    RequiredAction.WAIT_AND_RETRY, "Google Calendar asked us to slow down: the sync resumes in 5 minutes.",
                    AT.plusSeconds(300), 3, AT);
            case CALENDAR_BATCH_COMPLETED -> new CalendarBatchCompletedV1("batch-0001", "2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091",
                    CalendarProvider.MICROSOFT, 20, 19, 1, AT);
            case CALENDAR_EVENT_CHANGED -> new CalendarEventChangedV1("7d1f2c9e-5b7a-4f0e-9b62-0c1d2e3f4a5b",
                    CalendarProvider.GOOGLE, "user-42", "primary", "crm4f9k2l0a8b", "act-8812",
                    CalendarEventChange.UPDATED, ChangeOrigin.PROVIDER, AT.plusSeconds(86_400),
                    AT.plusSeconds(88_200), AT);
            case CALENDAR_EVENT_CHANGED_V2 -> new CalendarEventChangedV2("7d1f2c9e-5b7a-4f0e-9b62-0c1d2e3f4a5b", LINK,
                    CalendarProvider.GOOGLE, "user-42", "primary", "7k2m9q4r1t8v_20260305", "act-8812", "7k2m9q4r1t8v",
                    CalendarEventChangedV2.midnightUtc(DAY), CalendarEventChange.UPDATED, ChangeOrigin.PROVIDER, true,
                    CalendarEventChangedV2.midnightUtc(DAY), CalendarEventChangedV2.midnightUtc(DAY.plusDays(1)), DAY,
                    DAY.plusDays(1), AT);
            case SUBSCRIBER_CHANGED -> new SubscriberChangedV1("a6b5da1054", "0d4a1ec3c2f3a1b8e5a7c4d2b1f0e9a8",
                    "ada@example.com", SubscriberChange.UPEMAIL, SubscriberStatus.SUBSCRIBED, "manual", "4d1c0b2a9f",
                    "62ca8a2d2a6a8e2b6f3a3b5d5bb8b5e1", SubscriberSource.WEBHOOK, AT);
            case CAMPAIGN_CHANGED -> new CampaignChangedV1("4d1c0b2a9f", "a6b5da1054", "Spring news",
                    CampaignStatus.SENT, CampaignChange.SENT, AT);
        };
    }

    /** A payload of {@code type} with every field that may be null set to null. */
    @SuppressWarnings("deprecation") // the superseded calendar v1 stay catalogued until they are removed
    private static Record sparse(EventType type) {
        return switch (type) {
            case CONNECTION_CHANGED -> new ConnectionChangedV1("c-1", "mapbox", ConnectionKind.API_KEY, null,
                    ConnectionChange.CREATED, ConnectionStatus.ACTIVE, null, AT);
            case CONNECTION_CHANGED_V2 -> new ConnectionChangedV2("c-1", "mailchimp", ConnectionKind.API_KEY, null, null,
                    ConnectionChange.CREATED, ConnectionStatus.ACTIVE, null, AT);
            case CONNECTION_POLICY_CHANGED -> new ConnectionPolicyChangedV1(List.of(), true, 1, AT);
            case TOKEN_REFRESHED -> new TokenRefreshedV1("c-1", "google", null, null, AT);
            case TOKEN_REFRESH_FAILED -> new TokenRefreshFailedV1("c-1", "google", null, FailureCategory.AUTH, null,
                    RequiredAction.USER_MUST_RECONNECT, null, 1, ConnectionStatus.NEEDS_REAUTH, AT);
            case CALENDAR_SYNCED -> new CalendarSyncedV1("c-1", CalendarProvider.MICROSOFT, "user-42", "AAMkAGI2",
                    false, 0, 0, 0, AT);
            case CALENDAR_SYNCED_V2 -> new CalendarSyncedV2("c-1", LINK, CalendarProvider.MICROSOFT, "user-42", "AAMkAGI2",
                    false, 0, 0, 0, 0, 0, AT);
            case CALENDAR_SYNC_FAILED -> new CalendarSyncFailedV1("c-1", CalendarProvider.MICROSOFT, "user-42", "AAMkAGI2",
                    FailureCategory.TRANSIENT, null, null, AT);
            case CALENDAR_SYNC_FAILED_V2 -> new CalendarSyncFailedV2("c-1", LINK, CalendarProvider.MICROSOFT, "user-42",
                    "AAMkAGI2", FailureCategory.AUTH, null, RequiredAction.USER_MUST_RECONNECT,
                    "Outlook no longer accepts this connection: reconnect your Microsoft account.", null, 1, AT);
            case CALENDAR_BATCH_COMPLETED -> new CalendarBatchCompletedV1("batch-0002", "c-1", CalendarProvider.GOOGLE,
                    0, 0, 0, AT);
            case CALENDAR_EVENT_CHANGED -> new CalendarEventChangedV1("c-1", CalendarProvider.MICROSOFT, "user-42",
                    "AAMkAGI2", "AAMkAGI2TAAA=", null, CalendarEventChange.DELETED, ChangeOrigin.CRM, null, null, AT);
            case CALENDAR_EVENT_CHANGED_V2 -> new CalendarEventChangedV2("c-1", LINK, CalendarProvider.MICROSOFT, "user-42",
                    "AAMkAGI2", "AAMkAGI2TAAA=", null, null, null, CalendarEventChange.DELETED, ChangeOrigin.CRM, false, null,
                    null, null, null, AT);
            case SUBSCRIBER_CHANGED -> new SubscriberChangedV1("a6b5da1054", "62ca8a2d2a6a8e2b6f3a3b5d5bb8b5e1", null,
                    SubscriberChange.PROFILE, SubscriberStatus.SUBSCRIBED, null, null, null, SubscriberSource.SYNC, AT);
            case CAMPAIGN_CHANGED -> new CampaignChangedV1("4d1c0b2a9f", null, null, CampaignStatus.SAVE,
                    CampaignChange.CREATED, AT);
        };
    }
}
