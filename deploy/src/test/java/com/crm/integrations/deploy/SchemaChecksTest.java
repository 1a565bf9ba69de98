package com.crm.integrations.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** The schema side: validate.mjs, client-java-api's models, the CRDs' fields, and kustomize itself. */
class SchemaChecksTest {

    private static final CrdSchemas CRDS = CrdSchemas.load();

    private static JsonNode first(String yaml) {
        return Render.parse("test", yaml).objects().get(0);
    }

    @Test
    void theFixturesFieldsAreAllKnown() {
        // Given
        Render render = Fixtures.render("prod", Fixtures.DEPLOYMENT, Fixtures.KAFKA, Fixtures.INGRESS);

        // When
        List<String> errors = render.objects().stream().flatMap(object -> java.util.stream.Stream.concat(
                CoreSchemas.violations(object).stream(), CRDS.unknownFields(object).stream())).toList();

        // Then
        assertEquals(List.of(), errors);
    }

    @Test
    void aMisspelledFieldOfADeploymentFails() {
        // Given
        JsonNode deployment = first(Fixtures.DEPLOYMENT.replace("image: crm", "imagee: crm"));

        // When
        List<String> errors = CoreSchemas.violations(deployment);

        // Then
        assertEquals(List.of("Deployment/svc-a: The field 'imagee' in the JSON string is not defined in the 'V1Container' properties."), errors);
    }

    @Test
    void aMissingRequiredFieldFails() {
        // Given: an HPA without maxReplicas
        JsonNode autoscaler = Render.parse("test", Fixtures.DEPLOYMENT).find("HorizontalPodAutoscaler", "svc-a").orElseThrow();
        ((com.fasterxml.jackson.databind.node.ObjectNode) autoscaler.path("spec")).remove("maxReplicas");

        // When
        List<String> errors = CoreSchemas.violations(autoscaler);

        // Then
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("HorizontalPodAutoscaler/svc-a: The required field 'maxReplicas' is not found"), errors.toString());
    }

    @Test
    void aKindKubernetesDoesNotServeFails() {
        // Given
        JsonNode ingress = first("""
                apiVersion: extensions/v1beta1
                kind: Ingress
                metadata: {name: old}
                """);

        // When
        List<String> errors = CoreSchemas.violations(ingress);

        // Then
        assertEquals(List.of("Ingress/old: extensions/v1beta1 Ingress is not a kind of client-java-api 27 (Kubernetes no longer serves it, or "
                + "never did)"), errors);
    }

    @Test
    void aMisspelledMetadataFieldOfACustomResourceFails() {
        // Given
        JsonNode topic = first("""
                apiVersion: kafka.strimzi.io/v1beta2
                kind: KafkaTopic
                metadata: {name: a.events, lables: {strimzi.io/cluster: integrations}}
                spec: {partitions: 3}
                """);

        // When
        List<String> errors = CoreSchemas.violations(topic);

        // Then
        assertEquals(List.of("KafkaTopic/a.events metadata: The field 'lables' in the JSON string is not defined in the 'V1ObjectMeta' properties."),
                errors);
    }

    @Test
    void aMisspelledFieldOfAStrimziResourceFails() {
        // Given: replica for replicas; anything goes under config
        JsonNode topic = first("""
                apiVersion: kafka.strimzi.io/v1beta2
                kind: KafkaTopic
                metadata: {name: a.events}
                spec: {partitions: 3, replica: 3, config: {retention.ms: 1000, any.setting: x}}
                """);

        // When
        List<String> errors = CRDS.unknownFields(topic);

        // Then
        assertEquals(List.of("KafkaTopic/a.events: unknown field .spec.replica"), errors);
    }

    @Test
    void aMisspelledAclFieldFails() {
        // Given: resources for resource
        JsonNode user = first("""
                apiVersion: kafka.strimzi.io/v1beta2
                kind: KafkaUser
                metadata: {name: svc-a}
                spec:
                  authorization:
                    type: simple
                    acls:
                      - resources: {type: topic, name: a.events}
                        operations: [Write]
                """);

        // When
        List<String> errors = CRDS.unknownFields(user);

        // Then
        assertEquals(List.of("KafkaUser/svc-a: unknown field .spec.authorization.acls[0].resources"), errors);
    }

    @Test
    void aMisspelledFieldOfAPrometheusRuleFails() {
        // Given
        JsonNode rule = first("""
                apiVersion: monitoring.coreos.com/v1
                kind: PrometheusRule
                metadata: {name: alerts}
                spec:
                  groups:
                    - name: outbox
                      rules:
                        - alert: OutboxLagging
                          expresion: integrations_outbox_lag_seconds > 60
                          for: 5m
                """);

        // When
        List<String> errors = CRDS.unknownFields(rule);

        // Then
        assertEquals(List.of("PrometheusRule/alerts: unknown field .spec.groups[0].rules[0].expresion"), errors);
    }

    @Test
    void validateMjsReportsWrongTypesAndUnknownKinds(@TempDir Path dir) throws IOException {
        // Given
        Path file = dir.resolve("render.yaml");
        Files.writeString(file, Fixtures.DEPLOYMENT.replace("minReplicas: 2", "minReplicas: two") + """
                ---
                apiVersion: kafka.strimzi.io/v1beta2
                kind: KafkaWidget
                metadata: {name: w}
                ---
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: db}
                spec: {instances: 3}
                """);

        // When
        List<NodeSchemas.Report> reports = NodeSchemas.validate(List.of(file));

        // Then
        assertEquals(5, reports.size(), reports.toString());
        assertEquals(List.of("data/spec/minReplicas must be integer"), reports.get(2).errors());
        assertEquals(List.of("no schema for kafka.strimzi.io/v1beta2 KafkaWidget in @kubernetes-models/strimzi-kafka-operator: an unknown "
                + "kind, or a version it does not have"), reports.get(3).errors());
        assertEquals(List.of(), reports.get(0).errors());
        assertEquals(List.of(), reports.get(4).errors());
    }

    @Test
    void kustomizeRendersAnOverlayAndExplainsAFailure(@TempDir Path dir) throws IOException {
        // Given
        Files.createDirectories(dir.resolve("base"));
        Files.writeString(dir.resolve("base/kustomization.yaml"), "resources: [ingress.yaml]\n");
        Files.writeString(dir.resolve("base/ingress.yaml"), Fixtures.INGRESS);
        Files.createDirectories(dir.resolve("overlays/prod"));
        Files.writeString(dir.resolve("overlays/prod/kustomization.yaml"), "resources: [../../base]\nnamespace: crm-integrations\n");
        Files.createDirectories(dir.resolve("overlays/broken"));
        Files.writeString(dir.resolve("overlays/broken/kustomization.yaml"), "resources: [../../missing]\n");

        // When
        Render prod = Render.parse("prod", Kustomize.build(dir.resolve("overlays/prod"), "test-fixture"));
        AssertionError broken = assertThrows(AssertionError.class, () -> Kustomize.build(dir.resolve("overlays/broken"), "test-broken"));

        // Then
        assertEquals("crm-integrations", prod.find("Ingress", "public").orElseThrow().at("/metadata/namespace").asText());
        assertTrue(broken.getMessage().contains("missing"), broken.getMessage());
    }
}
