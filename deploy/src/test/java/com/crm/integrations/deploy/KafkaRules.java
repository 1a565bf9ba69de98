package com.crm.integrations.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Strimzi resources against what the services do with Kafka: a {@code KafkaTopic} for every topic of the event
 * catalog and every dead-letter topic; in production, topics that survive a broker's loss (replicas 3,
 * {@code min.insync.replicas} 2, enough brokers); records that expire before the consumers forget their ids; and each
 * service's {@code KafkaUser} granting exactly what it uses, no ACL more, none less.
 */
final class KafkaRules {

    static final String PRUNE_RETENTION_ENV = "INTEGRATIONS_CONSUMER_PRUNE_RETENTION";
    static final String PRUNE_RETENTION_KEY = "integrations.consumer.prune.retention";
    /** Kafka's own default of {@code log.retention.hours}. */
    static final Duration BROKER_DEFAULT_RETENTION = Duration.ofHours(168);
    static final int PRODUCTION_REPLICAS = 3;
    static final int PRODUCTION_MIN_IN_SYNC = 2;

    /** Operations Kafka counts as granting Describe on the same resource. */
    private static final Set<String> IMPLY_DESCRIBE = Set.of("Read", "Write", "Delete", "Alter");

    private final Set<String> catalogTopics;
    private final List<ServiceKafka> services;
    private final Duration defaultPruneRetention;

    KafkaRules(Set<String> catalogTopics, List<ServiceKafka> services, Duration defaultPruneRetention) {
        this.catalogTopics = Set.copyOf(catalogTopics);
        this.services = List.copyOf(services);
        this.defaultPruneRetention = defaultPruneRetention;
    }

    static KafkaRules ofProject() {
        EventCatalog catalog = EventCatalog.fromProject();
        return new KafkaRules(catalog.topics(), ServiceKafka.ofProject(catalog), defaultPruneRetention());
    }

