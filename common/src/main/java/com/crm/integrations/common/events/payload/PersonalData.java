package com.crm.integrations.common.events.payload;

import java.util.Map;
import java.util.stream.Collectors;

/** How payloads that carry personal data (addresses, merge fields) show it in {@code toString()}: never, only its shape. */
final class PersonalData {

    static final String HIDDEN = "***";

    private PersonalData() {
    }

    static String hidden(String value) {
        return value == null ? null : HIDDEN;
    }

    /** The keys (merge tags, CRM field names), each value hidden. */
    static String hiddenValues(Map<String, ?> fields) {
        return fields.keySet().stream().map(key -> key + "=" + HIDDEN).collect(Collectors.joining(", ", "{", "}"));
    }
}
