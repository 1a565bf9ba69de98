package com.crm.integrations.token.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import com.crm.integrations.token.RefreshRun;
import com.crm.integrations.token.service.RefreshOutcome;

/**
 * A refresh run's report as text for a terminal or a log: a heading line, connections by outcome, the
 * same per provider, the slowest calls, and what an operator does about the outcomes that need one.
 * Pure: a snapshot in, text out.
 */
public final class ReportTable {

    /** Outcomes in the order an operator reads them: what worked, what needs someone, what waits, what is going on. */
    static final List<String> OUTCOME_ORDER;

    static {
        List<String> order = new ArrayList<>(Arrays.stream(RefreshOutcome.values()).map(RefreshOutcome::wireName).toList());
        order.remove(RefreshOutcome.IN_FLIGHT.wireName());
        order.add(RefreshOutcome.IN_FLIGHT.wireName());
        OUTCOME_ORDER = List.copyOf(order);
    }

    /** What to do about an outcome; the routine ones (refreshed, in flight) have none. docs/token-refresh.md says more. */
    private static final Map<String, String> ADVICE = Map.of(
            RefreshOutcome.NEEDS_REAUTH.wireName(), "the users must reconnect; the CRM was told (connection.changed)",
            RefreshOutcome.MISCONFIGURED.wireName(), "the provider refused our app (client id or secret, app setup): fix the provider's"
                    + " configuration; a connection recovers at its next on-demand refresh, 5 minutes or more after its failure",
            RefreshOutcome.ERROR.wireName(), "the provider refused for a reason it will repeat: see token-service's log"
                    + " ('Token refresh failed', its code)",
            RefreshOutcome.RATE_LIMITED.wireName(), "the provider asked us to slow down: retried after its Retry-After by a later run;"
                    + " if it repeats, lower integrations.token.refresh.rate-per-second",
            RefreshOutcome.TRANSIENT_FAILURE.wireName(), "the provider failed for now: each connection backs off and a later run retries",
            RefreshOutcome.SKIPPED_BREAKER_OPEN.wireName(), "the provider's circuit breaker was open: nothing was asked; a later run retries",
            RefreshOutcome.INTERRUPTED.wireName(), "a replica stopped mid-refresh: a later run retries");

    private ReportTable() {
    }

    /** The whole report. */
    public static String render(RunSnapshot run) {
        StringBuilder out = new StringBuilder();
        out.append(heading(run)).append('\n');
        if (run.error() != null) {
            out.append("Error: ").append(run.error()).append('\n');
        }
        if (run.total() == 0) {
            out.append(run.running() ? "Nothing done yet.\n" : "Nothing was due.\n");
            return out.toString();
        }
        List<String> outcomes = outcomesOf(run);
        out.append('\n').append(byOutcome(run, outcomes));
        out.append('\n').append(byProvider(run, outcomes));
        if (!run.slowest().isEmpty()) {
            out.append('\n').append("Slowest calls\n").append(slowest(run));
        }
        List<String> advice = outcomes.stream().filter(outcome -> ADVICE.containsKey(outcome) && run.count(outcome) > 0)
                .map(outcome -> "  " + outcome + " (" + run.count(outcome) + "): " + ADVICE.get(outcome)).toList();
        if (!advice.isEmpty()) {
            out.append('\n').append("To do\n");
            advice.forEach(line -> out.append(line).append('\n'));
        }
        return out.toString();
    }

    /** One line: what the run is, how it ended, how long it took. */
    static String heading(RunSnapshot run) {
        String scope = RefreshRun.scope(Optional.ofNullable(run.provider()), Optional.ofNullable(run.tenantId()));
        String took = run.durationMs() == null ? "" : " in " + duration(run.durationMs());
        String tenants = run.tenantsTotal() == null ? "" : ", " + run.tenantsTotal() + (run.tenantsTotal() == 1 ? " tenant" : " tenants");
        return "Refresh run " + run.id() + " " + run.status() + took + " (trigger " + run.trigger() + ", scope " + scope + ", window "
                + run.window() + (run.includeMisconfigured() ? ", misconfigured included" : "") + tenants + ")";
    }

