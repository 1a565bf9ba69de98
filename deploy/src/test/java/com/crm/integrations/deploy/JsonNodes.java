package com.crm.integrations.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** Small readings of rendered objects. */
final class JsonNodes {

    static final JsonNode EMPTY = JsonNodeFactory.instance.arrayNode();

    private JsonNodes() {
    }

    /** A number written as a number or as a string ({@code 2}, {@code "2"}); empty when absent or not a number. */
    static OptionalLong number(JsonNode value) {
        if (value.isIntegralNumber()) {
            return OptionalLong.of(value.asLong());
        }
        if (value.isTextual() && value.asText().trim().matches("-?[0-9]+")) {
            return OptionalLong.of(Long.parseLong(value.asText().trim()));
        }
        return OptionalLong.empty();
    }

    /** Every string value in the tree, with its path ({@code /spec/template/…}). */
    static List<String[]> strings(JsonNode tree) {
        List<String[]> strings = new ArrayList<>();
        collect(tree, "", strings);
        return strings;
    }

    private static void collect(JsonNode node, String path, List<String[]> strings) {
        if (node.isTextual()) {
            strings.add(new String[] { path, node.asText() });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), path + "/" + i, strings);
            }
        } else if (node.isObject()) {
            node.fields().forEachRemaining(field -> collect(field.getValue(), path + "/" + field.getKey(), strings));
        }
    }
}
