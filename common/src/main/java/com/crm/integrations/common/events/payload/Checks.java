package com.crm.integrations.common.events.payload;

import java.util.Objects;
import java.util.regex.Pattern;

/** The checks the payload records make in their constructors, so that a malformed event is never written. */
final class Checks {

    private static final Pattern SUBSCRIBER_HASH = Pattern.compile("[0-9a-f]{32}");

    private Checks() {
    }

    static <T> T required(T value, String name) {
        return Objects.requireNonNull(value, () -> name + " is required");
    }

    static String text(String value, String name) {
        if (required(value, name).isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    static String optionalText(String value, String name) {
        if (value != null && value.isBlank()) {
            throw new IllegalArgumentException(name + " must be null or not blank");
        }
        return value;
    }

    static int count(int value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
        return value;
    }

    static String subscriberHash(String value, String name) {
        if (value != null && !SUBSCRIBER_HASH.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be 32 lower-case hex digits (MD5 of the lower-cased e-mail)");
        }
        return value;
    }
}
