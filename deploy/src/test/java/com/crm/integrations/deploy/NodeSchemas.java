package com.crm.integrations.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code deploy/validation/validate.mjs}: every object against the schema of its apiVersion and kind (kubernetes-models
 * and its Strimzi, CloudNativePG and Prometheus-operator packages). An object of a kind it has no schema for is invalid.
 */
final class NodeSchemas {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    private NodeSchemas() {
    }

    /** One object's outcome: no errors when it is valid. */
    record Report(String file, int document, String apiVersion, String kind, String name, List<String> errors) {

        String describe() {
            return Path.of(file).getFileName() + " #" + document + " " + apiVersion + " " + kind + " " + name + ": "
                    + String.join("; ", errors);
        }
    }

    /** Validates every object of the YAML files, in one Node process. */
    static List<Report> validate(List<Path> files) {
        List<String> command = new ArrayList<>(List.of(System.getProperty("integrations.deploy.node", "node"), "validate.mjs", "--json"));
        files.forEach(file -> command.add(file.toAbsolutePath().toString()));
        Processes.Result result = Processes.run(command, Project.validation(), TIMEOUT);
        if (result.exitCode() != 0 && result.exitCode() != 1) {
            throw new IllegalStateException("validate.mjs failed: " + result.describe());
        }
        List<Report> reports = new ArrayList<>();
        for (String line : result.stdout().lines().filter(line -> !line.isBlank()).toList()) {
            try {
                JsonNode report = JSON.readTree(line);
                List<String> errors = new ArrayList<>();
                report.path("errors").forEach(error -> errors.add(error.asText()));
                reports.add(new Report(report.path("file").asText(), report.path("document").asInt(), report.path("apiVersion").asText(),
                        report.path("kind").asText(), report.path("name").asText(), errors));
            } catch (IOException notJson) {
                throw new UncheckedIOException("validate.mjs printed a line that is not JSON: " + line, notJson);
            }
        }
        if (result.exitCode() == 1 && reports.stream().allMatch(report -> report.errors().isEmpty())) {
            throw new IllegalStateException("validate.mjs failed without naming an invalid object: " + result.describe());
        }
        return reports;
    }
}
