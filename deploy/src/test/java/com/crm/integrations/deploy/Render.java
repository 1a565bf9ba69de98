package com.crm.integrations.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The objects one overlay renders to ({@code kustomize build}), as JSON trees.
 *
 * @param overlay the overlay's directory name; one whose name starts with {@code prod} is held to production's rules
 * @param objects every object, in kustomize's order
 */
record Render(String overlay, List<JsonNode> objects) {

    private static final YAMLMapper YAML = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    Render {
        objects = List.copyOf(objects);
    }

    /** Reads multi-document YAML (kustomize's output, or a test's fixture). */
    static Render parse(String overlay, String yaml) {
        List<JsonNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (documents.hasNextValue()) {
                JsonNode object = documents.nextValue();
                if (object != null && !object.isNull() && !object.isMissingNode()) {
                    objects.add(object);
                }
            }
        } catch (IOException unparsable) {
            throw new UncheckedIOException("The render of " + overlay + " is not YAML", unparsable);
        }
        return new Render(overlay, objects);
    }

    boolean isProduction() {
        return overlay.startsWith("prod");
    }

    List<JsonNode> ofKind(String kind) {
        return objects.stream().filter(object -> kind.equals(object.path("kind").asText())).toList();
    }

    Optional<JsonNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(object -> name.equals(name(object))).findFirst();
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    /** {@code Kind/name}, how failures name an object. */
    static String id(JsonNode object) {
        return object.path("kind").asText("?") + "/" + name(object);
    }

    /** The object's {@code app.kubernetes.io/name} label, else its name. */
    static String app(JsonNode object) {
        return object.path("metadata").path("labels").path("app.kubernetes.io/name").asText(name(object));
    }
}
