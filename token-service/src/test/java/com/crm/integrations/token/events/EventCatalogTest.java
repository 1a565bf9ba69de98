package com.crm.integrations.token.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
import com.crm.integrations.common.events.payload.AudienceChange;
import com.crm.integrations.common.events.payload.AudienceChangedV1;
import com.crm.integrations.common.events.payload.AudienceLinkState;
import com.crm.integrations.common.events.payload.CalendarBatchCommandV1;
import com.crm.integrations.common.events.payload.CalendarBatchCompletedV1;
import com.crm.integrations.common.events.payload.CalendarBatchCompletedV2;
import com.crm.integrations.common.events.payload.CalendarBatchFilter;
import com.crm.integrations.common.events.payload.CalendarBatchItem;
import com.crm.integrations.common.events.payload.CalendarBatchOutcome;
import com.crm.integrations.common.events.payload.CalendarCommandAction;
import com.crm.integrations.common.events.payload.CalendarCommandFailedV1;
import com.crm.integrations.common.events.payload.CalendarEventChange;
import com.crm.integrations.common.events.payload.CalendarEventChangedV1;
import com.crm.integrations.common.events.payload.CalendarEventChangedV2;
import com.crm.integrations.common.events.payload.CalendarEventCommandV1;
import com.crm.integrations.common.events.payload.CalendarEventFields;
import com.crm.integrations.common.events.payload.CalendarProvider;
import com.crm.integrations.common.events.payload.CalendarSyncFailedV1;
import com.crm.integrations.common.events.payload.CalendarSyncFailedV2;
import com.crm.integrations.common.events.payload.CalendarSyncedV1;
import com.crm.integrations.common.events.payload.CalendarSyncedV2;
import com.crm.integrations.common.events.payload.CampaignChange;
import com.crm.integrations.common.events.payload.CampaignChangedV1;
import com.crm.integrations.common.events.payload.CampaignCommandAction;
import com.crm.integrations.common.events.payload.CampaignContent;
import com.crm.integrations.common.events.payload.CampaignSettings;
import com.crm.integrations.common.events.payload.CampaignStatus;
import com.crm.integrations.common.events.payload.ChangeOrigin;
import com.crm.integrations.common.events.payload.ConnectionChange;
import com.crm.integrations.common.events.payload.ConnectionChangedV1;
import com.crm.integrations.common.events.payload.ConnectionChangedV2;
import com.crm.integrations.common.events.payload.ConnectionCheckOutcome;
import com.crm.integrations.common.events.payload.ConnectionCheckedV1;
import com.crm.integrations.common.events.payload.ConnectionKind;
import com.crm.integrations.common.events.payload.ConnectionPolicyChangedV1;
import com.crm.integrations.common.events.payload.ConnectionStatus;
import com.crm.integrations.common.events.payload.DeliveryCounts;
import com.crm.integrations.common.events.payload.EventPayloads;
import com.crm.integrations.common.events.payload.InterestGrouping;
import com.crm.integrations.common.events.payload.MailchimpCampaignCommandV1;
import com.crm.integrations.common.events.payload.MailchimpCommandCompletedV1;
import com.crm.integrations.common.events.payload.MailchimpCommandFailedV1;
import com.crm.integrations.common.events.payload.MailchimpCommandKind;
import com.crm.integrations.common.events.payload.MailchimpMemberCommandV1;
import com.crm.integrations.common.events.payload.MailchimpSubscribeCommandV1;
import com.crm.integrations.common.events.payload.MemberCommandAction;
import com.crm.integrations.common.events.payload.MemberCounts;
import com.crm.integrations.common.events.payload.MemberError;
import com.crm.integrations.common.events.payload.MemberInput;
import com.crm.integrations.common.events.payload.MemberTag;
import com.crm.integrations.common.events.payload.SubscribeCounts;
import com.crm.integrations.common.events.payload.RequiredAction;
import com.crm.integrations.common.events.payload.SubscriberChange;
import com.crm.integrations.common.events.payload.SubscriberChangedV1;
import com.crm.integrations.common.events.payload.SubscriberChangedV2;
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
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The payload records in {@code common} and docs/asyncapi.yaml describe the same events and commands: every
 * {@link EventType} is catalogued on its topic and nothing else is; each record, serialised as Quarkus serialises it,
 * conforms to its message; and each schema names exactly the record's fields, requires exactly its non-nullable ones,
 * and lists exactly its enums' wire values, and so does the schema of each record a payload nests (a command's
 * {@code event}, a batch command's {@code items} and {@code filter}). Plain JUnit: no Quarkus, no broker.
 */
