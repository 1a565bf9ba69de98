package com.crm.integrations.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Unknown fields of custom resources, from their CustomResourceDefinitions' {@code openAPIV3Schema}: a field the schema
 * does not declare where it declares the others (no {@code additionalProperties}, no
 * {@code x-kubernetes-preserve-unknown-fields}) would be pruned by the API server without a word, so a misspelled
 * {@code replica:} silently becomes the default. The CRDs come from Strimzi's {@code io.strimzi:api} test jar
 * ({@code crds/v1beta2/*.yaml}, both served versions each); the PrometheusRule's from {@code schemas/prometheusrule.yaml}.
 * CloudNativePG publishes no schema a JVM test can load: its resources get validate.mjs' checks only. Types, enums and
 * required fields are validate.mjs' part.
 */
final class CrdSchemas {

    private static final YAMLMapper YAML = new YAMLMapper();

    private final Map<String, JsonNode> schemas;

    private CrdSchemas(Map<String, JsonNode> schemas) {
        this.schemas = schemas;
    }

    /**
     * Strimzi's resources (kafka.strimzi.io, core.strimzi.io), every version its CRDs serve, and the PrometheusRule's
     * fields ({@code schemas/prometheusrule.yaml} of these tests).
     */
    static CrdSchemas load() {
        Map<String, JsonNode> schemas = new HashMap<>(fromClasspath("crds/v1beta2").schemas);
        schemas.putAll(fromClasspath("schemas").schemas);
        return new CrdSchemas(Map.copyOf(schemas));
    }

    static CrdSchemas fromClasspath(String directory) {
        URI uri;
        try {
            var url = CrdSchemas.class.getClassLoader().getResource(directory);
            if (url == null) {
                throw new IllegalStateException("No " + directory + " on the test classpath");
            }
            uri = url.toURI();
        } catch (URISyntaxException bad) {
            throw new IllegalStateException(bad);
        }
        if (!"jar".equals(uri.getScheme())) {
            return read(Path.of(uri));
        }
        FileSystem jar;
        try {
            jar = FileSystems.getFileSystem(uri);
        } catch (FileSystemNotFoundException notOpen) {
            try {
                jar = FileSystems.newFileSystem(uri, Map.of());
            } catch (IOException unreadable) {
                throw new UncheckedIOException(unreadable);
            }
        }
        return read(jar.provider().getPath(uri));
    }

    private static CrdSchemas read(Path directory) {
        Map<String, JsonNode> schemas = new HashMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(file -> file.toString().endsWith(".yaml")).toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    JsonNode crd = YAML.readTree(in);
                    if (!"CustomResourceDefinition".equals(crd.path("kind").asText())) {
                        continue;
                    }
                    String group = crd.at("/spec/group").asText();
                    String kind = crd.at("/spec/names/kind").asText();
                    for (JsonNode version : crd.at("/spec/versions")) {
                        schemas.put(group + "/" + version.path("name").asText() + " " + kind, version.at("/schema/openAPIV3Schema"));
                    }
                }
            }
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
        return new CrdSchemas(Map.copyOf(schemas));
    }

    boolean knows(String apiVersion, String kind) {
        return schemas.containsKey(apiVersion + " " + kind);
    }

    /** Every field of {@code object} its CRD does not declare (metadata and status aside); empty for a kind it has no CRD of. */
    List<String> unknownFields(JsonNode object) {
        JsonNode schema = schemas.get(object.path("apiVersion").asText() + " " + object.path("kind").asText());
        List<String> unknown = new ArrayList<>();
        if (schema == null) {
            return unknown;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equals("metadata") || field.getKey().equals("status")) {
                continue;
            }
            Optional<JsonNode> declared = Optional.ofNullable(properties(schema).get(field.getKey()));
            if (declared.isEmpty()) {
                unknown.add(Render.id(object) + ": unknown field ." + field.getKey());
            } else {
                walk(field.getValue(), declared.get(), "." + field.getKey(), object, unknown);
            }
        }
        return unknown;
    }

    private static void walk(JsonNode value, JsonNode schema, String path, JsonNode object, List<String> unknown) {
        if (value.isArray()) {
            JsonNode items = schema.path("items");
            if (items.isObject()) {
                for (int i = 0; i < value.size(); i++) {
                    walk(value.get(i), items, path + "[" + i + "]", object, unknown);
                }
            }
            return;
        }
        if (!value.isObject()) {
            return;
        }
        Map<String, JsonNode> properties = properties(schema);
        JsonNode additional = schema.path("additionalProperties");
        boolean open = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false) || additional.asBoolean(false)
                || properties.isEmpty() && !additional.isObject();
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            String at = path + "." + field.getKey();
            JsonNode declared = properties.get(field.getKey());
            if (declared != null) {
                walk(field.getValue(), declared, at, object, unknown);
            } else if (additional.isObject()) {
                walk(field.getValue(), additional, at, object, unknown);
            } else if (!open) {
                unknown.add(Render.id(object) + ": unknown field " + at);
            }
        }
    }

    /** The properties a schema declares, its own and those of its oneOf/anyOf/allOf branches. */
    private static Map<String, JsonNode> properties(JsonNode schema) {
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        schema.path("properties").fields().forEachRemaining(field -> properties.putIfAbsent(field.getKey(), field.getValue()));
        for (String combinator : List.of("allOf", "oneOf", "anyOf")) {
            for (JsonNode branch : schema.path(combinator)) {
                properties(branch).forEach(properties::putIfAbsent);
            }
        }
        return properties;
    }
}
