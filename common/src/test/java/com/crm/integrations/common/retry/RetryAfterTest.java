package com.crm.integrations.common.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:15:30Z");

    @ParameterizedTest
    @CsvSource({
            "7, 7000", // Graph batch item, Google
            "0, 0",
            "' 120 ', 120000",
            "2.128, 2128", // Graph's fractional seconds
            "0.0001, 1", // rounded up, never to zero
            "'Wed, 25 Nov 2026 10:16:00 GMT', 30000", // HTTP-date
            "'Wed, 25 Nov 2026 10:15:00 GMT', 0" // a date already past: no wait, but an instruction
    })
    void readsSecondsFractionsAndHttpDates(String header, long millis) {
        assertEquals(Optional.of(Duration.ofMillis(millis)), RetryAfter.parse(header, NOW));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = { "", "  ", "-5", "soon", "1e3", "12345678901", "2026-11-25T10:16:00Z", "7 seconds" })
    void ignoresWhatIsNoInstruction(String header) {
        assertEquals(Optional.empty(), RetryAfter.parse(header, NOW));
    }
}
