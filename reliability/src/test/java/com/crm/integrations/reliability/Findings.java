package com.crm.integrations.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the suite found, counted per rule and per service: requests sent, 5xx answers, problem-body violations, leaks,
 * isolation violations, secrets leaked. A finding that {@link KnownDefects} lists is counted and reported apart, and
 * does not fail the suite; any other does. {@link #table()} is what the run prints and writes to
 * {@code target/reliability-report.md}.
 */
final class Findings {

    enum Rule {
        REQUESTS("requests sent"), SERVER_ERRORS("5xx (or no answer)"), PROBLEM_BODIES("problem-body violations"),
        LEAKS("leaks of internals"), ISOLATION("isolation violations"), SECRETS("secrets leaked");

        final String title;

        Rule(String title) {
            this.title = title;
        }
    }

    record Finding(Rule rule, String service, String what, String request, String answer, boolean known) {
    }

    private final Map<String, Map<Rule, AtomicInteger>> counts = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> operations = new ConcurrentHashMap<>();
    private final List<Finding> findings = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<String, String> notes = java.util.Collections.synchronizedMap(new LinkedHashMap<>());

    /** A request to {@code service}; {@code operation} (METHOD /path) counts as covered when the service documents it. */
    void sent(String service, String operation, boolean documented) {
        count(service, Rule.REQUESTS);
        if (documented) {
            operations.computeIfAbsent(service, s -> ConcurrentHashMap.newKeySet()).add(operation);
        }
    }

    void found(Rule rule, String service, String what, String request, String answer) {
        boolean known = KnownDefects.covers(rule, service, what);
        if (!known) {
            count(service, rule);
        }
        findings.add(new Finding(rule, service, what, request, answer, known));
    }

    void note(String name, String value) {
        notes.put(name, value);
    }

    int count(Rule rule) {
        return counts.values().stream().mapToInt(byRule -> byRule.getOrDefault(rule, new AtomicInteger()).get()).sum();
    }

    /** The findings that fail the suite (not known defects) of {@code rule}. */
    List<Finding> unexpected(Rule rule) {
        synchronized (findings) {
            return findings.stream().filter(finding -> finding.rule() == rule && !finding.known()).toList();
        }
    }

    private void count(String service, Rule rule) {
        counts.computeIfAbsent(service, s -> new ConcurrentHashMap<>()).computeIfAbsent(rule, r -> new AtomicInteger()).incrementAndGet();
    }

    /** The report: the table per service, then each finding with its request and answer, then the notes. */
    String table() {
        StringBuilder text = new StringBuilder("# Reliability report\n\n| service | operations |");
        for (Rule rule : Rule.values()) {
            text.append(' ').append(rule.title).append(" |");
        }
        text.append(" known defects seen |\n|---|---|").append("---|".repeat(Rule.values().length + 1)).append('\n');
        Set<String> services = new TreeSet<>(counts.keySet());
        synchronized (findings) {
            findings.forEach(finding -> services.add(finding.service()));
        }
        for (String service : services) {
            text.append("| ").append(service).append(" | ").append(operations.getOrDefault(service, Set.of()).size()).append(" |");
            for (Rule rule : Rule.values()) {
                text.append(' ').append(counts.getOrDefault(service, Map.of()).getOrDefault(rule, new AtomicInteger()).get()).append(" |");
            }
            synchronized (findings) {
                text.append(' ').append(findings.stream().filter(f -> f.known() && f.service().equals(service)).count()).append(" |\n");
            }
        }
        text.append("| **all** | ").append(operations.values().stream().mapToInt(Set::size).sum()).append(" |");
        for (Rule rule : Rule.values()) {
            text.append(" **").append(count(rule)).append("** |");
        }
        synchronized (findings) {
            text.append(' ').append(findings.stream().filter(Finding::known).count()).append(" |\n");
            if (!findings.isEmpty()) {
                text.append("\n## Findings (").append(findings.size()).append(")\n\n");
                for (Finding finding : findings) {
                    text.append("- ").append(finding.known() ? "[known defect] " : "").append(finding.rule().title).append(" — ")
                            .append(finding.service()).append(" — ").append(finding.what()).append("\n  - request: `")
                            .append(finding.request().replace('`', '\'')).append("`\n  - answer: `")
                            .append(finding.answer().replace('`', '\'')).append("`\n");
                }
            }
        }
        if (!notes.isEmpty()) {
            text.append("\n## Notes\n\n");
            notes.forEach((name, value) -> text.append("- ").append(name).append(": ").append(value).append('\n'));
        }
        return text.toString();
    }

    /** Writes a report, its directories made first. */
    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
