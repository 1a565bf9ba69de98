package com.crm.integrations.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

class WorkloadRulesTest {

    private static final WorkloadRules RULES = new WorkloadRules();

    private static ObjectNode container(Render render) {
        return Fixtures.at(Fixtures.object(render, "Deployment", "svc-a"), "/spec/template/spec/containers/0");
    }

    @Test
    void theFixtureKeepsEveryRule() {
        // Given
        Render render = Fixtures.render("prod", Fixtures.DEPLOYMENT);

        // When
        List<String> violations = RULES.check(render);

        // Then
        assertEquals(List.of(), violations);
    }

    @Test
    void aDeploymentWithoutReadinessProbeFails() {
        // Given
        Render render = Fixtures.render("prod", Fixtures.DEPLOYMENT);
        container(render).remove("readinessProbe");

        // When
        List<String> violations = RULES.check(render);

        // Then
        assertEquals(List.of("Deployment/svc-a container app: no readinessProbe"), violations);
    }

    @Test
    void aReadinessProbeOnKafkasHealthFails() {
        // Given
        Render render = Fixtures.render("prod", Fixtures.DEPLOYMENT.replace("/q/health/ready", "/q/health/group/kafka"));

        // When
        List<String> violations = RULES.check(render);

        // Then
        assertEquals(List.of("Deployment/svc-a container app: readinessProbe must ask GET /q/health/ready, asks /q/health/group/kafka"),
                violations);
    }

    @Test
    void aWritableRootFilesystemFails() {
        // Given
        Render render = Fixtures.render("dev", Fixtures.DEPLOYMENT);
        container(render).with("securityContext").put("readOnlyRootFilesystem", false);

        // When
        List<String> violations = RULES.check(render);

        // Then
        assertEquals(List.of("Deployment/svc-a container app: readOnlyRootFilesystem is not true"), violations);
    }

    @Test
    void aContainerRunAsRootFails() {
        // Given: the container overrides the pod's user and non-root flag
        Render render = Fixtures.render("dev", Fixtures.DEPLOYMENT);
        container(render).with("securityContext").put("runAsUser", 0).put("runAsNonRoot", false);

        // When
        List<String> violations = RULES.check(render);

        // Then
        assertEquals(List.of("Deployment/svc-a container app: runAsNonRoot is not true",
                "Deployment/svc-a container app: runs as root (runAsUser 0)"), violations);
    }

    @Test
    void noSeccompProfileFails() {
        // Given
        Render render = Fixtures.render("dev", Fixtures.DEPLOYMENT);
        Fixtures.at(Fixtures.object(render, "Deployment", "svc-a"), "/spec/template/spec/securityContext").remove("seccompProfile");

        // When
        List<String> violations = RULES.check(render);

        // Then
        assertEquals(List.of("Deployment/svc-a container app: seccompProfile none, must be RuntimeDefault (or Localhost)"), violations);
    }

    @Test
    void noMemoryLimitFails() {
        // Given
        Render render = Fixtures.render("dev", Fixtures.DEPLOYMENT);
        container(render).with("resources").remove("limits");

        // When
        List<String> violations = RULES.check(render);

        // Then
        assertEquals(List.of("Deployment/svc-a container app: no resources limits.memory"), violations);
    }

    @Test
    void oneReplicaInProductionFails() {
        // Given
        Render render = Fixtures.render("prod", Fixtures.DEPLOYMENT);
        Fixtures.object(render, "HorizontalPodAutoscaler", "svc-a").with("spec").put("minReplicas", 1);

        // When
        List<String> violations = RULES.check(render);

        // Then
        assertEquals(List.of("Deployment/svc-a: at least 2 replicas in production, has 1"), violations);
    }

    @Test
    void oneReplicaInDevelopmentIsFine() {
        // Given
        Render render = Fixtures.render("dev", Fixtures.DEPLOYMENT);
        Fixtures.object(render, "HorizontalPodAutoscaler", "svc-a").with("spec").put("minReplicas", 1);

        // When
        List<String> violations = RULES.check(render);

        // Then
        assertEquals(List.of(), violations);
    }

    @Test
    void aDeploymentWithoutDisruptionBudgetFails() {
        // Given
        Render render = Fixtures.render("prod", Fixtures.DEPLOYMENT.replace(
                "  maxUnavailable: 1\n  selector:\n    matchLabels: {app.kubernetes.io/name: svc-a}",
                "  maxUnavailable: 1\n  selector:\n    matchLabels: {app.kubernetes.io/name: svc-b}"));

        // When
        List<String> violations = RULES.check(render);

        // Then
        assertEquals(List.of("Deployment/svc-a: no PodDisruptionBudget selects its pods"), violations);
    }

    @Test
    void aDisruptionBudgetThatAllowsNoEvictionFails() {
        // Given
        Render render = Fixtures.render("prod", Fixtures.DEPLOYMENT.replace("maxUnavailable: 1", "minAvailable: 2"));

        // When
        List<String> violations = RULES.check(render);

        // Then
        assertEquals(List.of("PodDisruptionBudget/svc-a: allows no disruption of Deployment/svc-a at 2 replica(s): a node drain would hang"),
                violations);
    }

    @Test
    void aDeploymentWithoutAutoscalerFails() {
        // Given
        Render render = Fixtures.render("prod", Fixtures.DEPLOYMENT.replace("name: svc-a}\n  minReplicas", "name: svc-b}\n  minReplicas"));

        // When
        List<String> violations = RULES.check(render);

        // Then
        assertEquals(List.of("Deployment/svc-a: 0 HorizontalPodAutoscalers target it; it needs one",
                "Deployment/svc-a: at least 2 replicas in production, has 1"), violations);
    }

    @Test
    void aCronJobsPodIsConfinedToo() {
        // Given
        Render render = Fixtures.render("prod", """
                apiVersion: batch/v1
                kind: CronJob
                metadata: {name: token-refresh}
                spec:
                  schedule: "*/5 * * * *"
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          restartPolicy: Never
                          securityContext: {seccompProfile: {type: RuntimeDefault}}
                          containers:
                            - name: refresh-tokens
                              image: crm-integrations/token-service:1.0.0
                              resources: {requests: {cpu: 50m, memory: 96Mi}, limits: {memory: 160Mi}}
                              securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
                """);

        // When
        List<String> violations = RULES.check(render);

        // Then
        assertEquals(List.of("CronJob/token-refresh container refresh-tokens: runAsNonRoot is not true"), violations);
    }
}
