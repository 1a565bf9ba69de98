package com.crm.integrations.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * What the deployment needs from {@code docs/asyncapi.yaml}: every channel's address (a topic), and which service
 * publishes to which, from the {@code x-service} extension of each {@code send} operation.
 *
 * @param topics    every channel address
 * @param publishes the topics each service's {@code send} operations write to, by service
 */
record EventCatalog(Set<String> topics, Map<String, Set<String>> publishes) {

    static final String FILE = "docs/asyncapi.yaml";
    static final String SERVICE_EXTENSION = "x-service";

    static EventCatalog fromProject() {
        return parse(Project.read(Project.root().resolve(FILE)));
    }

    /**
     * @throws IllegalArgumentException when a send operation names no service or a channel that is not there
     */
    static EventCatalog parse(String yaml) {
        JsonNode document;
        try {
            document = new YAMLMapper().readTree(yaml);
        } catch (IOException unparsable) {
            throw new UncheckedIOException(FILE + " is not YAML", unparsable);
        }
        Map<String, String> addresses = new TreeMap<>();
        document.path("channels").fields()
                .forEachRemaining(channel -> addresses.put(channel.getKey(), channel.getValue().path("address").asText()));
        Map<String, Set<String>> publishes = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        document.path("operations").fields().forEachRemaining(operation -> {
            JsonNode body = operation.getValue();
            if (!"send".equals(body.path("action").asText())) {
                return;
            }
            String ref = body.path("channel").path("$ref").asText();
            String channel = ref.startsWith("#/channels/") ? ref.substring("#/channels/".length()) : "";
            String service = body.path(SERVICE_EXTENSION).asText("");
            if (!addresses.containsKey(channel)) {
                problems.add("operation " + operation.getKey() + " sends to " + ref + ", not a channel of the catalog");
            } else if (service.isBlank()) {
                problems.add("operation " + operation.getKey() + " has no " + SERVICE_EXTENSION + ": which service sends it?");
            } else {
                publishes.computeIfAbsent(service, s -> new TreeSet<>()).add(addresses.get(channel));
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(FILE + ": " + String.join("; ", problems));
        }
        return new EventCatalog(Set.copyOf(new TreeSet<>(addresses.values())), Map.copyOf(publishes));
    }

    Set<String> publishedBy(String service) {
        return publishes.getOrDefault(service, Set.of());
    }
}
