package com.crm.integrations.common.retry;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code Retry-After} header (RFC 9110 §10.2.3): a number of seconds or an HTTP-date. Providers
 * also send fractional seconds (Microsoft Graph: {@code 2.128}), accepted and rounded up to the
 * millisecond. Anything else, a negative value or a date in the past, is no instruction.
 */
public final class RetryAfter {

    private static final Pattern SECONDS = Pattern.compile("\\d{1,10}(\\.\\d{1,9})?");

    private RetryAfter() {
    }

    /** The wait the header asks for, measured from {@code now}; empty when absent or unusable. */
    public static Optional<Duration> parse(String header, Instant now) {
        if (header == null) {
            return Optional.empty();
        }
        String value = header.trim();
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (SECONDS.matcher(value).matches()) {
            long millis = new BigDecimal(value).movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact();
            return Optional.of(Duration.ofMillis(millis));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return wait.isNegative() ? Optional.of(Duration.ZERO) : Optional.of(wait);
        } catch (DateTimeParseException notADate) {
            return Optional.empty();
        }
    }
}
