package com.crm.integrations.common.consumer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;

import com.crm.integrations.common.events.Topics;

import io.quarkus.runtime.StartupEvent;

/**
 * Refuses to start a service whose Kafka consumer channel would lose or halt on events: every
 * {@code mp.messaging.incoming.<channel>} on the Kafka connector must name its consumer group and
 * park what it cannot process on that group's dead-letter topic ({@code <group.id>.dead-letter}),
 * with the connector's {@code dead-letter-queue} failure strategy (common's default).
 */
@ApplicationScoped
public class ConsumerChannels {

    private static final String PREFIX = "mp.messaging.incoming.";
    private static final String CONNECTOR_DEFAULTS = "mp.messaging.connector.smallrye-kafka.";

    void check(@Observes StartupEvent started, Config config) {
        List<String> problems = problems(name -> config.getOptionalValue(name, String.class).orElse(null),
                config.getPropertyNames());
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Kafka consumer channels misconfigured: " + String.join("; ", problems));
        }
    }

    /** What is wrong with the consumer channels among {@code names}, read through {@code values}. */
    static List<String> problems(Function<String, String> values, Iterable<String> names) {
        TreeSet<String> channels = new TreeSet<>();
        for (String name : names) {
            if (name.startsWith(PREFIX) && name.endsWith(".connector")) {
                channels.add(name.substring(PREFIX.length(), name.length() - ".connector".length()));
            }
        }
        List<String> problems = new ArrayList<>();
        for (String channel : channels) {
            Function<String, String> attribute = key -> {
                String value = values.apply(PREFIX + channel + "." + key);
                return value != null ? value : values.apply(CONNECTOR_DEFAULTS + key);
            };
            if (!"smallrye-kafka".equals(values.apply(PREFIX + channel + ".connector"))) {
                continue;
            }
            String group = attribute.apply("group.id");
            if (group == null || group.isBlank()) {
                problems.add(channel + " has no group.id (a consumer's name: <service>.<what it reads>)");
                continue;
            }
            String strategy = attribute.apply("failure-strategy");
            if (!"dead-letter-queue".equals(strategy)) {
                problems.add(channel + " has failure-strategy " + strategy + ", not dead-letter-queue");
            }
            String expected = Topics.deadLetterOf(group);
            String deadLetter = attribute.apply("dead-letter-queue.topic");
            if (!expected.equals(deadLetter)) {
                problems.add(channel + " must set dead-letter-queue.topic=" + expected);
            }
        }
        return problems;
    }

    /** For tests: the problems of a plain map of properties. */
    static List<String> problems(Map<String, String> properties) {
        Map<String, String> sorted = new TreeMap<>(properties);
        return problems(sorted::get, sorted.keySet());
    }
}
