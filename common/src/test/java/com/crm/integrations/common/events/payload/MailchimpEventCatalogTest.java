package com.crm.integrations.common.events.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import com.crm.integrations.common.events.EventType;
import com.crm.integrations.testing.events.AsyncApiCatalog;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * subscriber.changed.v2 and audience.changed.v1 (and what subscriber.changed.v1 keeps out) against docs/asyncapi.yaml:
 * valid records, written as Quarkus writes them, conform to their messages and read back equal; the catalog's examples
 * are records written; each schema names the record's fields (and those of the records it nests), requires exactly
 * those it cannot do without and lists exactly its enums' wire values; and a payload that breaks one of the record's
 * rules is refused by the catalog and by the record alike. Every rule of these records is one a JSON schema can state
 * (none compares two numbers or two times), so no rule is the record's alone; the other way round, a count missing or
 * with a fraction is the catalog's alone (Jackson reads it). Plain JUnit: no Quarkus, no broker. token-service's
 * EventCatalogTest holds every type against the catalog too.
 */
@SuppressWarnings("deprecation") // subscriber.changed.v1 stays, superseded, until it is removed
class MailchimpEventCatalogTest {

    private static final String TENANT = "tenant-acme";
    private static final Instant AT = Instant.parse("2026-03-02T10:30:00.123456Z");
    private static final String AUDIENCE = "a6b5da1054";
    private static final String CONNECTION = "5e6f7081-9a2b-4c3d-8e4f-5a6b7c8d9e0f";

    /** Configured as Quarkus configures its ObjectMapper (the one the outbox uses). */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final SubscriberChangedV2 SUBSCRIBED = new SubscriberChangedV2(AUDIENCE, "3e3417d7ef77d5932a6734b916515ed5",
            "ada@example.com", SubscriberChange.SUBSCRIBE, SubscriberStatus.SUBSCRIBED, null, null, null, null, null,
            mergeFields(), Map.of("firstName", "Ada", "lastName", "Lovelace", "phone", "+44 20 7946 0018"),
            List.of(new InterestGrouping("8821", "Topics", List.of("Analytical engines", "Poetry")),
                    new InterestGrouping("8825", "Events", List.of())),
            SubscriberSource.WEBHOOK, AT, AT.plusSeconds(1));
    private static final SubscriberChangedV2 UPEMAIL = new SubscriberChangedV2(AUDIENCE, "2b9150605ac374d671a306b5fcee60a0",
            "ada.lovelace@example.com", SubscriberChange.UPEMAIL, SubscriberStatus.SUBSCRIBED, SubscriberStatus.SUBSCRIBED,
            null, null, "3e3417d7ef77d5932a6734b916515ed5", "ada@example.com", Map.of(), Map.of(), List.of(),
            SubscriberSource.WEBHOOK, AT, AT.plusSeconds(2));
    private static final SubscriberChangedV2 CLEANED = new SubscriberChangedV2(AUDIENCE, "3e3417d7ef77d5932a6734b916515ed5",
            "ada@example.com", SubscriberChange.CLEANED, SubscriberStatus.CLEANED, SubscriberStatus.SUBSCRIBED, "hard",
            "4d1c0b2a9f", null, null, Map.of(), Map.of(), List.of(), SubscriberSource.WEBHOOK, AT, AT.plusSeconds(1));
    /** The sparsest: every field that may be null is. */
    private static final SubscriberChangedV2 SYNCED = new SubscriberChangedV2(AUDIENCE, "e9aac8733e54c31174bf8ea6fe1b6ecd",
            null, SubscriberChange.SYNCED, SubscriberStatus.UNSUBSCRIBED, null, null, null, null, null,
            Map.of("FNAME", "Charles", "ADDRESS", "", "VISITS", 3), Map.of("firstName", "Charles"),
            List.of(new InterestGrouping(null, null, List.of("Analytical engines"))), SubscriberSource.SYNC, AT, null);
    private static final SubscriberChangedV2 BY_COMMAND = new SubscriberChangedV2(AUDIENCE, "85cd7606472c479b1aa5ede6343dc5e8",
            "grace@example.org", SubscriberChange.UNSUBSCRIBE, SubscriberStatus.UNSUBSCRIBED, SubscriberStatus.SUBSCRIBED,
            null, null, null, null, Map.of("FNAME", "Grace"), Map.of("firstName", "Grace"), List.of(),
            SubscriberSource.COMMAND, AT, null);
    private static final SubscriberChangedV1 V1 = new SubscriberChangedV1(AUDIENCE, "62ca8a2d2a6a8e2b6f3a3b5d5bb8b5e1",
            "ada@example.com", SubscriberChange.UNSUBSCRIBE, SubscriberStatus.UNSUBSCRIBED, "abuse", "4d1c0b2a9f", null,
            SubscriberSource.WEBHOOK, AT);