    /**
     * {@value #PRUNE_RETENTION_KEY} when a service sets nothing: common's shared configuration if it sets it, else the
     * {@code @WithDefault} of {@code Pruning.Settings.retention()}.
     */
    static Duration defaultPruneRetention() {
        Properties shared = new Properties();
        try {
            shared.load(new StringReader(Project.read(Project.root().resolve(
                    "common/src/main/resources/META-INF/microprofile-config.properties"))));
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
        if (shared.getProperty(PRUNE_RETENTION_KEY) != null) {
            return Durations.parse(shared.getProperty(PRUNE_RETENTION_KEY));
        }
        String pruning = Project.read(Project.root().resolve("common/src/main/java/com/crm/integrations/common/sql/Pruning.java"));
        Matcher declared = Pattern.compile("@WithDefault\\(\"([^\"]+)\"\\)\\s*Duration retention\\(\\)").matcher(pruning);
        if (!declared.find()) {
            throw new IllegalStateException("Pruning.java no longer declares retention()'s default: update KafkaRules.defaultPruneRetention");
        }
        return Durations.parse(declared.group(1));
    }

    /** Every rule broken in the render; empty when none is. */
    List<String> check(Render render) {
        List<String> violations = new ArrayList<>();
        Map<String, JsonNode> topics = topics(render, violations);
        clusters(render, violations);
        Set<String> needed = new TreeSet<>(catalogTopics);
        services.forEach(service -> needed.addAll(service.deadLetters()));
        for (String topic : needed) {
            if (!topics.containsKey(topic)) {
                violations.add("no KafkaTopic for " + topic + (catalogTopics.contains(topic) ? " (a channel of " + EventCatalog.FILE + ")"
                        : " (a dead-letter topic of " + services.stream().filter(s -> s.deadLetters().contains(topic))
                                .map(ServiceKafka::service).collect(Collectors.joining(", ")) + ")"));
            }
        }
        if (render.isProduction()) {
            topics.forEach((name, topic) -> durability(render, name, topic, violations));
        }
        retention(render, topics, violations);
        for (ServiceKafka service : services) {
            acls(render, service, violations);
        }
        return violations;
    }

    /** KafkaTopics by topic name ({@code spec.topicName}, else the object's name); a topic declared twice is a violation. */
    private static Map<String, JsonNode> topics(Render render, List<String> violations) {
        Map<String, JsonNode> topics = new HashMap<>();
        for (JsonNode topic : render.ofKind("KafkaTopic")) {
            String name = topic.path("spec").path("topicName").asText(Render.name(topic));
            if (topics.put(name, topic) != null) {
                violations.add("topic " + name + " is declared by two KafkaTopics");
            }
        }
        return topics;
    }

    /** Every Strimzi resource names (label {@code strimzi.io/cluster}) a Kafka of the render. */
    private static void clusters(Render render, List<String> violations) {
        Set<String> clusters = render.ofKind("Kafka").stream().map(Render::name).collect(Collectors.toSet());
        for (String kind : List.of("KafkaTopic", "KafkaUser", "KafkaNodePool")) {
            for (JsonNode object : render.ofKind(kind)) {
                String cluster = object.path("metadata").path("labels").path("strimzi.io/cluster").asText("");
                if (!clusters.contains(cluster)) {
                    violations.add(Render.id(object) + ": label strimzi.io/cluster '" + cluster + "' names no Kafka of the render " + clusters);
                }
            }
        }
    }

    private static Optional<JsonNode> clusterOf(Render render, JsonNode object) {
        return render.find("Kafka", object.path("metadata").path("labels").path("strimzi.io/cluster").asText(""));
    }

    /** A number of the topic's {@code spec}: its own, else its Kafka's broker configuration {@code brokerKey}, else {@code otherwise}. */
    private static long setting(Render render, JsonNode topic, JsonNode own, String brokerKey, long otherwise) {
        OptionalLong value = JsonNodes.number(own);
        if (value.isPresent()) {
            return value.getAsLong();
        }
        return clusterOf(render, topic).map(kafka -> JsonNodes.number(kafka.path("spec").path("kafka").path("config").path(brokerKey)))
                .filter(OptionalLong::isPresent).map(OptionalLong::getAsLong).orElse(otherwise);
    }

    private static void durability(Render render, String name, JsonNode topic, List<String> violations) {
        long factor = setting(render, topic, topic.path("spec").path("replicas"), "default.replication.factor", 1);
        if (factor < PRODUCTION_REPLICAS) {
            violations.add("KafkaTopic " + name + ": " + factor + " replica(s); production needs " + PRODUCTION_REPLICAS
                    + " so that an acknowledged event survives a broker's loss");
        }
        long minInSync = setting(render, topic, topic.path("spec").path("config").path("min.insync.replicas"), "min.insync.replicas", 1);
        if (minInSync < PRODUCTION_MIN_IN_SYNC || minInSync >= factor) {
            violations.add("KafkaTopic " + name + ": min.insync.replicas " + minInSync + " with " + factor + " replicas; production needs "
                    + PRODUCTION_MIN_IN_SYNC + " (acks=all then survives one broker down)");
        }
        clusterOf(render, topic).ifPresent(kafka -> {
            long brokers = render.ofKind("KafkaNodePool").stream()
                    .filter(pool -> Render.name(kafka).equals(pool.path("metadata").path("labels").path("strimzi.io/cluster").asText()))
                    .filter(pool -> pool.path("spec").path("roles").toString().contains("\"broker\""))
                    .mapToLong(pool -> JsonNodes.number(pool.path("spec").path("replicas")).orElse(0)).sum();
            if (brokers < factor && !render.ofKind("KafkaNodePool").isEmpty()) {
                violations.add("KafkaTopic " + name + ": " + factor + " replicas but Kafka " + Render.name(kafka) + " has " + brokers
                        + " broker(s)");
            }
        });
    }

    /** Records must expire before the ids their consumers remember are pruned, or a redelivery is applied twice. */
    private void retention(Render render, Map<String, JsonNode> topics, List<String> violations) {
        Map<String, Duration> pruning = new HashMap<>();
        for (ServiceKafka service : services) {
            pruning.put(service.service(), pruneRetention(render, service));
        }
        for (Map.Entry<String, JsonNode> entry : topics.entrySet()) {
            String name = entry.getKey();
            JsonNode topic = entry.getValue();
            List<ServiceKafka> readers = services.stream().filter(service -> service.reads().contains(name)).toList();
            if (readers.isEmpty()) {
                continue;
            }
            ServiceKafka first = readers.stream().min(Comparator.comparing(service -> pruning.get(service.service()))).orElseThrow();
            Duration forgets = pruning.get(first.service());
            String policy = topic.path("spec").path("config").path("cleanup.policy").asText("delete");
            if (policy.contains("compact")) {
                violations.add("KafkaTopic " + name + ": cleanup.policy " + policy + " keeps records beyond any retention, longer than "
                        + first.service() + " remembers their ids");
                continue;
            }
            Duration kept = topicRetention(render, topic);
            if (kept.isNegative() || kept.compareTo(forgets) >= 0) {
                violations.add("KafkaTopic " + name + ": retention " + (kept.isNegative() ? "unlimited" : Durations.describe(kept))
                        + " is not below " + first.service() + "'s " + PRUNE_RETENTION_KEY + " " + Durations.describe(forgets)
                        + ": a redelivered event whose id it has forgotten would be applied again");
            }
        }
    }

    /** How long a service remembers processed ids: its Deployment's environment, else its properties, else the default. */
    Duration pruneRetention(Render render, ServiceKafka service) {
        return Workloads.deploymentOf(render, service.service()).flatMap(deployment -> Workloads.env(render, deployment, PRUNE_RETENTION_ENV))
                .map(Durations::parse).or(service::pruneRetention).orElse(defaultPruneRetention);
    }

    private static Duration topicRetention(Render render, JsonNode topic) {
        Optional<Duration> own = Optional.of(topic.path("spec").path("config").path("retention.ms")).map(JsonNodes::number)
                .filter(OptionalLong::isPresent).map(ms -> Duration.ofMillis(ms.getAsLong()));
        if (own.isPresent()) {
            return own.get();
        }
        Optional<JsonNode> broker = clusterOf(render, topic).map(kafka -> kafka.path("spec").path("kafka").path("config"));
        if (broker.isPresent()) {
            for (Map.Entry<String, Long> unit : List.of(Map.entry("log.retention.ms", 1L), Map.entry("log.retention.minutes", 60_000L),
                    Map.entry("log.retention.hours", 3_600_000L))) {
                OptionalLong value = JsonNodes.number(broker.get().path(unit.getKey()));
                if (value.isPresent()) {
                    return value.getAsLong() < 0 ? Duration.ofMillis(-1) : Duration.ofMillis(value.getAsLong() * unit.getValue());
                }
            }
        }
        return BROKER_DEFAULT_RETENTION;
    }

    /** One granted (or required) operation on one resource. */
    record Acl(String resourceType, String name, String patternType, String operation) implements Comparable<Acl> {

        static Acl read(String type, String name) {
            return new Acl(type, name, "literal", "Read");
        }

        static Acl write(String name) {
            return new Acl("topic", name, "literal", "Write");
        }

        @Override
        public int compareTo(Acl other) {
            return toString().compareTo(other.toString());
        }

        @Override
        public String toString() {
            return operation + " " + resourceType + ("literal".equals(patternType) ? " " : " " + patternType + " ") + name;
        }
    }

    /** What the service needs: read its topics, join its groups (and its run-time groups by prefix), write its dead letters and its events. */
    static Set<Acl> required(ServiceKafka service) {
        Set<Acl> acls = new TreeSet<>();
        service.reads().forEach(topic -> acls.add(Acl.read("topic", topic)));
        service.groups().forEach(group -> acls.add(Acl.read("group", group)));
        service.groupPrefixes().forEach(prefix -> acls.add(new Acl("group", prefix, "prefix", "Read")));
        service.deadLetters().forEach(topic -> acls.add(Acl.write(topic)));
        service.publishes().forEach(topic -> acls.add(Acl.write(topic)));
        return acls;
    }

    /** What a KafkaUser grants, one entry per operation, without the Describe that Read, Write, Delete or Alter already grant. */
    static Set<Acl> granted(JsonNode user) {
        Set<Acl> acls = new TreeSet<>();
        for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
            JsonNode resource = acl.path("resource");
            String type = resource.path("type").asText();
            String name = "cluster".equals(type) ? "kafka-cluster" : resource.path("name").asText("*");
            String pattern = resource.path("patternType").asText("literal");
            String deny = "deny".equals(acl.path("type").asText("allow")) ? "deny " : "";
            List<String> operations = new ArrayList<>();
            acl.path("operations").forEach(operation -> operations.add(operation.asText()));
            if (acl.has("operation")) {
                operations.add(acl.path("operation").asText());
            }
            operations.forEach(operation -> acls.add(new Acl(type, name, pattern, deny + operation)));
        }
        acls.removeIf(acl -> "Describe".equals(acl.operation()) && IMPLY_DESCRIBE.stream()
                .anyMatch(op -> acls.contains(new Acl(acl.resourceType(), acl.name(), acl.patternType(), op))));
        return acls;
    }

    private static void acls(Render render, ServiceKafka service, List<String> violations) {
        List<JsonNode> users = render.ofKind("KafkaUser").stream().filter(user -> service.service().equals(Render.app(user))).toList();
        if (users.size() != 1) {
            violations.add(service.service() + " has " + users.size() + " KafkaUser(s) (named, or labelled app.kubernetes.io/name, "
                    + service.service() + "); it needs exactly one");
            return;
        }
        JsonNode user = users.get(0);
        if (!"simple".equals(user.path("spec").path("authorization").path("type").asText())) {
            violations.add(Render.id(user) + ": authorization type must be simple (ACLs), was '"
                    + user.path("spec").path("authorization").path("type").asText() + "'");
        }
        Set<Acl> required = required(service);
        Set<Acl> granted = granted(user);
        Set<Acl> missing = new TreeSet<>(required);
        missing.removeAll(granted);
        Set<Acl> extra = new TreeSet<>(granted);
        extra.removeAll(required);
        if (!missing.isEmpty()) {
            violations.add(Render.id(user) + " lacks ACLs " + service.service() + " uses: " + missing);
        }
        if (!extra.isEmpty()) {
            violations.add(Render.id(user) + " grants ACLs " + service.service() + " does not use: " + extra);
        }
    }
}
