package com.crm.integrations.deploy;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as Quarkus configuration reads them: ISO-8601 ({@code P7D}, {@code PT12H}) or a number and a unit ({@code 7d}). */
final class Durations {

    private static final Pattern SIMPLE = Pattern.compile("([0-9]+)(ms|s|m|h|d)?");

    private Durations() {
    }

    static Duration parse(String text) {
        String value = text.trim().toUpperCase(Locale.ROOT);
        if (value.startsWith("P")) {
            return Duration.parse(value);
        }
        Matcher simple = SIMPLE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!simple.matches()) {
            throw new IllegalArgumentException("Not a duration: " + text);
        }
        long amount = Long.parseLong(simple.group(1));
        String unit = simple.group(2) == null ? "s" : simple.group(2);
        switch (unit) {
            case "ms":
                return Duration.ofMillis(amount);
            case "m":
                return Duration.ofMinutes(amount);
            case "h":
                return Duration.ofHours(amount);
            case "d":
                return Duration.ofDays(amount);
            default:
                return Duration.ofSeconds(amount);
        }
    }

    /** {@code 604800000 ms (7 days)}-style, for messages. */
    static String describe(Duration duration) {
        return duration.toMillis() + " ms (" + duration.toString().substring(2).toLowerCase(Locale.ROOT) + ")";
    }
}
