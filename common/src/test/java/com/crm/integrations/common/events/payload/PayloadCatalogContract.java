package com.crm.integrations.common.events.payload;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
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

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.Topics;
import com.crm.integrations.testing.events.AsyncApiCatalog;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * What every catalog test of the payload records proves, written once: valid records, written as Quarkus writes them,
 * conform to their messages in docs/asyncapi.yaml and read back equal; a payload that breaks one of a record's rules is
 * refused by the catalog and by the record alike. A test extends this with its payloads, as static methods:
 * {@code validPayloads()} (name, type, record) and {@code malformedPayloads()} (name, type, payload, the field the
 * catalog's violation names; each made with {@link #malformed}). The helpers below check the rest its records need (the
 * catalog's examples, the schemas' fields and enums, what only one side refuses). Plain JUnit: no Quarkus, no broker.
 */
abstract class PayloadCatalogContract {

    static final String TENANT = "tenant-acme";

    /** Configured as Quarkus configures its ObjectMapper (the one the outbox uses). */
    static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** Who sends on each topic ({@code ce_source}): an event's publisher, or a CRM service that sends commands. */
    private static final Map<String, String> SOURCES = Map.of(
            Topics.TOKEN_EVENTS, "/integrations/token-service",
            Topics.CALENDAR_EVENTS, "/integrations/calendar-service",
            Topics.MAILCHIMP_EVENTS, "/integrations/mailchimp-service",
            Topics.CALENDAR_COMMANDS, "/crm/activities",
            Topics.MAILCHIMP_COMMANDS, "/crm/contacts");

    private static final Instant SENT_AT = Instant.parse("2026-03-02T10:15:30.123456Z");

    static AsyncApiCatalog catalog;

