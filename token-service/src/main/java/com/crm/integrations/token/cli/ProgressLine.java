package com.crm.integrations.token.cli;

import java.time.Duration;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The one line of progress {@code refresh-tokens} shows on stderr while a run goes. Pure. */
public final class ProgressLine {

    private ProgressLine() {
    }

    /** {@code refresh run 1b2c… running 12 s: refreshed 40, needs_reauth 1, in_flight 32 (73 so far)}. */
    public static String of(RunSnapshot run, Duration elapsed) {
        String counts = ReportTable.outcomesOf(run).stream().map(outcome -> outcome + " " + run.count(outcome))
                .collect(Collectors.joining(", "));
        return "refresh run " + run.id() + " " + run.status() + " " + elapsed.toSeconds() + " s: "
                + (counts.isEmpty() ? "nothing done yet" : counts + " (" + run.total() + " so far)");
    }

    /** What changes from one line to the next apart from the time: a new line in {@code lines} mode only when it differs. */
    public static String counts(RunSnapshot run) {
        return run.status() + " " + new TreeMap<>(run.counts());
    }
}