    private static final MemberCounts MEMBERS = new MemberCounts(4180, 312, 57, 9, 140, 23);
    private static final DeliveryCounts DELIVERIES = new DeliveryCounts(1893, 2, 1, 3);
    /** The sparsest: every field that may be null is. */
    private static final AudienceChangedV1 LINKED = new AudienceChangedV1(AUDIENCE, null, CONNECTION, AudienceChange.LINKED,
            AudienceLinkState.LINKING, null, MemberCounts.NONE, null, DeliveryCounts.NONE, AT);
    private static final AudienceChangedV1 IMPORTED = audience(AudienceChange.IMPORTED, AudienceLinkState.ACTIVE, null);
    private static final AudienceChangedV1 PAUSED = audience(AudienceChange.PAUSED, AudienceLinkState.PAUSED,
            "Mailchimp refused the API key (401)");
    private static final AudienceChangedV1 RESUMED = audience(AudienceChange.RESUMED, AudienceLinkState.LINKING, null);
    private static final AudienceChangedV1 ACTIVITY = audience(AudienceChange.ACTIVITY, AudienceLinkState.ACTIVE, null);
    private static final AudienceChangedV1 ACTIVITY_PAUSED = audience(AudienceChange.ACTIVITY, AudienceLinkState.PAUSED,
            "The Mailchimp connection needs to be reconnected");
    private static final AudienceChangedV1 UNLINKED = audience(AudienceChange.UNLINKED, AudienceLinkState.UNLINKED, null);

    private static AsyncApiCatalog catalog;

    @BeforeAll
    static void loadCatalog() {
        catalog = AsyncApiCatalog.fromProjectRoot();
    }

