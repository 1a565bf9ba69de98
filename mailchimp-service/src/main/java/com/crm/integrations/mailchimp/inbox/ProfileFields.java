package com.crm.integrations.mailchimp.inbox;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.crm.integrations.common.events.payload.InterestGrouping;

/**
 * What a post's {@code data[merges]} says of a member's profile: its merge fields (without {@code EMAIL} and the
 * interest data), its interest groups, and the CRM fields the tenant's mapping names.
 */
public final class ProfileFields {

    /** Merge keys that are not profile fields: the address (the member's identity) and the interest data. */
    private static final Set<String> NOT_FIELDS = Set.of("EMAIL", "INTERESTS", "GROUPINGS");

    private ProfileFields() {
    }

    /** The merge fields of {@code merges}: text as posted, {@code ADDRESS} as its nested parts when posted so. */
    public static Map<String, Object> mergeFields(Map<String, Object> merges) {
        Map<String, Object> fields = new LinkedHashMap<>();
        merges.forEach((tag, value) -> {
            if (!NOT_FIELDS.contains(tag) && (value instanceof String || value instanceof Map<?, ?>)) {
                fields.put(tag, value);
            }
        });
        return fields;
    }

    /**
     * The interest groups: {@code GROUPINGS[n][unique_id (or id)|name|groups]} in index order, or, without them, the comma-separated
     * {@code INTERESTS} as one grouping with no id or name. Group names are separated by commas; a comma inside a name
     * comes escaped as {@code \,}.
     */
    @SuppressWarnings("unchecked")
    public static List<InterestGrouping> interests(Map<String, Object> merges) {
        Object groupings = merges.get("GROUPINGS");
        if (groupings instanceof Map<?, ?> byIndex && !byIndex.isEmpty()) {
            List<Map.Entry<String, Object>> ordered = new ArrayList<>(((Map<String, Object>) byIndex).entrySet());
            ordered.sort(Comparator.comparing((Map.Entry<String, Object> entry) -> index(entry.getKey()))
                    .thenComparing(Map.Entry::getKey));
            List<InterestGrouping> result = new ArrayList<>();
            for (Map.Entry<String, Object> entry : ordered) {
                if (entry.getValue() instanceof Map<?, ?> grouping) {
                    // unique_id is the interest category's id in the API; id is the legacy numeric one
                    String id = text(grouping.get("unique_id")) != null ? text(grouping.get("unique_id")) : text(grouping.get("id"));
                    result.add(new InterestGrouping(id, text(grouping.get("name")),
                            groups(text(grouping.get("groups")))));
                }
            }
            return result;
        }
        Object interests = merges.get("INTERESTS");
        if (interests instanceof String names && !names.isBlank()) {
            return List.of(new InterestGrouping(null, null, groups(names)));
        }
        return List.of();
    }

    /** The CRM's fields, by the tenant's mapping from merge tag to CRM field name. */
    public static Map<String, String> crmFields(Map<String, Object> mergeFields, Map<String, String> mapping) {
        Map<String, String> fields = new LinkedHashMap<>();
        mapping.forEach((tag, crmField) -> {
            Object value = mergeFields.get(tag);
            if (value instanceof String text) {
                fields.put(crmField, text);
            } else if (value instanceof Map<?, ?> parts) {
                fields.put(crmField, parts.values().stream().filter(part -> part instanceof String text && !text.isBlank())
                        .map(Object::toString).collect(Collectors.joining(", ")));
            }
        });
        return fields;
    }

    static List<String> groups(String names) {
        if (names == null || names.isBlank()) {
            return List.of();
        }
        List<String> groups = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < names.length(); i++) {
            char c = names.charAt(i);
            if (c == '\\' && i + 1 < names.length() && names.charAt(i + 1) == ',') {
                current.append(',');
                i++;
            } else if (c == ',') {
                add(groups, current);
            } else {
                current.append(c);
            }
        }
        add(groups, current);
        return groups;
    }

    private static void add(List<String> groups, StringBuilder current) {
        String name = current.toString().trim();
        if (!name.isEmpty()) {
            groups.add(name);
        }
        current.setLength(0);
    }

    private static String text(Object value) {
        return value instanceof String text && !text.isEmpty() ? text : null;
    }

    private static int index(String key) {
        try {
            return Integer.parseInt(key);
        } catch (NumberFormatException notIndex) {
            return Integer.MAX_VALUE;
        }
    }
}
