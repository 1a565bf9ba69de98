package com.crm.integrations.common.events.payload;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/** The checks the payload records make in their constructors, so that a malformed event is never written. */
final class Checks {

    private static final Pattern SUBSCRIBER_HASH = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern FINGERPRINT = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /**
     * Text shaped like a credential: a JWT (Microsoft's access tokens, any id_token), an {@code Authorization} header's
     * bearer value, a Google access ({@code ya29.}) or refresh ({@code 1//}) token. docs/asyncapi.yaml refuses the same.
     */
    private static final Pattern CREDENTIAL = Pattern.compile(
            "eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.|Bearer\\s|ya29\\.|1//");

    private Checks() {
    }

    static <T> T required(T value, String name) {
        return Objects.requireNonNull(value, () -> name + " is required");
    }

    static String text(String value, String name) {
        if (required(value, name).isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        if (value.indexOf('\u0000') >= 0) {
            // PostgreSQL's text cannot hold it: refused here, not by the database after the record was taken.
            throw new IllegalArgumentException(name + " must not contain a NUL character (U+0000)");
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

    static long count(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
        return value;
    }

    static long positive(long value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
        return value;
    }

    /** A UUID as {@link java.util.UUID#toString()} writes it: 8-4-4-4-12 lower-case hex digits. */
    static String uuid(String value, String name) {
        if (!UUID.matcher(required(value, name)).matches()) {
            throw new IllegalArgumentException(name + " must be a UUID in canonical form (8-4-4-4-12 lower-case hex digits)");
        }
        return value;
    }

    /**
     * Text that is not blank and at most {@code maxLength} characters long (code points, as JSON Schema's
     * {@code maxLength} counts them).
     */
    static String text(String value, String name, int maxLength) {
        text(value, name);
        int length = value.codePointCount(0, value.length());
        if (length > maxLength) {
            throw new IllegalArgumentException(name + " must be at most " + maxLength + " characters, was " + length);
        }
        return value;
    }

    /**
     * A short sentence for people to read: not blank, at most {@code maxLength} characters (code points, as JSON
     * Schema's {@code maxLength} counts them), one line (no control characters), and nothing shaped like a credential.
     * The last is a guard, not a proof: the publisher writes the sentence in its own words, never from a provider's
     * error message or a request.
     */
    static String sentence(String value, String name, int maxLength) {
        // Control characters first: a NUL among them is told as such, not as text's bare NUL.
        if (required(value, name).chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(name + " must be one line without control characters");
        }
        text(value, name, maxLength);
        if (CREDENTIAL.matcher(value).find()) {
            throw new IllegalArgumentException(name + " must not hold anything shaped like a token or credential");
        }
        return value;
    }

    static String fingerprint(String value, String name) {
        if (value != null && !FINGERPRINT.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be null or 43 base64url characters (SHA-256, unpadded)");
        }
        return value;
    }

    /** An immutable copy of {@code values}: each one not blank, none twice. */
    static List<String> distinctTexts(List<String> values, String name) {
        List<String> copy = List.copyOf(required(values, name)); // refuses null elements
        for (String value : copy) {
            text(value, name + "[]");
        }
        if (Set.copyOf(copy).size() != copy.size()) {
            throw new IllegalArgumentException(name + " must not name a value twice");
        }
        return copy;
    }

    static String subscriberHash(String value, String name) {
        if (value != null && !SUBSCRIBER_HASH.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be 32 lower-case hex digits (MD5 of the lower-cased e-mail)");
        }
        return value;
    }
}