    static Stream<Arguments> validPayloads() {
        return Stream.of(
                Arguments.of("subscribed from a webhook", EventType.SUBSCRIBER_CHANGED_V2, SUBSCRIBED),
                Arguments.of("address changed", EventType.SUBSCRIBER_CHANGED_V2, UPEMAIL),
                Arguments.of("cleaned by a bounce", EventType.SUBSCRIBER_CHANGED_V2, CLEANED),
                Arguments.of("read at the import", EventType.SUBSCRIBER_CHANGED_V2, SYNCED),
                Arguments.of("unsubscribed for a command", EventType.SUBSCRIBER_CHANGED_V2, BY_COMMAND),
                Arguments.of("v1, as catalogued", EventType.SUBSCRIBER_CHANGED, V1),
                Arguments.of("linked", EventType.AUDIENCE_CHANGED, LINKED),
                Arguments.of("imported", EventType.AUDIENCE_CHANGED, IMPORTED),
                Arguments.of("paused", EventType.AUDIENCE_CHANGED, PAUSED),
                Arguments.of("resumed during the import", EventType.AUDIENCE_CHANGED, RESUMED),
                Arguments.of("activity", EventType.AUDIENCE_CHANGED, ACTIVITY),
                Arguments.of("activity while paused", EventType.AUDIENCE_CHANGED, ACTIVITY_PAUSED),
                Arguments.of("unlinked", EventType.AUDIENCE_CHANGED, UNLINKED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validPayloads")
    void validPayloadConformsToTheCatalog(String name, EventType type, Record payload) throws IOException {
        // Given
        byte[] value = JSON.writeValueAsBytes(payload);
        // When
        List<String> violations = catalog.violations(type.topic(), TENANT, headers(type), value);
        // Then
        assertEquals(List.of(), violations);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validPayloads")
    void consumersReadBackWhatWasWritten(String name, EventType type, Record payload) throws IOException {
        // When
        Object read = JSON.readValue(JSON.writeValueAsBytes(payload), EventPayloads.classOf(type));
        // Then
        assertEquals(payload, read);
    }

    /** The catalog's examples are what the records write: each reads as its record, which writes it back unchanged. */
    @ParameterizedTest
    @EnumSource(value = EventType.class, names = {"SUBSCRIBER_CHANGED", "SUBSCRIBER_CHANGED_V2", "AUDIENCE_CHANGED"})
    void examplesAreRecordsAsWritten(EventType type) throws IOException {
        // Given
        JsonNode message = new YAMLMapper().readTree(catalog.source().toFile()).path("components").path("messages")
                .path(type.type());
        List<JsonNode> payloads = new ArrayList<>();
        message.path("examples").forEach(example -> payloads.add(example.path("payload")));
        assertFalse(payloads.isEmpty(), type.type());
        for (JsonNode example : payloads) {
            // When
            Record read = JSON.treeToValue(example, EventPayloads.classOf(type));
            // Then
            assertEquals(JSON.readTree(JSON.writeValueAsBytes(example)), JSON.readTree(JSON.writeValueAsBytes(read)));
        }
    }

    @Test
    void subscriberV2IsWrittenWithItsWireNames() {
        // When
        JsonNode written = JSON.valueToTree(SUBSCRIBED);
        // Then
        assertEquals(List.of("audienceId", "subscriberHash", "email", "change", "status", "previousStatus", "reason",
                "campaignId", "previousSubscriberHash", "previousEmail", "mergeFields", "crmFields", "interests", "source",
                "occurredAt", "receivedAt"), fieldNames(written));
        assertEquals("subscribe", written.path("change").asText());
        assertEquals("webhook", written.path("source").asText());
        assertTrue(written.path("previousStatus").isNull());
        assertEquals("2026-03-02T10:30:00.123456Z", written.path("occurredAt").asText());
        assertEquals("2026-03-02T10:30:01.123456Z", written.path("receivedAt").asText());
        assertEquals("London", written.path("mergeFields").path("ADDRESS").path("city").asText());
        assertEquals(List.of("id", "name", "groups"), fieldNames(written.path("interests").path(0)));
        assertEquals("Poetry", written.path("interests").path(0).path("groups").path(1).asText());
        assertEquals("synced", JSON.valueToTree(SYNCED).path("change").asText());
        assertEquals(3, JSON.valueToTree(SYNCED).path("mergeFields").path("VISITS").asInt());
        assertEquals("command", JSON.valueToTree(BY_COMMAND).path("source").asText());
    }

    @Test
    void audienceIsWrittenWithItsWireNames() {
        // When
        JsonNode written = JSON.valueToTree(PAUSED);
        // Then
        assertEquals(List.of("audienceId", "audienceName", "connectionId", "change", "state", "pausedReason", "members",
                "lastDeliveryAt", "deliveries", "occurredAt"), fieldNames(written));
        assertEquals("paused", written.path("change").asText());
        assertEquals("paused", written.path("state").asText());
        assertEquals(List.of("subscribed", "unsubscribed", "cleaned", "pending", "transactional", "archived"),
                fieldNames(written.path("members")));
        assertEquals(4180, written.path("members").path("subscribed").asLong());
        assertEquals(List.of("received", "rejected", "parked", "stale"), fieldNames(written.path("deliveries")));
        assertEquals(3, written.path("deliveries").path("stale").asLong());
        assertEquals("linking", JSON.valueToTree(LINKED).path("state").asText());
    }

    @ParameterizedTest
    @EnumSource(value = EventType.class, names = {"SUBSCRIBER_CHANGED", "SUBSCRIBER_CHANGED_V2", "AUDIENCE_CHANGED"})
    void schemaNamesExactlyTheRecordsFields(EventType type) {
        for (Map.Entry<Class<?>, JsonNode> described : described(type).entrySet()) {
            // When
            Set<String> named = new TreeSet<>();
            described.getValue().path("properties").properties().forEach(property -> named.add(property.getKey()));
            // Then
            assertEquals(componentNames(described.getKey()), named, described.getKey().getSimpleName());
        }
    }

    @ParameterizedTest
    @EnumSource(value = EventType.class, names = {"SUBSCRIBER_CHANGED_V2", "AUDIENCE_CHANGED"})
    void schemaRequiresExactlyTheFieldsTheRecordCannotDoWithout(EventType type) {
        // Given: the sparsest valid payload of the type, where every field that may be null is null
        Map<Class<?>, Record> sparsest = type == EventType.AUDIENCE_CHANGED
                ? Map.of(AudienceChangedV1.class, LINKED, MemberCounts.class, MemberCounts.NONE, DeliveryCounts.class,
                        DeliveryCounts.NONE)
                : Map.of(SubscriberChangedV2.class, SYNCED, InterestGrouping.class, SYNCED.interests().get(0));
        for (Map.Entry<Class<?>, JsonNode> described : described(type).entrySet()) {
            Set<String> neverNull = new TreeSet<>();
            JSON.valueToTree(sparsest.get(described.getKey())).properties().stream()
                    .filter(field -> !field.getValue().isNull())
                    .forEach(field -> neverNull.add(field.getKey()));
            // When
            Set<String> required = new TreeSet<>();
            described.getValue().path("required").forEach(field -> required.add(field.asText()));
            // Then
            assertEquals(neverNull, required, described.getKey().getSimpleName());
        }
    }

    /** v1 lists the values it was catalogued with: not {@code synced} nor {@code command}, which its record refuses. */
    @ParameterizedTest
    @EnumSource(value = EventType.class, names = {"SUBSCRIBER_CHANGED", "SUBSCRIBER_CHANGED_V2", "AUDIENCE_CHANGED"})
    void schemaListsExactlyTheWireValuesOfEachEnum(EventType type) {
        for (Map.Entry<Class<?>, JsonNode> described : described(type).entrySet()) {
            for (RecordComponent component : described.getKey().getRecordComponents()) {
                if (!component.getType().isEnum()) {
                    continue;
                }
                // When
                Set<String> catalogued = new TreeSet<>();
                described.getValue().path("properties").path(component.getName()).path("enum").forEach(value -> {
                    if (!value.isNull()) {
                        catalogued.add(value.asText());
                    }
                });
                // Then
                Set<String> wireValues = Arrays.stream(component.getType().getEnumConstants())
                        .map(constant -> ((WireNamed) constant).wireName())
                        .collect(Collectors.toCollection(TreeSet::new));
                if (type == EventType.SUBSCRIBER_CHANGED) {
                    wireValues.removeAll(Set.of("synced", "command"));
                }
                assertEquals(wireValues, catalogued, type + "." + component.getName());
            }
        }
    }

    /** Payloads that break one rule of their record, each with the field the catalog names for it. */
    static Stream<Arguments> malformedPayloads() {
        return Stream.of(
                malformed("v1 synced", V1, "change", p -> p.put("change", "synced").put("source", "sync")),
                malformed("v1 from a command", V1, "source", p -> p.put("source", "command")),
                malformed("subscriberHash in upper case", SUBSCRIBED, "subscriberHash",
                        p -> p.put("subscriberHash", "3E3417D7EF77D5932A6734B916515ED5")),
                malformed("subscriberHash of 31 digits", SUBSCRIBED, "subscriberHash",
                        p -> p.put("subscriberHash", "3e3417d7ef77d5932a6734b916515ed")),
                malformed("subscriberHash missing", SUBSCRIBED, "subscriberHash", p -> p.remove("subscriberHash")),
                malformed("previousSubscriberHash not an MD5", UPEMAIL, "previousSubscriberHash",
                        p -> p.put("previousSubscriberHash", "ada@example.com")),
                malformed("audienceId blank", SUBSCRIBED, "audienceId", p -> p.put("audienceId", "\u2003")),
                malformed("email blank", SUBSCRIBED, "email", p -> p.put("email", " ")),
                malformed("an unknown change", SUBSCRIBED, "change", p -> p.put("change", "deleted")),
                malformed("status missing", SUBSCRIBED, "status", p -> p.remove("status")),
                malformed("an unknown previousStatus", CLEANED, "previousStatus", p -> p.put("previousStatus", "bounced")),
                malformed("an unknown source", SUBSCRIBED, "source", p -> p.put("source", "import")),
                malformed("synced from a webhook", SUBSCRIBED, "source", p -> p.put("change", "synced")),
                malformed("synced by a command", BY_COMMAND, "source", p -> p.put("change", "synced")),
                malformed("a sync that is not synced", SYNCED, "change", p -> p.put("change", "subscribe")),
                malformed("a webhook without its reception", SUBSCRIBED, "receivedAt", p -> p.putNull("receivedAt")),
                malformed("a sync with a reception", SYNCED, "receivedAt", p -> p.put("receivedAt", "2026-03-02T10:30:01Z")),
                malformed("receivedAt not a time", SUBSCRIBED, "receivedAt", p -> p.put("receivedAt", "just now")),
                malformed("an old address on a subscribe", SUBSCRIBED, "previousEmail",
                        p -> p.put("previousEmail", "ada.lovelace@example.com")),
                malformed("an old hash on a profile", CLEANED, "previousSubscriberHash",
                        p -> p.put("change", "profile").put("previousSubscriberHash", "2b9150605ac374d671a306b5fcee60a0")),
                malformed("mergeFields missing", SUBSCRIBED, "mergeFields", p -> p.remove("mergeFields")),
                malformed("mergeFields null", SUBSCRIBED, "mergeFields", p -> p.putNull("mergeFields")),
                malformed("a merge field null", SUBSCRIBED, "mergeFields", p -> object(p, "mergeFields").putNull("PHONE")),
                malformed("a merge field true", SUBSCRIBED, "mergeFields", p -> object(p, "mergeFields").put("OPTIN", true)),
                malformed("a merge field a list", SUBSCRIBED, "mergeFields",
                        p -> object(p, "mergeFields").putArray("PHONE").add("+44")),
                malformed("a merge tag blank", SUBSCRIBED, "mergeFields", p -> object(p, "mergeFields").put(" ", "Ada")),
                malformed("an address with a number", SUBSCRIBED, "mergeFields",
                        p -> object(p, "mergeFields", "ADDRESS").put("zip", 12345)),
                malformed("an address part null", SUBSCRIBED, "mergeFields",
                        p -> object(p, "mergeFields", "ADDRESS").putNull("addr2")),
                malformed("crmFields missing", SUBSCRIBED, "crmFields", p -> p.remove("crmFields")),
                malformed("a CRM field null", SUBSCRIBED, "crmFields", p -> object(p, "crmFields").putNull("phone")),
                malformed("a CRM field an object", SUBSCRIBED, "crmFields",
                        p -> object(p, "crmFields").putObject("address").put("city", "London")),
                malformed("a CRM field name blank", SUBSCRIBED, "crmFields", p -> object(p, "crmFields").put("", "Ada")),
                malformed("interests missing", SUBSCRIBED, "interests", p -> p.remove("interests")),
                malformed("interests null", SUBSCRIBED, "interests", p -> p.putNull("interests")),
                malformed("a grouping without groups", SUBSCRIBED, "groups",
                        p -> object(p, "interests", 0).remove("groups")),
                malformed("a blank group", SUBSCRIBED, "groups",
                        p -> ((ArrayNode) p.get("interests").get(0).get("groups")).add(" ")),
                malformed("a grouping's blank name", SUBSCRIBED, "name",
                        p -> object(p, "interests", 0).put("name", "")),
                malformed("occurredAt missing", SUBSCRIBED, "occurredAt", p -> p.remove("occurredAt")),
                malformed("linked and active", LINKED, "state", p -> p.put("state", "active")),
                malformed("imported and still linking", IMPORTED, "state", p -> p.put("state", "linking")),
                malformed("resumed and paused", RESUMED, "state", p -> p.put("state", "paused").put("pausedReason", "401")),
                malformed("unlinked and active", UNLINKED, "state", p -> p.put("state", "active")),
                malformed("activity after the unlink", ACTIVITY, "state", p -> p.put("state", "unlinked")),
                malformed("paused and active", ACTIVITY, "state", p -> p.put("change", "paused")),
                malformed("an unknown change of the audience", ACTIVITY, "change", p -> p.put("change", "archived")),
                malformed("an unknown state", ACTIVITY, "state", p -> p.put("state", "broken")),
                malformed("paused without its reason", PAUSED, "pausedReason", p -> p.putNull("pausedReason")),
                malformed("a reason while active", ACTIVITY, "pausedReason", p -> p.put("pausedReason", "401")),
                malformed("pausedReason of two lines", PAUSED, "pausedReason",
                        p -> p.put("pausedReason", "Mailchimp refused the key.\nReconnect.")),
                malformed("pausedReason of 201 characters", PAUSED, "pausedReason",
                        p -> p.put("pausedReason", "a".repeat(201))),
                malformed("pausedReason quoting a bearer header", PAUSED, "pausedReason",
                        p -> p.put("pausedReason", "Refused Bearer abc")),
                malformed("connectionId blank", ACTIVITY, "connectionId", p -> p.put("connectionId", " ")),
                malformed("audienceName blank", ACTIVITY, "audienceName", p -> p.put("audienceName", "")),
                malformed("members missing", ACTIVITY, "members", p -> p.remove("members")),
                malformed("a negative member count", ACTIVITY, "subscribed", p -> object(p, "members").put("subscribed", -1)),
                malformed("deliveries null", ACTIVITY, "deliveries", p -> p.putNull("deliveries")),
                malformed("a negative delivery count", ACTIVITY, "stale", p -> object(p, "deliveries").put("stale", -3)),
                malformed("lastDeliveryAt not a time", ACTIVITY, "lastDeliveryAt", p -> p.put("lastDeliveryAt", "yesterday")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedPayloads")
    void catalogRefusesWhatTheRecordRefuses(String name, EventType type, ObjectNode payload, String field) throws IOException {
        // When
        List<String> violations = catalog.violations(type.topic(), TENANT, headers(type), JSON.writeValueAsBytes(payload));
        // Then
        assertFalse(violations.isEmpty(), name);
        assertTrue(violations.stream().anyMatch(violation -> violation.contains(field)), violations.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedPayloads")
    void recordRefusesWhatTheCatalogRefuses(String name, EventType type, ObjectNode payload, String field) {
        assertThrows(JsonProcessingException.class, () -> JSON.treeToValue(payload, EventPayloads.classOf(type)), name);
    }

    /**
     * What the catalog refuses and the record reads, as every payload record does: Jackson reads a missing count as 0
     * and truncates a fraction. mailchimp-service writes its events through the record, so it never publishes them; a
     * consumer that reads one gets a count it can use.
     */
    static Stream<Arguments> payloadsOnlyTheCatalogRefuses() {
        return Stream.of(
                malformed("a member count missing", ACTIVITY, "archived", p -> object(p, "members").remove("archived")),
                malformed("a delivery count with a fraction", ACTIVITY, "received",
                        p -> object(p, "deliveries").put("received", 1893.5)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloadsOnlyTheCatalogRefuses")
    void catalogRefusesCountsTheRecordReads(String name, EventType type, ObjectNode payload, String field) throws IOException {
        // When
        List<String> violations = catalog.violations(type.topic(), TENANT, headers(type), JSON.writeValueAsBytes(payload));
        // Then
        assertTrue(violations.stream().anyMatch(violation -> violation.contains(field)), violations.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloadsOnlyTheCatalogRefuses")
    void recordReadsCountsTheCatalogRefuses(String name, EventType type, ObjectNode payload, String field) throws IOException {
        // When
        Record read = JSON.treeToValue(payload, EventPayloads.classOf(type));
        // Then
        assertEquals(ACTIVITY.audienceId(), ((AudienceChangedV1) read).audienceId());
    }

    /** The object at {@code path} (property names and list indexes) in {@code node}. */
    private static ObjectNode object(JsonNode node, Object... path) {
        JsonNode current = node;
        for (Object step : path) {
            current = step instanceof Integer index ? current.get(index) : current.get((String) step);
        }
        return (ObjectNode) current;
    }

    private static Map<String, Object> mergeFields() {
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("addr1", "12 St James's Square");
        address.put("addr2", "");
        address.put("city", "London");
        address.put("state", "");
        address.put("zip", "SW1Y 4JH");
        address.put("country", "GB");
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("FNAME", "Ada");
        fields.put("LNAME", "Lovelace");
        fields.put("PHONE", "+44 20 7946 0018");
        fields.put("ADDRESS", address);
        return fields;
    }

    private static AudienceChangedV1 audience(AudienceChange change, AudienceLinkState state, String pausedReason) {
        return new AudienceChangedV1(AUDIENCE, "Acme newsletter", CONNECTION, change, state, pausedReason, MEMBERS,
                AT.minusSeconds(480), DELIVERIES, AT);
    }

    /** The payload's record and schema, and each record it nests (in a field or a list) with its object schema. */
    private static Map<Class<?>, JsonNode> described(EventType type) {
        JsonNode schema = catalog.payloadSchema(type.type());
        Map<Class<?>, JsonNode> described = new LinkedHashMap<>();
        described.put(EventPayloads.classOf(type), schema);
        if (type == EventType.SUBSCRIBER_CHANGED_V2) {
            described.put(InterestGrouping.class, schema.path("properties").path("interests").path("items"));
        } else if (type == EventType.AUDIENCE_CHANGED) {
            described.put(MemberCounts.class, schema.path("properties").path("members"));
            described.put(DeliveryCounts.class, schema.path("properties").path("deliveries"));
        }
        return described;
    }

    private static Set<String> componentNames(Class<?> record) {
        return Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.properties().forEach(field -> names.add(field.getKey()));
        return names;
    }

    private static Arguments malformed(String name, Record valid, String field, Consumer<ObjectNode> change) {
        EventType type = Arrays.stream(EventType.values())
                .filter(candidate -> EventPayloads.classOf(candidate) == valid.getClass())
                .findFirst().orElseThrow();
        ObjectNode payload = JSON.valueToTree(valid);
        change.accept(payload);
        return Arguments.of(name, type, payload, field);
    }

    /** What the outbox relay puts on a record: the CloudEvent attributes of a binary-mode event. */
    private static Map<String, String> headers(EventType type) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce_specversion", "1.0");
        headers.put("ce_id", UUID.randomUUID().toString());
        headers.put("ce_source", "/integrations/mailchimp-service");
        headers.put("ce_type", type.type());
        headers.put("ce_time", AT.toString());
        headers.put("ce_subject", TENANT);
        headers.put("content-type", "application/json");
        return headers;
    }
}
