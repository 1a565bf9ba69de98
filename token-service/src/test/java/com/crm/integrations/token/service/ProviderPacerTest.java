package com.crm.integrations.token.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ProviderPacerTest {

    @Test
    void aWaitUnderOneMillisecondBecomesOneMillisecond() {
        // When
        Duration delay = ProviderPacer.timerDelay(250_000);

        // Then
        assertEquals(Duration.ofMillis(1), delay);
    }

    @Test
    void aWaitIsRoundedUpToWholeMillisecondsNeverDown() {
        // When
        Duration delay = ProviderPacer.timerDelay(1_700_000);

        // Then
        assertEquals(Duration.ofMillis(2), delay);
    }

    @Test
    void aWaitOfWholeMillisecondsStaysAsItIs() {
        // When
        Duration delay = ProviderPacer.timerDelay(20_000_000);

        // Then
        assertEquals(Duration.ofMillis(20), delay);
    }
}