    @BeforeAll
    static void loadCatalog() {
        catalog = AsyncApiCatalog.fromProjectRoot();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validPayloads")
    void validPayloadConformsToTheCatalog(String name, EventType type, Record payload) throws IOException {
        // When
        List<String> violations = violations(type, payload);
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedPayloads")
    void catalogRefusesWhatTheRecordRefuses(String name, EventType type, ObjectNode payload, String field) throws IOException {
        // When
        List<String> violations = violations(type, payload);
        // Then
        assertNamed(field, violations);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedPayloads")
    void recordRefusesWhatTheCatalogRefuses(String name, EventType type, ObjectNode payload, String field) {
        assertRecordRefuses(type, payload);
    }

    /** Every way {@code payload}, written as Quarkus writes it and sent with {@link #headers}, breaks the catalog. */
    static List<String> violations(EventType type, Object payload) throws IOException {
        return catalog.violations(type.topic(), TENANT, headers(type), JSON.writeValueAsBytes(payload));
    }

    /** That there are violations and one of them names {@code field}. */
    static void assertNamed(String field, List<String> violations) {
        assertFalse(violations.isEmpty(), "expected a violation naming " + field);
        assertTrue(violations.stream().anyMatch(violation -> violation.contains(field)), violations.toString());
    }

    static void assertRecordRefuses(EventType type, ObjectNode payload) {
        assertThrows(JsonProcessingException.class, () -> JSON.treeToValue(payload, EventPayloads.classOf(type)));
    }

    static void assertRecordReads(EventType type, ObjectNode payload) {
        assertDoesNotThrow(() -> JSON.treeToValue(payload, EventPayloads.classOf(type)));
    }

    /**
     * A payload that breaks one rule: {@code valid} written as Quarkus writes it, then {@code change}d; with its name,
     * its type (the one whose record {@code valid} is) and the {@code field} a violation names.
     */
    static Arguments malformed(String name, Record valid, String field, Consumer<ObjectNode> change) {
        EventType type = Arrays.stream(EventType.values())
                .filter(candidate -> EventPayloads.classOf(candidate) == valid.getClass())
                .findFirst().orElseThrow();
        ObjectNode payload = JSON.valueToTree(valid);
        change.accept(payload);
        return Arguments.of(name, type, payload, field);
    }

    /** The object at {@code path} (property names and list indexes) in {@code node}. */
    static ObjectNode object(JsonNode node, Object... path) {
        JsonNode current = node;
        for (Object step : path) {
            current = step instanceof Integer index ? current.get(index) : current.get((String) step);
        }
        return (ObjectNode) current;
    }

    /**
     * The CloudEvent attributes of a binary-mode record of {@code type}: for an event, what its publisher's outbox relay
     * writes; for a command, what a CRM service sends (its own {@code ce_source}, a command id of its choosing).
     */
    static Map<String, String> headers(EventType type) {
        String source = SOURCES.get(type.topic());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce_specversion", "1.0");
        headers.put("ce_id", source.startsWith("/crm/") ? "crm-cmd-" + UUID.randomUUID() : UUID.randomUUID().toString());
        headers.put("ce_source", source);
        headers.put("ce_type", type.type());
        headers.put("ce_time", SENT_AT.toString());
        headers.put("ce_subject", TENANT);
        headers.put("content-type", "application/json");
        return headers;
    }

    /**
     * The catalog's examples of {@code type} conform to it and are records as written: each payload reads as the
     * type's record, which writes it back unchanged.
     */
    static void assertExamplesAreRecordsAsWritten(EventType type) throws IOException {
        JsonNode message = new YAMLMapper().readTree(catalog.source().toFile()).path("components").path("messages")
                .path(type.type());
        assertFalse(message.path("examples").isEmpty(), type.type());
        for (JsonNode example : message.path("examples")) {
            Map<String, String> headers = new LinkedHashMap<>();
            example.path("headers").properties().forEach(header -> headers.put(header.getKey(), header.getValue().asText()));
            byte[] payload = JSON.writeValueAsBytes(example.path("payload"));
            assertEquals(List.of(), catalog.violations(type.topic(), headers.get("ce_subject"), headers, payload));
            Record read = JSON.readValue(payload, EventPayloads.classOf(type));
            assertEquals(JSON.readTree(payload), JSON.readTree(JSON.writeValueAsBytes(read)), example.path("name").asText());
        }
    }

    /** Each schema of {@code type} (the payload's and those of the records it nests) names exactly its record's fields. */
    static void assertSchemaNamesExactlyTheRecordsFields(EventType type) {
        for (Map.Entry<Class<?>, JsonNode> described : described(type).entrySet()) {
            Set<String> named = new TreeSet<>();
            described.getValue().path("properties").properties().forEach(property -> named.add(property.getKey()));
            assertEquals(componentNames(described.getKey()), named, described.getKey().getSimpleName());
        }
    }

    /**
     * Each schema of {@code type} lists exactly the wire values of each enum its record holds, but {@code notListed}
     * (values of a shared enum that the type predates).
     */
    static void assertSchemaListsExactlyTheWireValuesOfEachEnum(EventType type, Set<String> notListed) {
        for (Map.Entry<Class<?>, JsonNode> described : described(type).entrySet()) {
            for (RecordComponent component : described.getKey().getRecordComponents()) {
                if (!component.getType().isEnum()) {
                    continue;
                }
                Set<String> catalogued = new TreeSet<>();
                described.getValue().path("properties").path(component.getName()).path("enum").forEach(value -> {
                    if (!value.isNull()) {
                        catalogued.add(value.asText());
                    }
                });
                Set<String> wireValues = Arrays.stream(component.getType().getEnumConstants())
                        .map(constant -> ((WireNamed) constant).wireName())
                        .collect(Collectors.toCollection(TreeSet::new));
                wireValues.removeAll(notListed);
                assertEquals(wireValues, catalogued, type + "." + component.getName());
            }
        }
    }

    /**
     * The schema requires exactly the fields set in each of {@code sparsest}, the record's values where every field
     * that may be null is; but those in {@code readAsEmpty}, which the record reads as empty when they are missing.
     */
    static void assertRequiresExactlyTheFieldsNeverNull(JsonNode schema, List<? extends Record> sparsest,
            Set<String> readAsEmpty) {
        Set<String> neverNull = componentNames(sparsest.get(0).getClass());
        for (Record sparse : sparsest) {
            JSON.valueToTree(sparse).properties().stream().filter(field -> field.getValue().isNull())
                    .forEach(field -> neverNull.remove(field.getKey()));
        }
        neverNull.removeAll(readAsEmpty);
        Set<String> required = new TreeSet<>();
        schema.path("required").forEach(field -> required.add(field.asText()));
        assertEquals(neverNull, required, sparsest.get(0).getClass().getSimpleName());
    }

    /** Ada Lovelace's merge fields as Mailchimp gives them, her address as an object of strings. */
    static Map<String, Object> adasMergeFields() {
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

    /** The payload's record and schema, and each record it nests (in a field or a list, at any depth) with its schema. */
    static Map<Class<?>, JsonNode> described(EventType type) {
        Map<Class<?>, JsonNode> described = new LinkedHashMap<>();
        describe(EventPayloads.classOf(type), catalog.payloadSchema(type.type()), described);
        return described;
    }

    static Set<String> componentNames(Class<?> record) {
        return Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The names of {@code object}'s fields, in their order. */
    static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.properties().forEach(field -> names.add(field.getKey()));
        return names;
    }

    private static void describe(Class<?> record, JsonNode schema, Map<Class<?>, JsonNode> described) {
        described.put(record, schema);
        for (RecordComponent component : record.getRecordComponents()) {
            JsonNode property = schema.path("properties").path(component.getName());
            if (component.getType().isRecord()) {
                describe(component.getType(), objectSchema(property), described);
            } else if (component.getType() == List.class
                    && component.getGenericType() instanceof ParameterizedType list
                    && list.getActualTypeArguments()[0] instanceof Class<?> element && element.isRecord()) {
                describe(element, objectSchema(property.path("items")), described);
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
}
