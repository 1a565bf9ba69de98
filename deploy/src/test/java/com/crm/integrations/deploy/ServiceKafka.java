package com.crm.integrations.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one service does with Kafka, from its {@code src/main/resources/application.properties} (its incoming
 * channels), the event catalog (what it publishes) and the consumer groups its code names at run time.
 *
 * @param service        the module, which is also its Kafka user and Deployment
 * @param reads          topics its incoming channels read
 * @param groups         their consumer groups
 * @param groupPrefixes  prefixes of the consumer groups its code creates at run time
 * @param deadLetters    the dead-letter topics of its channels
 * @param publishes      topics it publishes to (the catalog's {@code send} operations with its {@code x-service})
 * @param pruneRetention {@code integrations.consumer.prune.retention} as its properties set it, if they do
 */
record ServiceKafka(String service, Set<String> reads, Set<String> groups, Set<String> groupPrefixes, Set<String> deadLetters,
        Set<String> publishes, Optional<Duration> pruneRetention) {

    /**
     * Consumer groups a service's code makes up at run time, with the source line that shows it: status-service's
     * rebuilds read the topics as {@code status-service.rebuild.g<generation>} (docs/status.md, "Rebuilding").
     */
    static final Map<String, DynamicGroup> DYNAMIC_GROUPS = Map.of("status-service", new DynamicGroup("status-service.rebuild.",
            "status-service/src/main/java/com/crm/integrations/status/repository/GenerationRows.java", "\"status-service.rebuild.g\" +"));

    /** A family of consumer groups: the ACL prefix, and the file and text of the code that names them. */
    record DynamicGroup(String prefix, String source, String evidence) {
    }

    private static final Pattern INCOMING = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.(.+)");

    ServiceKafka {
        reads = Set.copyOf(reads);
        groups = Set.copyOf(groups);
        groupPrefixes = Set.copyOf(groupPrefixes);
        deadLetters = Set.copyOf(deadLetters);
        publishes = Set.copyOf(publishes);
    }

    /** Every deployed service's use of Kafka. */
    static List<ServiceKafka> ofProject(EventCatalog catalog) {
        return Project.services().stream().map(service -> {
            DynamicGroup dynamic = DYNAMIC_GROUPS.get(service);
            if (dynamic != null && !Project.read(Project.root().resolve(dynamic.source())).contains(dynamic.evidence())) {
                throw new IllegalStateException(dynamic.source() + " no longer names consumer groups " + dynamic.evidence()
                        + ": update ServiceKafka.DYNAMIC_GROUPS");
            }
            return parse(service, Project.read(Project.applicationProperties(service)), catalog.publishedBy(service),
                    dynamic == null ? Set.of() : Set.of(dynamic.prefix()));
        }).toList();
    }

    /**
     * Reads a service's properties. A channel without {@code group.id} uses the application's name (SmallRye's
     * default), one without {@code dead-letter-queue.topic} SmallRye's {@code dead-letter-topic-<topic>}; the
     * production profile's value ({@code %prod.}) wins over the plain one.
     */
    static ServiceKafka parse(String service, String applicationProperties, Set<String> publishes, Set<String> groupPrefixes) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(applicationProperties));
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
        Set<String> channels = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            Matcher incoming = INCOMING.matcher(key.startsWith("%prod.") ? key.substring("%prod.".length()) : key);
            if (incoming.matches()) {
                channels.add(incoming.group(1));
            }
        }
        Set<String> reads = new TreeSet<>();
        Set<String> groups = new TreeSet<>();
        Set<String> deadLetters = new TreeSet<>();
        String application = value(properties, "quarkus.application.name").orElse(service);
        for (String channel : channels) {
            String prefix = "mp.messaging.incoming." + channel + ".";
            if (value(properties, prefix + "pattern").map(Boolean::parseBoolean).orElse(false)) {
                throw new IllegalArgumentException(service + ": channel " + channel
                        + " subscribes by pattern; the deploy checks need its topics listed");
            }
            List<String> topics = value(properties, prefix + "topics").map(list -> Arrays.stream(list.split(",")).map(String::trim)
                    .filter(topic -> !topic.isEmpty()).toList())
                    .orElseGet(() -> List.of(value(properties, prefix + "topic").orElse(channel)));
            reads.addAll(topics);
            groups.add(value(properties, prefix + "group.id").orElse(application));
            if (value(properties, prefix + "failure-strategy").orElse("dead-letter-queue").equals("dead-letter-queue")) {
                deadLetters.add(value(properties, prefix + "dead-letter-queue.topic").orElse("dead-letter-topic-" + topics.get(0)));
            }
        }
        Optional<Duration> retention = value(properties, "integrations.consumer.prune.retention").map(Durations::parse);
        return new ServiceKafka(service, reads, groups, groupPrefixes, deadLetters, publishes, retention);
    }

    private static Optional<String> value(Properties properties, String key) {
        String value = properties.getProperty("%prod." + key, properties.getProperty(key));
        return Optional.ofNullable(value).map(String::trim).filter(text -> !text.isEmpty());
    }
}
