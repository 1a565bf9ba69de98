package com.crm.integrations.token.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ExitStatusTest {

    private static RunSnapshot run(String status, Map<String, Long> counts) {
        return new RunSnapshot("r-1", status, "cli", "ops", null, null, "PT10M", false, "2026-11-30T12:00:00Z", "2026-11-30T12:00:01Z",
                1000L, null, counts, Map.of(), List.of(), 0L, List.of());
    }

    @Test
    void aCompletedRunExitsZero() {
        assertEquals(0, ExitStatus.of(run("completed", Map.of("refreshed", 3L))).code());
    }

    @Test
    void usersWhoMustReconnectAreRoutine() {
        assertEquals(ExitStatus.COMPLETED, ExitStatus.of(run("completed", Map.of("refreshed", 3L, "needs_reauth", 4L))));
    }

    @Test
    void otherFailuresALaterRunRetriesAreRoutineToo() {
        assertEquals(ExitStatus.COMPLETED, ExitStatus.of(run("completed", Map.of("transient_failure", 1L, "rate_limited", 1L, "error", 1L,
                "skipped_breaker_open", 1L, "interrupted", 1L))));
    }

    @Test
    void aMisconfiguredConnectionNeedsAnOperator() {
        assertEquals(3, ExitStatus.of(run("completed", Map.of("refreshed", 3L, "misconfigured", 1L))).code());
    }

    @Test
    void aFailedRunFailsWhateverItCounted() {
        assertEquals(1, ExitStatus.of(run("failed", Map.of("refreshed", 3L))).code());
        assertEquals(ExitStatus.FAILED, ExitStatus.of(run("failed", Map.of("misconfigured", 1L))));
    }

    @Test
    void theCodesAreDistinct() {
        assertEquals(List.of(0, 1, 2, 3, 4), java.util.Arrays.stream(ExitStatus.values()).map(ExitStatus::code).toList());
    }
}
