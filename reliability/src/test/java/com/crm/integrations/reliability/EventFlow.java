package com.crm.integrations.reliability;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every event of the run followed from the outbox that produced it, through its topic, to each consumer that must apply
 * it: produced (outbox rows), published (distinct {@code ce_id}s in the topic, and records: a relay that could not
 * learn whether a send landed sends it again), consumed (the ids each consumer group remembers, written in the
 * transaction that applied the event), lost (produced but not in the topic, or in the topic but not applied by a
 * consumer of it), and still unsent; and the dead-letter topics.
 */
final class EventFlow {

    /** A consumer group, the topic it reads and the event types it applies (its {@code EventHandlers}). */
    record Consumer(String group, String topic, Set<String> types) {
    }

    private static final String TYPE = "crm.integrations.";

    /**
     * Who applies what, from the consumers' {@code EventHandlers} ({@code LinkLifecycle}, {@code LinkConnections},
     * {@code Projection}): a record of another type is acknowledged and no id is kept for it, so only these are
     * followed.
     */
    static final List<Consumer> CONSUMERS = List.of(
            new Consumer("calendar-service.token-events", "integrations.token-events", Set.of(TYPE + "connection.changed.v2")),
            new Consumer("mailchimp-service.token-events", "integrations.token-events", Set.of(TYPE + "connection.changed.v2")),
            new Consumer("status-service.projection", "integrations.token-events", Set.of(TYPE + "connection.changed.v2",
                    TYPE + "token.refreshed.v1", TYPE + "token.refresh-failed.v1", TYPE + "connection.checked.v1",
                    TYPE + "connection-policy.changed.v1")),
            new Consumer("status-service.projection", "integrations.calendar-events", Set.of(TYPE + "calendar.synced.v2",
                    TYPE + "calendar.sync-failed.v2")),
            new Consumer("status-service.projection", "integrations.mailchimp-events", Set.of(TYPE + "audience.changed.v1")));

    static final Set<String> TOPICS = new java.util.TreeSet<>(CONSUMERS.stream().map(Consumer::topic).toList());

    /** One topic's figures. */
    record Topic(String name, int produced, int unsent, int published, int records, Map<String, Integer> consumed,
            Map<String, Integer> lost) {

        int lostInAll() {
            return lost.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private EventFlow() {
    }

    /** Events still waiting in an outbox, every schema. */
    static int unsent(WholeSystem system) throws Exception {
        return unsent(system, Duration.ZERO);
    }

    /** Events waiting in an outbox for longer than {@code age}, every schema. */
    static int unsent(WholeSystem system, Duration age) throws Exception {
        int unsent = 0;
        try (Connection connection = system.database(); Statement statement = connection.createStatement()) {
            for (String schema : tableSchemas(connection, "outbox")) {
                try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM \"" + schema + "\".outbox WHERE sent_at IS NULL AND created_at < now() - interval '"
                        + age.toMillis() + " milliseconds'")) {
                    rows.next();
                    unsent += rows.getInt(1);
                }
            }
        }
        return unsent;
    }

    /** Each followed topic's events now: id → type. */
    static Map<String, Map<String, String>> published(WholeSystem system) throws Exception {
        Map<String, List<String>> records = KafkaRecords.all(system.kafkaBootstrapServers());
        Map<String, Map<String, String>> events = new TreeMap<>();
        for (String topic : TOPICS) {
            Map<String, String> types = new java.util.HashMap<>();
            records.getOrDefault("topic " + topic, List.of()).forEach(record -> types.put(header(record, "ce_id"), header(record, "ce_type")));
            events.put(topic, types);
        }
        return events;
    }

    /** Of {@code published} (topic → id → type), the events a consumer of their type has not applied yet. */
    static int unapplied(WholeSystem system, Map<String, Map<String, String>> published) throws Exception {
        Map<String, Set<String>> processed = processed(system);
        int missing = 0;
        for (Consumer consumer : CONSUMERS) {
            Set<String> applied = processed.getOrDefault(consumer.group(), Set.of());
            missing += (int) published.getOrDefault(consumer.topic(), Map.of()).entrySet().stream()
                    .filter(event -> consumer.types().contains(event.getValue()) && !applied.contains(event.getKey())).count();
        }
        return missing;
    }

