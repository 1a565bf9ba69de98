package com.crm.integrations.common.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Duration MIN = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofSeconds(5);

    @ParameterizedTest
    @CsvSource({
            "1, 100, 100", // the first pause is the minimum
            "2, 100, 200", // then the cap doubles
            "3, 100, 400",
            "7, 100, 5000", // 6,400 capped at the maximum
            "40, 100, 5000" // no overflow however many failures
    })
    void drawsUniformlyBetweenTheMinimumAndTheGrownCap(int failures, long lowest, long highest) {
        assertEquals(Duration.ofMillis(lowest), Backoff.fullJitter(failures, MIN, MAX, bound -> 0));
        assertEquals(Duration.ofMillis(highest), Backoff.fullJitter(failures, MIN, MAX, bound -> bound - 1));
    }

    @Test
    void refusesAPauseBeforeAnyFailure() {
        assertThrows(IllegalArgumentException.class, () -> Backoff.fullJitter(0, MIN, MAX, bound -> 0));
    }
}
