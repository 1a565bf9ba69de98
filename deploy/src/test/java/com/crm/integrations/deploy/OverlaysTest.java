package com.crm.integrations.deploy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every overlay under deploy/kubernetes/overlays, rendered by kustomize, and every object of each checked offline:
 * its schema, its fields, and the project's rules for Kafka, the Ingress, the workloads and Secrets. A new overlay
 * directory is checked without a change here. The renders are in {@code deploy/target/rendered/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OverlaysTest {

    private final List<Render> renders = new ArrayList<>();
    private List<NodeSchemas.Report> schemaReports;
    private CrdSchemas crds;

    @BeforeAll
    void renderEveryOverlay() {
        List<Path> overlays = Project.overlayDirs();
        assertFalse(overlays.isEmpty(), "No overlay under " + Project.overlays() + ": nothing to check");
        renders.addAll(overlays.parallelStream().map(Kustomize::render).toList());
        schemaReports = NodeSchemas.validate(renders.stream().map(render -> renderedFile(render)).toList());
        crds = CrdSchemas.load();
    }

    @Test
    void productionHasAnOverlay() {
        assertTrue(renders.stream().anyMatch(Render::isProduction), "No overlay named prod…: production's rules would check nothing");
    }

    @TestFactory
    Stream<DynamicNode> everyOverlay() {
        KafkaRules kafka = KafkaRules.ofProject();
        IngressRules ingress = IngressRules.ofProject();
        WorkloadRules workloads = new WorkloadRules();
        SecretRules secrets = SecretRules.ofProject();
        Map<String, Function<Render, List<String>>> checks = Map.of(
                "1 every object matches the schema of its kind", this::schemaErrors,
                "2 no object has an unknown or a missing field", this::fieldErrors,
                "3 Kafka topics and ACLs fit what the services do", kafka::check,
                "4 the Ingress routes only public prefixes", ingress::check,
                "5 every workload is probed, confined and budgeted", workloads::check,
                "6 no Secret is committed, every one used is documented", secrets::check);
        return renders.stream().map(render -> DynamicContainer.dynamicContainer(render.overlay() + " (" + render.objects().size() + " objects)",
                checks.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(check -> DynamicTest.dynamicTest(check.getKey(),
                        () -> Violations.assertNone(render.overlay() + ": " + check.getKey().substring(2), check.getValue().apply(render))))));
    }

    private List<String> schemaErrors(Render render) {
        String file = renderedFile(render).toAbsolutePath().toString();
        List<NodeSchemas.Report> reports = schemaReports.stream().filter(report -> report.file().equals(file)).toList();
        List<String> errors = new ArrayList<>();
        if (reports.size() != render.objects().size()) {
            errors.add("validate.mjs reported on " + reports.size() + " objects of " + render.objects().size());
        }
        reports.stream().filter(report -> !report.errors().isEmpty()).forEach(report -> errors.add(report.describe()));
        return errors;
    }

    private static Path renderedFile(Render render) {
        return Project.renderedDir().resolve(render.overlay() + ".yaml");
    }

    private List<String> fieldErrors(Render render) {
        List<String> errors = new ArrayList<>();
        for (JsonNode object : render.objects()) {
            errors.addAll(CoreSchemas.violations(object));
            errors.addAll(crds.unknownFields(object));
        }
        return errors;
    }
}