    private static Map<String, Set<String>> processed(WholeSystem system) throws Exception {
        Map<String, Set<String>> processed = new LinkedHashMap<>();
        try (Connection connection = system.database(); Statement statement = connection.createStatement()) {
            for (String schema : tableSchemas(connection, "processed_event")) {
                try (ResultSet rows = statement.executeQuery("SELECT consumer, event_id FROM \"" + schema + "\".processed_event")) {
                    while (rows.next()) {
                        processed.computeIfAbsent(rows.getString(1), c -> new HashSet<>()).add(rows.getString(2));
                    }
                }
            }
        }
        return processed;
    }

    static List<Topic> measure(WholeSystem system) throws Exception {
        Map<String, Set<String>> produced = new TreeMap<>();
        Map<String, Integer> unsent = new TreeMap<>();
        try (Connection connection = system.database(); Statement statement = connection.createStatement()) {
            for (String schema : tableSchemas(connection, "outbox")) {
                try (ResultSet rows = statement.executeQuery("SELECT topic, id::text, sent_at IS NULL FROM \"" + schema + "\".outbox")) {
                    while (rows.next()) {
                        produced.computeIfAbsent(rows.getString(1), t -> new HashSet<>()).add(rows.getString(2));
                        if (rows.getBoolean(3)) {
                            unsent.merge(rows.getString(1), 1, Integer::sum);
                        }
                    }
                }
            }
        }
        Map<String, Set<String>> processed = processed(system);
        Map<String, List<String>> records = KafkaRecords.all(system.kafkaBootstrapServers());
        List<Topic> topics = new ArrayList<>();
        for (String topic : TOPICS) {
            List<String> topicRecords = records.getOrDefault("topic " + topic, List.of());
            Map<String, String> types = new java.util.HashMap<>();
            topicRecords.forEach(record -> types.put(header(record, "ce_id"), header(record, "ce_type")));
            Set<String> made = produced.getOrDefault(topic, Set.of());
            Map<String, Integer> consumed = new LinkedHashMap<>();
            Map<String, Integer> lost = new LinkedHashMap<>();
            Set<String> notPublished = new HashSet<>(made);
            notPublished.removeAll(types.keySet());
            lost.put("relay", notPublished.size() - unsent.getOrDefault(topic, 0));
            for (Consumer consumer : CONSUMERS) {
                if (consumer.topic().equals(topic)) {
                    Set<String> applied = processed.getOrDefault(consumer.group(), Set.of());
                    List<String> due = types.entrySet().stream().filter(e -> consumer.types().contains(e.getValue())).map(Map.Entry::getKey).toList();
                    consumed.put(consumer.group(), (int) due.stream().filter(applied::contains).count());
                    lost.put(consumer.group(), (int) due.stream().filter(id -> !applied.contains(id)).count());
                }
            }
            topics.add(new Topic(topic, made.size(), unsent.getOrDefault(topic, 0), types.size(), topicRecords.size(), consumed, lost));
        }
        return topics;
    }

    /** Every dead-letter topic's records (each consumer's DLQ): must be 0 after a run with valid events only. */
    static Map<String, Integer> deadLetters(WholeSystem system) throws Exception {
        Map<String, Integer> counts = new TreeMap<>();
        KafkaRecords.all(system.kafkaBootstrapServers()).forEach((topic, records) -> {
            if (topic.endsWith(".dead-letter")) {
                counts.put(topic.substring("topic ".length()), records.size());
            }
        });
        return counts;
    }

    /** A CloudEvents header of a record as {@link KafkaRecords} writes it ({@code name=value} lines). */
    private static String header(String record, String name) {
        for (String line : record.split("\n")) {
            if (line.startsWith(name + "=")) {
                return line.substring(name.length() + 1);
            }
        }
        throw new IllegalStateException("a record without " + name + ": " + Probe.cut(record, 200));
    }

    private static List<String> tableSchemas(Connection connection, String table) throws Exception {
        List<String> schemas = new ArrayList<>();
        try (var statement = connection.prepareStatement(
                "SELECT table_schema FROM information_schema.tables WHERE table_name = ? ORDER BY table_schema")) {
            statement.setString(1, table);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    schemas.add(rows.getString(1));
                }
            }
        }
        return schemas;
    }
}
