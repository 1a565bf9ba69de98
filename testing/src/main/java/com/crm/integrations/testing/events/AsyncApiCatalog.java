package com.crm.integrations.testing.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;

/**
 * The event catalog, {@code docs/asyncapi.yaml} (AsyncAPI 3.0), as a checker for Kafka records: tests hand it what
 * a service really published and get back every way the record breaks the catalog.
 *
 * <pre>
 * AsyncApiCatalog catalog = AsyncApiCatalog.fromProjectRoot();
 * List&lt;String&gt; violations = catalog.violations(record.topic(), record.key(), headers, record.value());
 * assertEquals(List.of(), violations);            // or: catalog.assertConforms(…)
 * </pre>
 *
 * <p>A channel is found by its {@code address} (the topic), a message of the channel by its {@code name} (the
 * CloudEvent type, the {@code ce_type} header). Its {@code headers} schema is checked against the record's headers
 * (as a JSON object of strings), its {@code payload} schema against the value, its Kafka binding's {@code key}
 * schema against the key; the key must also equal {@code ce_subject} (both are the tenant id). Schemas are JSON
 * Schema draft-07 (AsyncAPI's default schema format), with {@code format} asserted; local {@code $ref}s are inlined
 * before the validator sees them. Instances are immutable and safe to share between tests.
 */
public final class AsyncApiCatalog {

    /** Where the catalog lives, relative to the project root. */
    public static final String CATALOG_FILE = "docs/asyncapi.yaml";

    /** The system property surefire sets to the project root (see the root pom). */
    public static final String ROOT_PROPERTY = "integrations.root";