    static String byOutcome(RunSnapshot run, List<String> outcomes) {
        Table table = new Table(List.of("OUTCOME", "CONNECTIONS"), NumericColumns.numeric(1));
        outcomes.forEach(outcome -> table.row(outcome, Long.toString(run.count(outcome))));
        table.row("total", Long.toString(run.total()));
        return table.render();
    }

    static String byProvider(RunSnapshot run, List<String> outcomes) {
        List<String> header = new ArrayList<>();
        header.add("PROVIDER");
        outcomes.forEach(outcome -> header.add(outcome.toUpperCase(Locale.ROOT)));
        header.add("TOTAL");
        Table table = new Table(header, NumericColumns.numericFrom(1));
        run.byProvider().keySet().stream().sorted().forEach(provider -> {
            Map<String, Long> counts = run.byProvider().get(provider);
            List<String> row = new ArrayList<>();
            row.add(provider);
            outcomes.forEach(outcome -> row.add(Long.toString(counts.getOrDefault(outcome, 0L))));
            row.add(Long.toString(counts.values().stream().mapToLong(Long::longValue).sum()));
            table.row(row.toArray(String[]::new));
        });
        return table.render();
    }

    static String slowest(RunSnapshot run) {
        Table table = new Table(List.of("CONNECTION", "TENANT", "PROVIDER", "OUTCOME", "MS"), NumericColumns.numeric(4));
        run.slowest().forEach(call -> table.row(call.connectionId(), call.tenantId(), call.provider(), call.outcome(),
                Long.toString(call.durationMs())));
        return table.render();
    }

    /** The outcomes the run counted, known ones in {@link #OUTCOME_ORDER}, any others (a newer server's) after them. */
    static List<String> outcomesOf(RunSnapshot run) {
        List<String> outcomes = new ArrayList<>();
        OUTCOME_ORDER.stream().filter(outcome -> run.count(outcome) > 0).forEach(outcomes::add);
        new TreeSet<>(run.counts().keySet()).stream().filter(outcome -> !OUTCOME_ORDER.contains(outcome) && run.count(outcome) > 0)
                .forEach(outcomes::add);
        return outcomes;
    }

    /** {@code 850 ms}, {@code 4.2 s}, {@code 3 min 05 s}. */
    static String duration(long millis) {
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = millis / 1000;
        return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
    }

    /** Which columns hold numbers (right-aligned). */
    private record NumericColumns(int from, int only) {
        static NumericColumns numeric(int column) {
            return new NumericColumns(-1, column);
        }

        static NumericColumns numericFrom(int column) {
            return new NumericColumns(column, -1);
        }

        boolean contains(int column) {
            return column == only || (from >= 0 && column >= from);
        }
    }

    /** Columns padded to their widest cell, two spaces apart. */
    private static final class Table {
        private final List<String[]> rows = new ArrayList<>();
        private final NumericColumns numeric;

        Table(List<String> header, NumericColumns numeric) {
            this.numeric = numeric;
            rows.add(header.toArray(String[]::new));
        }

        void row(String... cells) {
            rows.add(cells);
        }

        String render() {
            int columns = rows.get(0).length;
            int[] widths = new int[columns];
            rows.forEach(row -> {
                for (int c = 0; c < columns; c++) {
                    widths[c] = Math.max(widths[c], String.valueOf(row[c]).length());
                }
            });
            String[] formats = new String[columns];
            for (int c = 0; c < columns; c++) {
                formats[c] = "%" + (numeric.contains(c) ? "" : "-") + widths[c] + "s";
            }
            StringBuilder out = new StringBuilder();
            for (String[] row : rows) {
                StringBuilder line = new StringBuilder();
                for (int c = 0; c < columns; c++) {
                    line.append(c == 0 ? "" : "  ").append(String.format(Locale.ROOT, formats[c], String.valueOf(row[c])));
                }
                out.append(line.toString().stripTrailing()).append('\n');
            }
            return out.toString();
        }
    }
}
