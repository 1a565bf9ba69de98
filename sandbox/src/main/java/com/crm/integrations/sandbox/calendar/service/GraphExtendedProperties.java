package com.crm.integrations.sandbox.calendar.service;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.crm.integrations.sandbox.calendar.EventFields;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Graph's single-value extended properties of an event ({@code singleValueExtendedProperties}, [mem]): string values
 * named {@code String {guid} Name <name>}, where the GUID is the property set. Stored in the event's
 * {@link EventFields#privateProperties()} keyed by their id in canonical form (GUID in lower case), so two names in
 * different sets never collide and the id is given back whole. Graph also knows other types ({@code Integer …}) and
 * forms ({@code … Id 0x8001}, tags such as {@code String 0x0037}); the sandbox refuses them.
 */
final class GraphExtendedProperties {

    /** The body and response property. */
    static final String FIELD = "singleValueExtendedProperties";

    private static final Pattern ID = Pattern.compile(
            "(?i:String) \\{(\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12})\\} (?i:Name) (\\S[^\\p{Cntrl}]{0,254})");

    private GraphExtendedProperties() {
    }

    /** The id in canonical form ({@code String {66f5a359-…} Name crmId}); empty when it is not of that shape. */
    static Optional<String> canonicalId(String id) {
        Matcher matcher = id == null ? null : ID.matcher(id);
        if (matcher == null || !matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of("String {" + matcher.group(1).toLowerCase(Locale.ROOT) + "} Name " + matcher.group(2));
    }

    /**
     * A create's or PATCH's {@code singleValueExtendedProperties}, {@code [{"id", "value"}]}: each sets or replaces the
     * property of that id; the others stay.
     *
     * @throws com.crm.integrations.sandbox.provider.ProviderRefusal 400 {@code ErrorInvalidRequest} for a malformed one
     */
    static void read(JsonNode body, EventFields.Builder into, String clientRequestId) {
        if (!body.has(FIELD)) {
            return;
        }
        JsonNode properties = body.get(FIELD);
        if (!properties.isArray()) {
            throw GraphErrors.badRequest(FIELD + " must be an array of {\"id\", \"value\"}.", clientRequestId);
        }
        Map<String, String> merged = new HashMap<>(into.privateProperties());
        for (JsonNode property : properties) {
            JsonNode value = property.path("value");
            String id = canonicalId(property.path("id").asText(null)).orElseThrow(() -> GraphErrors.badRequest(
                    "The extended property id '" + property.path("id").asText("") + "' is not of the form 'String {guid} Name <name>'.",
                    clientRequestId));
            if (!value.isTextual()) {
                throw GraphErrors.badRequest("The extended property '" + id + "' needs a string value.", clientRequestId);
            }
            merged.put(id, value.asText());
        }
        into.privateProperties(merged);
    }

    /** Adds the properties asked for by {@code $expand} ({@code id} canonical) to an event's JSON, if it has any. */
    static Map<String, Object> expand(Map<String, Object> event, EventFields fields, String id) {
        String value = id == null ? null : fields.privateProperties().get(id);
        if (value != null) {
            event.put(FIELD, List.of(Map.of("id", id, "value", value)));
        }
        return event;
    }
}