class EventCatalogTest {

    private static final String TENANT = "tenant-acme";
    private static final Instant AT = Instant.parse("2026-03-02T10:15:30.123456Z");
    private static final String LINK = "0f8e2d4c-6b1a-4c9e-8d7f-3a2b1c0d9e8f";
    private static final LocalDate DAY = LocalDate.parse("2026-03-05");
    private static final Instant ONE_PM = Instant.parse("2026-03-05T13:00:00Z");

    /** The service (quarkus.application.name) that publishes on each event topic. */
    private static final Map<String, String> PUBLISHERS = Map.of(
            Topics.TOKEN_EVENTS, "token-service",
            Topics.CALENDAR_EVENTS, "calendar-service",
            Topics.MAILCHIMP_EVENTS, "mailchimp-service");

    /** A CRM service ({@code ce_source}) that sends on each command topic. */
    private static final Map<String, String> CRM_SENDERS = Map.of(Topics.CALENDAR_COMMANDS, "/crm/activities",
            Topics.MAILCHIMP_COMMANDS, "/crm/contacts");

    /**
     * For each record a payload nests (in a field or a list), its values with every field that may be null set to
     * null, one for each field that stands in for another (a batch item names its event by {@code crmEventId} or
     * {@code eventId}): a nested field is null in {@link #sparse} when it may be, so the nested schema's required fields
     * are checked against these.
     */
    private static final Map<Class<?>, List<Record>> SPARSE_NESTED = Map.ofEntries(
            Map.entry(CalendarEventFields.class,
                    List.of(new CalendarEventFields(null, null, null, null, null, null, null, null, null))),
            Map.entry(CalendarBatchItem.class, List.of(new CalendarBatchItem("act-8812", null, null),
                    new CalendarBatchItem(null, "7k2m9q4r1t8v", null))),
            Map.entry(CalendarBatchFilter.class, List.of(new CalendarBatchFilter(AT))),
            Map.entry(InterestGrouping.class, List.of(new InterestGrouping(null, null, List.of()))),
            Map.entry(MemberCounts.class, List.of(MemberCounts.NONE)),
            Map.entry(DeliveryCounts.class, List.of(DeliveryCounts.NONE)),
            Map.entry(MemberTag.class, List.of(new MemberTag("customer", false))),
            Map.entry(MemberInput.class, List.of(new MemberInput("ada@example.com", null, null, null, null, null, null))),
            Map.entry(CampaignSettings.class, List.of(new CampaignSettings("Spring news", "Acme", "news@example.com", null,
                    null))),
            Map.entry(CampaignContent.class, List.of(new CampaignContent("<p>Spring news</p>", null),
                    new CampaignContent(null, "Spring news"))),
            Map.entry(SubscribeCounts.class, List.of(new SubscribeCounts(0, 0, 0, 0))),
            Map.entry(MemberError.class, List.of(new MemberError("ada@example.com", "refused", null,
                    "Mailchimp refused the member."))));

    /**
     * The maps and lists of a command's records that the record reads as empty when they are null or absent: a sender
     * may leave them out, so the schema takes null and does not require them, although the record writes them empty.
     */
    private static final Map<Class<?>, Set<String>> READ_AS_EMPTY = Map.of(
            MailchimpMemberCommandV1.class, Set.of("mergeFields", "crmFields", "interests", "tags"),
            MemberInput.class, Set.of("mergeFields", "crmFields", "interests"));