    private static final String TYPE_HEADER = "ce_type";
    private static final String SUBJECT_HEADER = "ce_subject";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** A key written twice in the catalog is an authoring mistake, not "the last one wins". */
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                    .formatAssertionsEnabled(true)
                    .pathType(PathType.JSON_POINTER)
                    .build()));

    private final Path source;
    private final Map<String, Map<String, Message>> channels;
    private final Map<String, Message> messages;

    private AsyncApiCatalog(Path source, Map<String, Map<String, Message>> channels, Map<String, Message> messages) {
        this.source = source;
        this.channels = channels;
        this.messages = messages;
    }

    /**
     * Reads an AsyncAPI 3.0 document.
     *
     * @throws IllegalArgumentException when it is not one this checker understands (no channels, a message without
     *                                  name or payload, a type on two channels, a reference to another file, …)
     * @throws UncheckedIOException     when it cannot be read
     */
    public static AsyncApiCatalog load(Path yaml) {
        JsonNode document;
        try {
            document = YAML.readTree(yaml.toFile());
        } catch (IOException unreadable) {
            throw new UncheckedIOException("Cannot read the event catalog " + yaml, unreadable);
        }
        try {
            return parse(yaml.toAbsolutePath().normalize(), document);
        } catch (IllegalArgumentException invalid) {
            throw new IllegalArgumentException(yaml + ": " + invalid.getMessage(), invalid);
        }
    }

    /**
     * Reads {@value #CATALOG_FILE} of this project: under the directory the system property {@value #ROOT_PROPERTY}
     * names (surefire sets it), else in the nearest directory above the working directory that holds both it and a
     * {@code pom.xml}.
     *
     * @throws IllegalStateException when neither finds the catalog
     */
    public static AsyncApiCatalog fromProjectRoot() {
        return load(projectRoot().resolve(CATALOG_FILE));
    }

    /** The file this catalog was read from. */
    public Path source() {
        return source;
    }

    /** The CloudEvent types of every message in the catalog. */
    public Set<String> messageTypes() {
        return Collections.unmodifiableSet(messages.keySet());
    }

    /** The address (topic) of every channel in the catalog. */
    public Set<String> channelAddresses() {
        return Collections.unmodifiableSet(channels.keySet());
    }

    /** The address of the channel that carries messages of {@code messageType}, if the catalog has that type. */
    public Optional<String> channelOf(String messageType) {
        return Optional.ofNullable(messages.get(messageType)).map(Message::channel);
    }

    /**
     * The payload schema of {@code messageType}, with references inlined: a copy, for tests that compare it with
     * code (property names, required fields, enum values).
     *
     * @throws IllegalArgumentException when the catalog has no such message
     */
    public JsonNode payloadSchema(String messageType) {
        Message message = messages.get(messageType);
        if (message == null) {
            throw new IllegalArgumentException("The catalog has no message " + messageType);
        }
        return message.payloadSchema().deepCopy();
    }

    /**
     * Every way a Kafka record breaks the catalog, as sentences for a test failure; empty when it conforms.
     *
     * @param topic   the record's topic
     * @param key     its key (as a string), {@code null} when it has none
     * @param headers its headers, values decoded as UTF-8
     * @param value   its value, {@code null} for a tombstone
     */
    public List<String> violations(String topic, String key, Map<String, String> headers, byte[] value) {
        Map<String, Message> channel = channels.get(topic);
        if (channel == null) {
            return List.of("Unknown topic '" + topic + "': the catalog's channels are " + channels.keySet());
        }
        Map<String, String> safeHeaders = headers == null ? Map.of() : headers;
        List<String> violations = new ArrayList<>();
        Message message = message(topic, channel, safeHeaders.get(TYPE_HEADER), violations);
        if (message != null) {
            violations.addAll(message.checkHeaders(safeHeaders));
        }
        checkKey(key, safeHeaders.get(SUBJECT_HEADER), message, violations);
        Optional<JsonNode> json = json(value, violations);
        if (message != null && json.isPresent()) {
            violations.addAll(message.checkPayload(json.get()));
        }
        return violations;
    }

    /**
     * Fails with an {@link AssertionError} listing every violation unless the record conforms.
     *
     * @see #violations(String, String, Map, byte[])
     */
    public void assertConforms(String topic, String key, Map<String, String> headers, byte[] value) {
        List<String> violations = violations(topic, key, headers, value);
        if (!violations.isEmpty()) {
            throw new AssertionError("The record on " + topic + " breaks the event catalog " + source + ":\n  - "
                    + String.join("\n  - ", violations));
        }
    }

    @Override
    public String toString() {
        return "AsyncApiCatalog[" + source + ", channels=" + channels.keySet() + "]";
    }

    private Message message(String topic, Map<String, Message> channel, String type, List<String> violations) {
        if (type == null) {
            violations.add("Header " + TYPE_HEADER + " is missing: which message of " + topic + " this is cannot be told");
            return null;
        }
        Message message = channel.get(type);
        if (message != null) {
            return message;
        }
        Message elsewhere = messages.get(type);
        if (elsewhere != null) {
            violations.add(TYPE_HEADER + " '" + type + "' is not a message of channel " + topic + ": the catalog puts it on "
                    + elsewhere.channel());
        } else if (channel.isEmpty()) {
            violations.add(TYPE_HEADER + " '" + type + "' is not in the catalog: channel " + topic + " lists no messages yet");
        } else {
            violations.add(TYPE_HEADER + " '" + type + "' is not in the catalog: channel " + topic + " carries "
                    + channel.keySet());
        }
        return null;
    }

    private static void checkKey(String key, String subject, Message message, List<String> violations) {
        if (key == null) {
            violations.add("Kafka key is missing: it must be the tenant id, equal to " + SUBJECT_HEADER);
            return;
        }
        if (key.isBlank()) {
            violations.add("Kafka key is blank: it must be the tenant id, equal to " + SUBJECT_HEADER);
            return;
        }
        if (subject != null && !subject.equals(key)) {
            violations.add("Kafka key '" + key + "' differs from " + SUBJECT_HEADER + " '" + subject
                    + "': both must be the tenant id");
        }
        if (message != null) {
            violations.addAll(message.checkKey(key));
        }
    }

    private static Optional<JsonNode> json(byte[] value, List<String> violations) {
        if (value == null) {
            violations.add("Value is missing (a tombstone): every event carries a JSON object");
            return Optional.empty();
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            violations.add("Value is not JSON: it is not even UTF-8 text");
            return Optional.empty();
        }
        try {
            JsonNode tree = JSON.readTree(text);
            if (tree == null || tree.isMissingNode()) {
                violations.add("Value is not JSON: it is empty");
                return Optional.empty();
            }
            return Optional.of(tree);
        } catch (JsonProcessingException notJson) {
            violations.add("Value is not JSON: " + notJson.getOriginalMessage());
            return Optional.empty();
        }
    }

    private static Path projectRoot() {
        String property = System.getProperty(ROOT_PROPERTY);
        if (property != null && !property.isBlank()) {
            Path root = Paths.get(property).toAbsolutePath().normalize();
            if (Files.isRegularFile(root.resolve(CATALOG_FILE))) {
                return root;
            }
        }
        Path workingDirectory = Paths.get("").toAbsolutePath().normalize();
        for (Path dir = workingDirectory; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(CATALOG_FILE)) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find the event catalog " + CATALOG_FILE + ": not under " + ROOT_PROPERTY
                + "=" + property + ", nor in " + workingDirectory + " or a directory above it");
    }

    private static AsyncApiCatalog parse(Path source, JsonNode document) {
        String version = document.path("asyncapi").asText("");
        if (!version.startsWith("3.")) {
            throw new IllegalArgumentException("not an AsyncAPI 3 document (asyncapi: '" + version + "')");
        }
        JsonNode channelNodes = document.path("channels");
        if (!channelNodes.isObject() || channelNodes.isEmpty()) {
            throw new IllegalArgumentException("no channels");
        }
        LocalRefs refs = new LocalRefs(document);
        Map<String, Map<String, Message>> channels = new LinkedHashMap<>();
        Map<String, Message> messages = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> channelEntry : channelNodes.properties()) {
            JsonNode channel = refs.follow(channelEntry.getValue());
            String address = text(channel, "address", "channel " + channelEntry.getKey());
            if (channels.containsKey(address)) {
                throw new IllegalArgumentException("two channels have the address " + address);
            }
            Map<String, Message> channelMessages = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> messageEntry : channel.path("messages").properties()) {
                String where = "message " + messageEntry.getKey() + " of channel " + address;
                Message message = Message.of(address, refs.follow(messageEntry.getValue()), refs, where);
                Message other = messages.putIfAbsent(message.type(), message);
                if (other != null) {
                    throw new IllegalArgumentException(where + ": type " + message.type() + " is already a message of "
                            + other.channel() + " (a type lives on its publisher's one topic)");
                }
                channelMessages.put(message.type(), message);
            }
            channels.put(address, Collections.unmodifiableMap(channelMessages));
        }
        return new AsyncApiCatalog(source, Collections.unmodifiableMap(channels), Collections.unmodifiableMap(messages));
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException(where + " has no " + field);
        }
        return value.asText();
    }

    /** One message of a channel, its schemas compiled. */
    private record Message(String channel, String type, JsonNode payloadSchema, Schema headers, Schema payload,
            Schema key) {

        static Message of(String channel, JsonNode message, LocalRefs refs, String where) {
            String type = text(message, "name", where);
            JsonNode payload = message.path("payload");
            JsonNode headers = message.path("headers");
            if (payload.isMissingNode() || headers.isMissingNode()) {
                throw new IllegalArgumentException(where + " needs both a payload and a headers schema");
            }
            JsonNode payloadSchema = refs.inline(payload);
            JsonNode keySchema = refs.inline(refs.follow(message.path("bindings")).path("kafka").path("key"));
            return new Message(channel, type, payloadSchema, compile(refs.inline(headers), where + " headers"),
                    compile(payloadSchema, where + " payload"),
                    keySchema.isMissingNode() ? null : compile(keySchema, where + " Kafka key"));
        }

        List<String> checkHeaders(Map<String, String> values) {
            ObjectNode instance = JSON.createObjectNode();
            values.forEach(instance::put);
            return describe("Header", headers, instance);
        }

        List<String> checkPayload(JsonNode instance) {
            return describe("Payload", payload, instance);
        }

        List<String> checkKey(String value) {
            return key == null ? List.of() : describe("Kafka key", key, JSON.getNodeFactory().textNode(value));
        }

        /** The validator's errors as sentences: what, where (a JSON pointer) and, for a single value, the value. */
        private List<String> describe(String part, Schema schema, JsonNode instance) {
            List<String> described = new ArrayList<>();
            for (Error error : schema.validate(write(instance), InputFormat.JSON)) {
                String location = String.valueOf(error.getInstanceLocation());
                JsonNode found = location.isEmpty() ? instance : instance.at(location);
                described.add(part + " of " + type + (location.isEmpty() ? "" : " at " + location) + ": "
                        + error.getMessage() + (found.isValueNode() && !found.isNull() ? " (found " + found + ")" : ""));
            }
            return described;
        }

        private static String write(JsonNode node) {
            try {
                return JSON.writeValueAsString(node);
            } catch (JsonProcessingException impossible) {
                throw new IllegalStateException("A JSON tree that cannot be written", impossible);
            }
        }

        private static Schema compile(JsonNode schema, String where) {
            try {
                Schema compiled = SCHEMAS.getSchema(write(schema), InputFormat.JSON);
                compiled.initializeValidators();
                return compiled;
            } catch (RuntimeException invalid) {
                throw new IllegalArgumentException(where + " is not a usable JSON schema: " + invalid.getMessage(),
                        invalid);
            }
        }
    }
}
