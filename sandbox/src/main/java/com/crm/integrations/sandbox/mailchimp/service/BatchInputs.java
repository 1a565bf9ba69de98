package com.crm.integrations.sandbox.mailchimp.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.crm.integrations.sandbox.mailchimp.BatchOperation;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of {@code POST /batches} (PROVIDERS.md §5.3): {@code {"operations":[{"method","path","params","body",
 * "operation_id"}]}}. {@code body} must be a JSON string, not an object (the classic mistake: 400 naming the field);
 * {@code params} values are taken as text.
 */
final class BatchInputs {

    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

    private BatchInputs() {
    }

    static List<BatchOperation> operations(JsonNode root) {
        List<JsonNode> nodes = JsonBodies.array(root, "operations", "operations");
        if (nodes == null) {
            throw MailchimpErrors.invalidField("operations", "This value should not be blank.");
        }
        List<BatchOperation> operations = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            String at = "operations[" + i + "]";
            JsonNode node = nodes.get(i);
            if (!node.isObject()) {
                throw MailchimpErrors.invalidField(at, "This value should be of type object.");
            }
            String method = JsonBodies.text(node, "method", at + ".method");
            if (method == null || !METHODS.contains(method.toUpperCase(Locale.ROOT))) {
                throw MailchimpErrors.invalidField(at + ".method", "Value must be one of: GET, POST, PUT, PATCH, DELETE");
            }
            String path = JsonBodies.text(node, "path", at + ".path");
            if (path == null || path.isBlank()) {
                throw MailchimpErrors.invalidField(at + ".path", "This value should not be blank.");
            }
            operations.add(new BatchOperation(method.toUpperCase(Locale.ROOT), path.trim(), params(node, at + ".params"),
                    JsonBodies.text(node, "body", at + ".body"), JsonBodies.text(node, "operation_id", at + ".operation_id")));
        }
        return operations;
    }

    private static Map<String, String> params(JsonNode node, String path) {
        Map<String, Object> params = JsonBodies.map(node, "params", path);
        Map<String, String> text = new LinkedHashMap<>();
        if (params != null) {
            params.forEach((name, value) -> {
                if (value != null) {
                    text.put(name, value.toString());
                }
            });
        }
        return text;
    }
}