    /**
     * Values of a shared enum that a type predates, so that its record refuses them and its schema does not list them:
     * {@code subscriber.changed.v1} has neither the change {@code synced} nor the source {@code command}, which v2
     * brought.
     */
    @SuppressWarnings("deprecation") // the superseded subscriber.changed.v1 stays catalogued until it is removed
    private static final Map<EventType, Map<Class<?>, Set<String>>> NEWER_VALUES = Map.of(
            EventType.SUBSCRIBER_CHANGED, Map.of(SubscriberChange.class, Set.of("synced"),
                    SubscriberSource.class, Set.of("command")));

    /**
     * {@link CalendarCommandAction}'s values that only a batch's operation takes: {@code move} (the events to another
     * calendar of the same account). The schemas of the batch types list them, also while the enum lacks them
     * (calendar-service's batch jobs add {@code MOVE}); the single commands' schemas (an action) never do.
     */
    private static final Set<String> BATCH_ONLY_ACTIONS = Set.of("move");

    /** The types whose {@link CalendarCommandAction} is a batch's operation. */
    private static final Set<EventType> BATCH_TYPES = Set.of(EventType.CALENDAR_BATCH_COMMAND,
            EventType.CALENDAR_BATCH_COMPLETED_V2);

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
    void cataloguesNoTypeThatIsNotAnEventType() {
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
        for (Record sparse : sparsest(type)) {
            assertEquals(EventPayloads.classOf(type), sparse.getClass());
        }
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
        for (Record sparse : sparsest(type)) {
            // Given
            byte[] value = JSON.writeValueAsBytes(sparse);
            // When
            List<String> violations = catalog.violations(type.topic(), TENANT, headers(type), value);
            // Then
            assertEquals(List.of(), violations, sparse.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaNamesExactlyTheRecordsFields(EventType type) {
        for (Described part : described(type)) {
            // When
            Set<String> named = new TreeSet<>();
            part.schema().path("properties").properties().forEach(property -> named.add(property.getKey()));
            // Then
            assertEquals(fieldNames(part.record()), named, part.where());
        }
    }

    /**
     * A field is required when it is never null: in the payload, those set in each of its {@link #sparsest} values; in
     * a nested record, those set in each of its {@link #SPARSE_NESTED} values. A field that is null only sometimes (a
     * command's {@code event}, null for a delete; a batch command's {@code items} or {@code filter}) is not in
     * {@code required}; its schema states when it must be there. Nor is one a command's record reads as empty when it
     * is missing ({@link #READ_AS_EMPTY}).
     */
    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaRequiresExactlyTheFieldsThatCannotBeNull(EventType type) {
        for (Described part : described(type)) {
            // Given
            List<Record> sparsest = part.record() == EventPayloads.classOf(type) ? sparsest(type)
                    : Objects.requireNonNull(SPARSE_NESTED.get(part.record()), () -> "No sparse sample of " + part.where());
            Set<String> neverNull = fieldNames(part.record());
            for (Record sparse : sparsest) {
                JSON.valueToTree(sparse).properties().stream()
                        .filter(field -> field.getValue().isNull())
                        .forEach(field -> neverNull.remove(field.getKey()));
            }
            neverNull.removeAll(READ_AS_EMPTY.getOrDefault(part.record(), Set.of()));
            // When
            Set<String> required = new TreeSet<>();
            part.schema().path("required").forEach(name -> required.add(name.asText()));
            // Then
            assertEquals(neverNull, required, part.where());
        }
    }

    /**
     * A {@link CalendarCommandAction} as the type takes it: a batch's operation, or a single command's action; an enum
     * shared with a later version without the values the type predates ({@link #NEWER_VALUES}).
     */
    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaListsExactlyTheWireValuesOfEachEnum(EventType type) {
        for (Described part : described(type)) {
            // Given
            JsonNode properties = part.schema().path("properties");
            for (RecordComponent component : part.record().getRecordComponents()) {
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
                if (component.getType() == CalendarCommandAction.class) {
                    if (BATCH_TYPES.contains(type)) {
                        wireValues.addAll(BATCH_ONLY_ACTIONS);
                    } else {
                        wireValues.removeAll(BATCH_ONLY_ACTIONS);
                    }
                }
                wireValues.removeAll(NEWER_VALUES.getOrDefault(type, Map.of()).getOrDefault(component.getType(), Set.of()));
                assertEquals(wireValues, catalogued, part.where() + "." + component.getName());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void consumersReadBackWhatWasWritten(EventType type) throws IOException {
        // Given
        Record full = full(type);
        List<Record> sparsest = sparsest(type);
        // When
        Object fullRead = JSON.readValue(JSON.writeValueAsBytes(full), EventPayloads.classOf(type));
        List<Object> sparsestRead = new ArrayList<>();
        for (Record sparse : sparsest) {
            sparsestRead.add(JSON.readValue(JSON.writeValueAsBytes(sparse), EventPayloads.classOf(type)));
        }
        // Then
        assertEquals(full, fullRead);
        assertEquals(sparsest, sparsestRead);
    }

    @ParameterizedTest
    @EnumSource(value = EventType.class, names = {"SUBSCRIBER_CHANGED", "SUBSCRIBER_CHANGED_V2"})
    void subscriberChangedHidesThePersonalDataWhenLogged(EventType type) {
        // When
        String logged = full(type).toString();
        // Then
        for (String personal : List.of("ada@example.com", "ada.lovelace@example.com", "Lovelace", "St James")) {
            assertFalse(logged.contains(personal), logged);
        }
    }

    private static Set<String> fieldNames(Class<?> record) {
        return Arrays.stream(record.getRecordComponents())
                .map(RecordComponent::getName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** A record and the object schema that describes it, {@code where} in the payload. */
    private record Described(String where, Class<?> record, JsonNode schema) {
    }

    /**
     * The payload's schema and, for each field that holds a record or a list of records (at any depth), that record's
     * object schema.
     */
    private static List<Described> described(EventType type) {
        List<Described> described = new ArrayList<>();
        describe(type.type(), EventPayloads.classOf(type), catalog.payloadSchema(type.type()), described);
        return described;
    }

    private static void describe(String where, Class<?> record, JsonNode schema, List<Described> described) {
        described.add(new Described(where, record, schema));
        for (RecordComponent component : record.getRecordComponents()) {
            JsonNode property = schema.path("properties").path(component.getName());
            if (component.getType().isRecord()) {
                describe(where + "." + component.getName(), component.getType(), objectSchema(property), described);
            } else if (component.getType() == List.class
                    && component.getGenericType() instanceof ParameterizedType list
                    && list.getActualTypeArguments()[0] instanceof Class<?> element && element.isRecord()) {
                describe(where + "." + component.getName() + "[]", element, objectSchema(property.path("items")), described);
            }
        }
    }

    /** The schema of an object property: its own, or, for one that may be null, its branch that describes the object. */
    private static JsonNode objectSchema(JsonNode property) {
        if (property.has("properties")) {
            return property;
        }
        for (JsonNode branch : property.path("oneOf")) {
            if (branch.has("properties")) {
                return branch;
            }
        }
        return MissingNode.getInstance();
    }

    /**
     * What the outbox relay puts on a record, the CloudEvent attributes of a binary-mode event; for a command, what a
     * CRM service puts on it (the same attributes, its own {@code ce_source}).
     */
    private static Map<String, String> headers(EventType type) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce_specversion", "1.0");
        headers.put("ce_id", UUID.randomUUID().toString());
        headers.put("ce_source", PUBLISHERS.containsKey(type.topic())
                ? OutboxRelayService.sourceOf(PUBLISHERS.get(type.topic()))
                : CRM_SENDERS.get(type.topic()));
        headers.put("ce_type", type.type());
        headers.put("ce_time", AT.toString());
        headers.put("ce_subject", TENANT);
        headers.put("content-type", "application/json");
        return headers;
    }

    /**
     * A payload of {@code type} with every field set; a command's event, timed or all-day, never both, has every field
     * of its kind set. A batch command has its items, not a filter, and no destination (only a move has one, and this
     * copy of {@link CalendarCommandAction} has no move yet).
     */
    @SuppressWarnings("deprecation") // the superseded calendar and subscriber v1 stay catalogued until they are removed
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
            case CONNECTION_CHECKED -> new ConnectionCheckedV1("4c5d6e7f-8091-4a2b-9c3d-4e5f6a7b8c9d", "mapbox",
                    ConnectionKind.API_KEY, "user-42", ConnectionCheckOutcome.REFUSED, "TokenRevoked", AT);
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
            case CALENDAR_BATCH_COMPLETED_V2 -> new CalendarBatchCompletedV2("4b6c1e2a-8d3f-4a59-9c7e-1f2a3b4c5d6e",
                    "3c9d7e1f-2a4b-4c6d-8e0f-1a2b3c4d5e6f", LINK, "2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091",
                    CalendarProvider.MICROSOFT, "user-42", CalendarCommandAction.UPDATE, CalendarBatchOutcome.FAILED, 120, 40,
                    80, 0, "The calendar link ended while the batch ran: the remaining events were not changed.",
                    AT.minusSeconds(90), AT);
            case CALENDAR_EVENT_CHANGED -> new CalendarEventChangedV1("7d1f2c9e-5b7a-4f0e-9b62-0c1d2e3f4a5b",
                    CalendarProvider.GOOGLE, "user-42", "primary", "crm4f9k2l0a8b", "act-8812",
                    CalendarEventChange.UPDATED, ChangeOrigin.PROVIDER, AT.plusSeconds(86_400),
                    AT.plusSeconds(88_200), AT);
            case CALENDAR_EVENT_CHANGED_V2 -> new CalendarEventChangedV2("7d1f2c9e-5b7a-4f0e-9b62-0c1d2e3f4a5b", LINK,
                    CalendarProvider.GOOGLE, "user-42", "primary", "7k2m9q4r1t8v_20260305", "act-8812", "7k2m9q4r1t8v",
                    CalendarEventChangedV2.midnightUtc(DAY), CalendarEventChange.UPDATED, ChangeOrigin.PROVIDER, true,
                    CalendarEventChangedV2.midnightUtc(DAY), CalendarEventChangedV2.midnightUtc(DAY.plusDays(1)), DAY,
                    DAY.plusDays(1), AT);
            case CALENDAR_COMMAND_FAILED -> new CalendarCommandFailedV1("7e2a1c9f-4d6b-4083-8cb5-9f3e4a5b6c7d",
                    CalendarCommandAction.UPDATE, "act-8812", "user-42", LINK, CalendarProvider.GOOGLE,
                    FailureCategory.PERMANENT, "provider_refused", "requiredAccessLevel",
                    "Google Calendar no longer lets this account change the synced calendar: the activity was not moved in it.",
                    1, AT);
            case CALENDAR_EVENT_COMMAND -> new CalendarEventCommandV1(CalendarCommandAction.CREATE, "act-8812", "user-42",
                    LINK, CalendarProvider.GOOGLE, new CalendarEventFields("Call with Ada Lovelace",
                            "Renewal of the 2026 support contract.", "Room 4.12", ONE_PM, ONE_PM.plusSeconds(1800), false,
                            null, null, "Europe/Berlin"));
            case CALENDAR_BATCH_COMMAND -> new CalendarBatchCommandV1("user-42", LINK, CalendarProvider.GOOGLE,
                    CalendarCommandAction.UPDATE, null, List.of(
                            new CalendarBatchItem("act-8812", null, new CalendarEventFields("Call with Ada Lovelace",
                                    "Renewal of the 2026 support contract.", "Room 4.12", ONE_PM, ONE_PM.plusSeconds(1800),
                                    false, null, null, "Europe/Berlin")),
                            new CalendarBatchItem("act-8830", null, new CalendarEventFields("Hannover Messe", "Hall 4",
                                    "Hannover", null, null, true, DAY, DAY.plusDays(2), "Europe/Berlin"))),
                    null);
            case SUBSCRIBER_CHANGED -> new SubscriberChangedV1("a6b5da1054", "0d4a1ec3c2f3a1b8e5a7c4d2b1f0e9a8",
                    "ada@example.com", SubscriberChange.UPEMAIL, SubscriberStatus.SUBSCRIBED, "manual", "4d1c0b2a9f",
                    "62ca8a2d2a6a8e2b6f3a3b5d5bb8b5e1", SubscriberSource.WEBHOOK, AT);
            case SUBSCRIBER_CHANGED_V2 -> new SubscriberChangedV2("a6b5da1054", "2b9150605ac374d671a306b5fcee60a0",
                    "ada.lovelace@example.com", SubscriberChange.UPEMAIL, SubscriberStatus.SUBSCRIBED,
                    SubscriberStatus.PENDING, "manual", "4d1c0b2a9f", "3e3417d7ef77d5932a6734b916515ed5", "ada@example.com",
                    Map.of("FNAME", "Ada", "LNAME", "Lovelace", "ADDRESS", Map.of("addr1", "12 St James's Square",
                            "city", "London", "zip", "SW1Y 4JH", "country", "GB")),
                    Map.of("firstName", "Ada", "lastName", "Lovelace"),
                    List.of(new InterestGrouping("8821", "Topics", List.of("Analytical engines", "Poetry"))),
                    SubscriberSource.WEBHOOK, AT, AT.plusSeconds(2));
            case CAMPAIGN_CHANGED -> new CampaignChangedV1("4d1c0b2a9f", "a6b5da1054", "Spring news",
                    CampaignStatus.SENT, CampaignChange.SENT, AT);
            case AUDIENCE_CHANGED -> new AudienceChangedV1("a6b5da1054", "Acme newsletter",
                    "5e6f7081-9a2b-4c3d-8e4f-5a6b7c8d9e0f", AudienceChange.PAUSED, AudienceLinkState.PAUSED,
                    "Mailchimp refused the API key (401)", new MemberCounts(4180, 312, 57, 9, 140, 23), AT.minusSeconds(480),
                    new DeliveryCounts(1893, 2, 1, 3), AT);
            case MAILCHIMP_COMMAND_COMPLETED -> new MailchimpCommandCompletedV1("contacts-import-0001",
                    MailchimpCommandKind.SUBSCRIBE, "subscribe", "a6b5da1054", null, null, null, null,
                    new SubscribeCounts(3, 1, 1, 1), List.of(new MemberError("charles@example.com", "invalid_merge_fields",
                            "BIRTHDAY", "Mailchimp refused the birthday: it takes a month and a day.")), 0, AT);
            case MAILCHIMP_COMMAND_FAILED -> new MailchimpCommandFailedV1("7a1b3c5d-9e2f-4a4b-8c6d-0e2f4a6b8c1e",
                    MailchimpCommandKind.CAMPAIGN, "send", "a6b5da1054", null, "c3d9f1a7e2", FailureCategory.PERMANENT,
                    "not_ready", "Invalid Resource", "Mailchimp will not send the campaign yet: fix what its checklist lists.",
                    List.of("The campaign has no content."), 1, AT);
            case MAILCHIMP_MEMBER_COMMAND -> new MailchimpMemberCommandV1(MemberCommandAction.UPSERT, "a6b5da1054",
                    "ada@example.com", SubscriberStatus.PENDING, Map.of("FNAME", "Ada", "ADDRESS", Map.of("city", "London")),
                    Map.of("company", "Analytical Engines Ltd"), Map.of("9143cf3bd1", true), "en", true,
                    List.of(new MemberTag("customer", true), new MemberTag("trial", false)));
            case MAILCHIMP_SUBSCRIBE_COMMAND -> new MailchimpSubscribeCommandV1("a6b5da1054", List.of(
                    new MemberInput("ada@example.com", SubscriberStatus.SUBSCRIBED, Map.of("FNAME", "Ada", "VISITS", 3),
                            Map.of("company", "Analytical Engines Ltd"), Map.of("9143cf3bd1", false), "en", false)));
            case MAILCHIMP_CAMPAIGN_COMMAND -> new MailchimpCampaignCommandV1(CampaignCommandAction.CREATE, null,
                    "a6b5da1054", new CampaignSettings("Spring news", "Acme", "news@example.com", "Spring news 2026",
                            "Three new engines"), new CampaignContent(null, "Three new engines."), false,
                    Instant.parse("2026-03-10T07:00:00Z"));
        };
    }

    /**
     * A payload of {@code type} with every field that may be null set to null (a command: a delete, without event; a
     * batch command: a delete by filter, without items).
     */
    @SuppressWarnings("deprecation") // the superseded calendar and subscriber v1 stay catalogued until they are removed
    private static Record sparse(EventType type) {
        return switch (type) {
            case CONNECTION_CHANGED -> new ConnectionChangedV1("c-1", "mapbox", ConnectionKind.API_KEY, null,
                    ConnectionChange.CREATED, ConnectionStatus.ACTIVE, null, AT);
            case CONNECTION_CHANGED_V2 -> new ConnectionChangedV2("c-1", "mailchimp", ConnectionKind.API_KEY, null, null,
                    ConnectionChange.CREATED, ConnectionStatus.ACTIVE, null, AT);
            case CONNECTION_POLICY_CHANGED -> new ConnectionPolicyChangedV1(List.of(), true, 1, AT);
            case TOKEN_REFRESHED -> new TokenRefreshedV1("c-1", "google", null, null, AT);
            case CONNECTION_CHECKED -> new ConnectionCheckedV1("c-1", "mapbox", ConnectionKind.API_KEY, null,
                    ConnectionCheckOutcome.VALID, null, AT);
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
            case CALENDAR_BATCH_COMPLETED_V2 -> new CalendarBatchCompletedV2("5c7d2f3b-9e40-4b6a-8d8f-2a3b4c5d6e7f", "c-9",
                    LINK, "c-1", CalendarProvider.GOOGLE, "user-42", CalendarCommandAction.DELETE, CalendarBatchOutcome.CANCELLED,
                    3, 0, 0, 3, null, null, AT);
            case CALENDAR_EVENT_CHANGED -> new CalendarEventChangedV1("c-1", CalendarProvider.MICROSOFT, "user-42",
                    "AAMkAGI2", "AAMkAGI2TAAA=", null, CalendarEventChange.DELETED, ChangeOrigin.CRM, null, null, AT);
            case CALENDAR_EVENT_CHANGED_V2 -> new CalendarEventChangedV2("c-1", LINK, CalendarProvider.MICROSOFT, "user-42",
                    "AAMkAGI2", "AAMkAGI2TAAA=", null, null, null, CalendarEventChange.DELETED, ChangeOrigin.CRM, false, null,
                    null, null, null, AT);
            case CALENDAR_COMMAND_FAILED -> new CalendarCommandFailedV1("c-1", CalendarCommandAction.CREATE, "act-8815",
                    "user-77", null, null, FailureCategory.PERMANENT, "no_link", null,
                    "You have not connected a calendar: the activity was not added to one.", 0, AT);
            case CALENDAR_EVENT_COMMAND -> new CalendarEventCommandV1(CalendarCommandAction.DELETE, "act-8812", "user-42",
                    null, null, null);
            case CALENDAR_BATCH_COMMAND -> new CalendarBatchCommandV1("user-42", null, null, CalendarCommandAction.DELETE,
                    null, null, new CalendarBatchFilter(Instant.parse("2026-01-01T00:00:00Z")));
            case SUBSCRIBER_CHANGED -> new SubscriberChangedV1("a6b5da1054", "62ca8a2d2a6a8e2b6f3a3b5d5bb8b5e1", null,
                    SubscriberChange.PROFILE, SubscriberStatus.SUBSCRIBED, null, null, null, SubscriberSource.SYNC, AT);
            case SUBSCRIBER_CHANGED_V2 -> new SubscriberChangedV2("a6b5da1054", "62ca8a2d2a6a8e2b6f3a3b5d5bb8b5e1", null,
                    SubscriberChange.SYNCED, SubscriberStatus.SUBSCRIBED, null, null, null, null, null, Map.of(), Map.of(),
                    List.of(), SubscriberSource.SYNC, AT, null);
            case CAMPAIGN_CHANGED -> new CampaignChangedV1("4d1c0b2a9f", null, null, CampaignStatus.SAVE,
                    CampaignChange.CREATED, AT);
            case AUDIENCE_CHANGED -> new AudienceChangedV1("a6b5da1054", null, "c-1", AudienceChange.LINKED,
                    AudienceLinkState.LINKING, null, MemberCounts.NONE, null, DeliveryCounts.NONE, AT);
            case MAILCHIMP_COMMAND_COMPLETED -> new MailchimpCommandCompletedV1("c-1", MailchimpCommandKind.MEMBER,
                    "unsubscribe", "a6b5da1054", null, null, null, null, null, null, 0, AT);
            case MAILCHIMP_COMMAND_FAILED -> new MailchimpCommandFailedV1("c-1", MailchimpCommandKind.MEMBER, "upsert", null,
                    null, null, FailureCategory.PERMANENT, "no_audience", null,
                    "No Mailchimp audience is linked: the contact was not added.", null, 0, AT);
            case MAILCHIMP_MEMBER_COMMAND -> new MailchimpMemberCommandV1(MemberCommandAction.UNSUBSCRIBE, null,
                    "ada@example.com", null, null, null, null, null, null, null);
            case MAILCHIMP_SUBSCRIBE_COMMAND -> new MailchimpSubscribeCommandV1(null,
                    List.of(new MemberInput("ada@example.com", null, null, null, null, null, null)));
            case MAILCHIMP_CAMPAIGN_COMMAND -> new MailchimpCampaignCommandV1(CampaignCommandAction.UNSCHEDULE, "c3d9f1a7e2",
                    null, null, null, null, null);
        };
    }

    /**
     * The payloads of {@code type} with every field that may be null set to null: {@link #sparse}, and where one field
     * stands in for another (a batch command's {@code items} or {@code filter}; a campaign command's {@code campaignId},
     * or the {@code settings} of a create), one more for the other.
     */
    private static List<Record> sparsest(EventType type) {
        if (type == EventType.CALENDAR_BATCH_COMMAND) {
            return List.of(sparse(type), new CalendarBatchCommandV1("user-42", null, null, CalendarCommandAction.DELETE, null,
                    List.of(new CalendarBatchItem(null, "7k2m9q4r1t8v", null)), null));
        }
        if (type == EventType.MAILCHIMP_CAMPAIGN_COMMAND) {
            return List.of(sparse(type), new MailchimpCampaignCommandV1(CampaignCommandAction.CREATE, null, null,
                    new CampaignSettings("Spring news", "Acme", "news@example.com", null, null), null, null, null));
        }
        return List.of(sparse(type));
    }
}
