package com.crm.integrations.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A service's operations as its OpenAPI document ({@code GET /q/openapi?format=json}) describes them: method, path
 * template, parameters, the request body's media types and top-level JSON properties, and whether it answers an event
 * stream.
 */
final class OpenApi {

    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    /** A parameter: where it goes ({@code path}, {@code query}, {@code header}), its name and JSON type. */
    record Parameter(String in, String name, String type, String format) {
    }

    /** One operation of {@code service}. */
    record Operation(String service, String method, String path, List<Parameter> parameters, List<String> bodyTypes,
            Map<String, String> bodyProperties, boolean streams) {

        List<Parameter> in(String where) {
            return parameters.stream().filter(parameter -> parameter.in().equals(where)).toList();
        }

        boolean hasBody() {
            return !bodyTypes.isEmpty();
        }

        /** {@code /admin/**} and {@code /internal/**}: no user token may use them. */
        boolean forServicesOrOperators() {
            return path.startsWith("/admin") || path.startsWith("/internal");
        }

        @Override
        public String toString() {
            return service + " " + method.toUpperCase(Locale.ROOT) + " " + path;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenApi() {
    }

    /** The document at {@code baseUrl}. */
    static JsonNode fetch(HttpClient http, String baseUrl) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/openapi?format=json"))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(baseUrl + "/q/openapi answered " + response.statusCode());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every operation {@code document} describes. */
    static List<Operation> operations(String service, JsonNode document) {
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            List<Parameter> shared = parameters(document, path.getValue().path("parameters"));
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext(); ) {
                Map.Entry<String, JsonNode> method = methods.next();
                if (!METHODS.contains(method.getKey())) {
                    continue;
                }
                JsonNode operation = method.getValue();
                List<Parameter> parameters = new ArrayList<>(shared);
                parameters(document, operation.path("parameters")).stream()
                        .filter(parameter -> parameters.stream().noneMatch(p -> p.name().equals(parameter.name()) && p.in().equals(parameter.in())))
                        .forEach(parameters::add);
                // A template variable the document forgot still takes a value.
                var variables = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path.getKey());
                while (variables.find()) {
                    String name = variables.group(1);
                    if (parameters.stream().noneMatch(p -> p.in().equals("path") && p.name().equals(name))) {
                        parameters.add(new Parameter("path", name, "string", null));
                    }
                }
                JsonNode content = resolve(document, operation.path("requestBody")).path("content");
                List<String> bodyTypes = new ArrayList<>();
                content.fieldNames().forEachRemaining(bodyTypes::add);
                Map<String, String> properties = new LinkedHashMap<>();
                for (JsonNode media : content) {
                    JsonNode schema = resolve(document, media.path("schema"));
                    schema.path("properties").fields().forEachRemaining(property ->
                            properties.put(property.getKey(), type(document, property.getValue())));
                }
                boolean streams = false;
                for (JsonNode response : operation.path("responses")) {
                    streams |= resolve(document, response).path("content").has("text/event-stream");
                }
                operations.add(new Operation(service, method.getKey(), path.getKey(), List.copyOf(parameters), List.copyOf(bodyTypes),
                        properties, streams));
            }
        }
        return operations;
    }

    /** The methods {@code document} lists for {@code path}. */
    static Set<String> methodsOf(JsonNode document, String path) {
        Set<String> methods = new java.util.TreeSet<>();
        document.path("paths").path(path).fieldNames().forEachRemaining(name -> {
            if (METHODS.contains(name)) {
                methods.add(name);
            }
        });
        return methods;
    }

    private static List<Parameter> parameters(JsonNode document, JsonNode list) {
        List<Parameter> parameters = new ArrayList<>();
        for (JsonNode node : list) {
            JsonNode parameter = resolve(document, node);
            JsonNode schema = resolve(document, parameter.path("schema"));
            parameters.add(new Parameter(parameter.path("in").asText(), parameter.path("name").asText(), type(document, schema),
                    schema.path("format").isMissingNode() ? null : schema.path("format").asText()));
        }
        return parameters;
    }

    private static String type(JsonNode document, JsonNode schema) {
        JsonNode resolved = resolve(document, schema);
        if (resolved.has("type")) {
            JsonNode type = resolved.get("type");
            return type.isArray() ? type.get(0).asText() : type.asText();
        }
        if (resolved.has("properties")) {
            return "object";
        }
        for (String combiner : List.of("allOf", "oneOf", "anyOf")) {
            if (resolved.has(combiner) && resolved.get(combiner).size() > 0) {
                return type(document, resolved.get(combiner).get(0));
            }
        }
        return "string";
    }

    /** {@code node}, or what its {@code $ref} points at (local references only). */
    static JsonNode resolve(JsonNode document, JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; hops < 10 && current.has("$ref"); hops++) {
            String ref = current.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                return current;
            }
            current = document.at(ref.substring(1));
        }
        return current;
    }
}
