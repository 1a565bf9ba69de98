package com.crm.integrations.testing.events;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Replaces the local {@code $ref}s of a part of a document ({@code #/components/…}) by copies of what they point at,
 * so that the part stands alone: a schema validator then needs no knowledge of the document around it. Siblings of
 * a {@code $ref} are dropped, as JSON Schema draft-07 and AsyncAPI's Reference Object ignore them.
 */
final class LocalRefs {

    private static final String REF = "$ref";

    private final JsonNode document;

    LocalRefs(JsonNode document) {
        this.document = document;
    }

    /** A copy of {@code node} with every local reference inlined. */
    JsonNode inline(JsonNode node) {
        return inline(node, new ArrayDeque<>());
    }

    /** What {@code node} is once its own reference (if it is one) is followed; not a copy, and refs inside stay. */
    JsonNode follow(JsonNode node) {
        JsonNode current = node;
        Deque<String> followed = new ArrayDeque<>();
        while (isRef(current)) {
            String ref = current.get(REF).asText();
            enter(ref, followed);
            current = target(ref);
        }
        return current;
    }

    private JsonNode inline(JsonNode node, Deque<String> resolving) {
        if (isRef(node)) {
            String ref = node.get(REF).asText();
            enter(ref, resolving);
            JsonNode inlined = inline(target(ref), resolving);
            resolving.pop();
            return inlined;
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                copy.set(field.getKey(), inline(field.getValue(), resolving));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(inline(element, resolving)));
            return copy;
        }
        return node;
    }

    private static boolean isRef(JsonNode node) {
        return node.isObject() && node.path(REF).isTextual();
    }

    private static void enter(String ref, Deque<String> resolving) {
        if (resolving.contains(ref)) {
            throw new IllegalArgumentException("Circular $ref " + ref + " (via " + resolving + ")");
        }
        resolving.push(ref);
    }

    private JsonNode target(String ref) {
        if (!ref.startsWith("#")) {
            throw new IllegalArgumentException("Only references inside the document are supported, not " + ref);
        }
        JsonNode target = document.at(JsonPointer.compile(fragment(ref)));
        if (target.isMissingNode()) {
            throw new IllegalArgumentException("$ref " + ref + " points at nothing");
        }
        return target;
    }

    private static String fragment(String ref) {
        try {
            String fragment = URI.create(ref).getFragment();
            return fragment == null ? "" : fragment;
        } catch (IllegalArgumentException unparsable) {
            return ref.substring(1);
        }
    }
}
