package com.crm.integrations.common.settings;

/**
 * What an {@code If-Match} header asks of an update (RFC 9110 §13.1.1, strong comparison).
 *
 * <ul>
 * <li>{@link Absent}: the update applies whatever the current version.</li>
 * <li>{@link AnySaved} ({@code *}): the tenant must have saved settings before.</li>
 * <li>{@link Version}: the current version must be exactly this one ({@code "0"}: none saved yet).</li>
 * <li>{@link Never}: a tag we never issue (weak, not a version): the update fails with 412.</li>
 * </ul>
 */
public sealed interface IfMatch {

    record Absent() implements IfMatch {
    }

    record AnySaved() implements IfMatch {
    }

    record Version(long version) implements IfMatch {
    }

    record Never() implements IfMatch {
    }

    static IfMatch parse(String header) {
        if (header == null || header.isBlank()) {
            return new Absent();
        }
        String tag = header.trim();
        if (tag.equals("*")) {
            return new AnySaved();
        }
        if (tag.length() < 3 || tag.charAt(0) != '"' || tag.charAt(tag.length() - 1) != '"') {
            return new Never(); // weak tags (W/"…") never match under If-Match's strong comparison
        }
        try {
            long version = Long.parseLong(tag.substring(1, tag.length() - 1));
            return version < 0 ? new Never() : new Version(version);
        } catch (NumberFormatException notOurs) {
            return new Never();
        }
    }
}
