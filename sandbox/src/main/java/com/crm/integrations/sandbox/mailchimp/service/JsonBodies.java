package com.crm.integrations.sandbox.mailchimp.service;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reading the Marketing API's request bodies, taken as text so that one that is not a JSON object gets Mailchimp's
 * {@code JSON Parse Error}, and a field of the wrong type its {@code Invalid Resource} naming the field. Unknown fields
 * are ignored, as Mailchimp does.
 */
final class JsonBodies {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private JsonBodies() {
    }

    /** The body as an object; none or blank: an empty one. @throws com.crm.integrations.sandbox.provider.ProviderRefusal 400 {@code JSON Parse Error} */
    static JsonNode object(String body) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (JsonProcessingException notJson) {
            throw MailchimpErrors.jsonParseError();
        }
        if (root == null || !root.isObject()) {
            throw MailchimpErrors.jsonParseError();
        }
        return root;
    }

    /** A text field, {@code null} when absent or null. */
    static String text(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw MailchimpErrors.invalidField(path, "This value should be of type string.");
        }
        return node.asText();
    }

    static Boolean bool(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            throw MailchimpErrors.invalidField(path, "This value should be of type boolean.");
        }
        return node.booleanValue();
    }

    /** An object field as plain values, {@code null} when absent or null. */
    static Map<String, Object> map(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw MailchimpErrors.invalidField(path, "This value should be of type object.");
        }
        return JSON.convertValue(node, MAP);
    }

    /** An array field's elements, {@code null} when absent or null. */
    static List<JsonNode> array(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw MailchimpErrors.invalidField(path, "This value should be of type array.");
        }
        return node.valueStream().toList();
    }

    /** An ISO 8601 date-time with an offset ({@code 2026-12-01T10:15:30+00:00}), {@code null} when absent or empty. */
    static Instant instant(JsonNode parent, String field, String path) {
        String text = text(parent, field, path);
        return text == null || text.isEmpty() ? null : instant(text, path);
    }

    /** An ISO 8601 date-time with an offset, from a query parameter or field {@code path}. */
    static Instant instant(String text, String path) {
        try {
            return OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeParseException notIso) {
            throw MailchimpErrors.invalidField(path, "This value should be an ISO 8601 date-time such as 2026-12-01T10:15:30+00:00.");
        }
    }
}
