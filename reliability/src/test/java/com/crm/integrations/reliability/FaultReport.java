package com.crm.integrations.reliability;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fault scenarios' figures as the issue asks for them: the load held (every answer by phase and status), the faults
 * injected, items lost and done twice, events produced, published and applied per consumer, 5xx answers. Rendered as
 * Markdown tables; {@link #summary} is the one-table form the whole run ends with, leaked secrets included.
 */
final class FaultReport {

    record Fault(String what, Instant at, String outcome) {
    }

    record Items(String what, String load, int lost, int twice) {
    }

    private final List<Fault> faults = Collections.synchronizedList(new ArrayList<>());
    private final List<Items> items = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, String> notes = Collections.synchronizedMap(new LinkedHashMap<>());
    private volatile List<EventFlow.Topic> topics = List.of();
    private volatile Map<String, Integer> deadLetters = Map.of();
    private volatile String rendered;

    void fault(String what, Instant at, String outcome) {
        faults.add(new Fault(what, at, outcome));
    }

    void items(String what, String load, int lost, int twice) {
        items.add(new Items(what, load, lost, twice));
    }

    void events(List<EventFlow.Topic> measured, Map<String, Integer> dead) {
        topics = List.copyOf(measured);
        deadLetters = Map.copyOf(dead);
    }

    void note(String name, String value) {
        notes.put(name, value);
    }

    boolean ran() {
        return rendered != null;
    }

    String render(Workload workload) {
        StringBuilder text = new StringBuilder("# Fault scenarios\n\n## Faults injected\n\n| fault | at | outcome |\n|---|---|---|\n");
        synchronized (faults) {
            faults.forEach(f -> text.append("| ").append(f.what()).append(" | ").append(f.at()).append(" | ").append(f.outcome()).append(" |\n"));
        }
        text.append("\n## Load held (answers by phase; 0 = no answer)\n\n| phase | driver | answers | 5xx |\n|---|---|---|---|\n");
        if (workload != null) {
            workload.answers().forEach((phase, drivers) -> drivers.forEach((driver, statuses) -> text.append("| ").append(phase)
                    .append(" | ").append(driver).append(" | ").append(statuses).append(" | ")
                    .append(statuses.entrySet().stream().filter(e -> Workload.failed(e.getKey())).mapToInt(Map.Entry::getValue).sum())
                    .append(" |\n")));
        }
        text.append("\n## Items\n\n| what | load | lost | done twice |\n|---|---|---|---|\n");
        synchronized (items) {
            items.forEach(i -> text.append("| ").append(i.what()).append(" | ").append(i.load()).append(" | ").append(i.lost())
                    .append(" | ").append(i.twice()).append(" |\n"));
        }
        text.append("\n## Events\n\n| topic | produced | unsent | published (records) | applied per consumer | lost |\n|---|---|---|---|---|---|\n");
        for (EventFlow.Topic topic : topics) {
            text.append("| ").append(topic.name()).append(" | ").append(topic.produced()).append(" | ").append(topic.unsent()).append(" | ")
                    .append(topic.published()).append(" (").append(topic.records()).append(") | ").append(topic.consumed()).append(" | ")
                    .append(topic.lost()).append(" |\n");
        }
        text.append("\nDead-letter topics: ").append(deadLetters).append('\n');
        synchronized (notes) {
            if (!notes.isEmpty()) {
                text.append("\n## Notes\n\n");
                notes.forEach((name, value) -> text.append("- ").append(name).append(": ").append(value).append('\n'));
            }
        }
        rendered = text.toString();
        return rendered;
    }

    /** The run in one table: load, faults, events, lost, twice, 5xx outside the outages' expected 503s, leaked secrets. */
    String summary(Workload workload, int leakedSecrets) {
        int answers = 0;
        int serverErrors = 0;
        int expected503 = 0;
        if (workload != null) {
            for (Map.Entry<String, Map<String, Map<Integer, Integer>>> phase : workload.answers().entrySet()) {
                for (Map<Integer, Integer> statuses : phase.getValue().values()) {
                    for (Map.Entry<Integer, Integer> status : statuses.entrySet()) {
                        answers += status.getValue();
                        boolean outage = phase.getKey().equals("postgres down") && status.getKey() == 503;
                        if (outage) {
                            expected503 += status.getValue();
                        } else if (Workload.failed(status.getKey())) {
                            serverErrors += status.getValue();
                        }
                    }
                }
            }
        }
        int produced = topics.stream().mapToInt(EventFlow.Topic::produced).sum();
        int published = topics.stream().mapToInt(EventFlow.Topic::published).sum();
        int applied = topics.stream().mapToInt(t -> t.consumed().values().stream().mapToInt(Integer::intValue).sum()).sum();
        int lost = items.stream().mapToInt(Items::lost).sum() + topics.stream().mapToInt(EventFlow.Topic::lostInAll).sum();
        int twice = items.stream().mapToInt(Items::twice).sum();
        return "| load held | faults injected | events produced / published / applied (per consumer) | items lost | duplicates | 5xx "
                + "(besides 503 while PostgreSQL was down) | leaked secrets |\n|---|---|---|---|---|---|---|\n| " + answers + " answers ("
                + expected503 + " × 503 during the database outage) | " + faults.size() + " | " + produced + " / " + published + " / " + applied
                + " | " + lost + " | " + twice + " | " + serverErrors + " | " + leakedSecrets + " |\n";
    }
}
