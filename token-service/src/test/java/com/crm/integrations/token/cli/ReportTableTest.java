package com.crm.integrations.token.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ReportTableTest {

    private static final String ID = "0b6f9b1e-5d7c-4a44-9a55-3f1f3c1f2a10";

    private static RunSnapshot run(String status, Map<String, Map<String, Long>> byProvider, List<RunSnapshot.SlowCall> slowest) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        byProvider.values().forEach(outcomes -> outcomes.forEach((outcome, n) -> counts.merge(outcome, n, Long::sum)));
        return new RunSnapshot(ID, status, "cli", "ops", null, "acme", "PT24H", false, "2026-11-30T12:00:00Z",
                status.equals("running") ? null : "2026-11-30T12:00:04.200Z", status.equals("running") ? null : 4200L, null, counts,
                byProvider, List.of(), 1L, slowest);
    }

    @Test
    void rendersOutcomesThenProvidersThenTheSlowestCalls() {
        // Given
        RunSnapshot run = run("completed", Map.of(
                "google", Map.of("refreshed", 120L, "needs_reauth", 2L),
                "microsoft", Map.of("refreshed", 7L, "skipped_leased", 1L)),
                List.of(new RunSnapshot.SlowCall("c0ffee00-0000-4000-8000-000000000001", "acme", "microsoft", "refreshed", 1834),
                        new RunSnapshot.SlowCall("c0ffee00-0000-4000-8000-000000000002", "acme", "google", "needs_reauth", 95)));

        // When
        String text = ReportTable.render(run);

        // Then
        assertEquals("""
                Refresh run 0b6f9b1e-5d7c-4a44-9a55-3f1f3c1f2a10 completed in 4.2 s (trigger cli, scope tenant:acme, window PT24H, 1 tenant)

                OUTCOME         CONNECTIONS
                refreshed               127
                needs_reauth              2
                skipped_leased            1
                total                   130

                PROVIDER   REFRESHED  NEEDS_REAUTH  SKIPPED_LEASED  TOTAL
                google           120             2               0    122
                microsoft          7             0               1      8

                Slowest calls
                CONNECTION                            TENANT  PROVIDER   OUTCOME         MS
                c0ffee00-0000-4000-8000-000000000001  acme    microsoft  refreshed     1834
                c0ffee00-0000-4000-8000-000000000002  acme    google     needs_reauth    95

                To do
                  needs_reauth (2): the users must reconnect; the CRM was told (connection.changed)
                """, text);
    }

    @Test
    void aRunWithNothingDueSaysSo() {
        String text = ReportTable.render(run("completed", Map.of(), List.of()));

        assertTrue(text.endsWith("Nothing was due.\n"), text);
        assertFalse(text.contains("OUTCOME"));
    }

    @Test
    void aFailedRunShowsItsErrorAndWhatItDidBeforeIt() {
        RunSnapshot failed = new RunSnapshot(ID, "failed", "operator", "ops", "google", null, "PT10M", false, "2026-11-30T12:00:00Z",
                "2026-11-30T13:00:01Z", 3_601_000L, "still running after PT1H: stopped", Map.of("refreshed", 3L),
                Map.of("google", Map.of("refreshed", 3L)), List.of(), 1L, List.of());

        String text = ReportTable.render(failed);

        assertTrue(text.startsWith("Refresh run " + ID + " failed in 60 min 01 s (trigger operator, scope provider:google, window PT10M"
                + ", 1 tenant)\nError: still running after PT1H: stopped\n"), text);
        assertTrue(text.contains("refreshed            3\n"), text);
    }

    @Test
    void outcomesANewerServerAddsAreListedAfterTheKnownOnes() {
        RunSnapshot run = run("completed", Map.of("google", Map.of("refreshed", 1L, "abandoned", 2L, "in_flight", 1L)), List.of());

        assertEquals(List.of("refreshed", "in_flight", "abandoned"), ReportTable.outcomesOf(run));
    }

    @Test
    void everyOutcomeThatNeedsSomeoneSaysWhatToDo() {
        RunSnapshot run = run("completed", Map.of("google", Map.of("misconfigured", 1L, "error", 1L, "rate_limited", 1L,
                "transient_failure", 1L, "skipped_breaker_open", 1L, "interrupted", 1L, "skipped_retry_at", 1L)), List.of());

        String toDo = ReportTable.render(run).split("To do\n")[1];

        assertEquals(6, toDo.lines().count(), toDo);
        assertTrue(toDo.contains("misconfigured (1): the provider refused our app"), toDo);
    }

    @Test
    void theProgressLineCountsWhatIsDoneSoFar() {
        RunSnapshot running = run("running", Map.of("google", Map.of("refreshed", 40L, "in_flight", 32L, "needs_reauth", 1L)), List.of());

        assertEquals("refresh run " + ID + " running 12 s: refreshed 40, needs_reauth 1, in_flight 32 (73 so far)",
                ProgressLine.of(running, Duration.ofSeconds(12)));
        assertEquals("refresh run " + ID + " running 0 s: nothing done yet", ProgressLine.of(run("running", Map.of(), List.of()),
                Duration.ZERO));
    }

    @Test
    void durationsReadAsAPersonWouldSayThem() {
        assertEquals("850 ms", ReportTable.duration(850));
        assertEquals("4.2 s", ReportTable.duration(4200));
        assertEquals("3 min 05 s", ReportTable.duration(185_000));
    }
}
