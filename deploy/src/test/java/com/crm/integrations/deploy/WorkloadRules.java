package com.crm.integrations.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every Deployment probes startup, readiness and liveness on the services' health endpoints, runs more than one pod in
 * production, has a PodDisruptionBudget that still allows a drain and a HorizontalPodAutoscaler; every pod (CronJobs'
 * too) runs as non-root with a read-only root filesystem, RuntimeDefault seccomp, no privilege escalation, no
 * capabilities, and CPU and memory requests and a memory limit.
 */
final class WorkloadRules {

    /** The probes and the endpoint each must ask (ADR 0002; readiness follows PostgreSQL only, DESIGN.md). */
    static final Map<String, String> PROBES = Map.of("startupProbe", "/q/health/started", "readinessProbe", "/q/health/ready",
            "livenessProbe", "/q/health/live");
    static final int PRODUCTION_MIN_REPLICAS = 2;

    private static final Set<String> SECCOMP = Set.of("RuntimeDefault", "Localhost");

    List<String> check(Render render) {
        List<String> violations = new ArrayList<>();
        for (JsonNode object : render.objects()) {
            Workloads.podTemplate(object).ifPresent(template -> pod(Render.id(object), template, violations));
        }
        for (JsonNode deployment : render.ofKind("Deployment")) {
            String id = Render.id(deployment);
            for (JsonNode container : deployment.path("spec").path("template").path("spec").path("containers")) {
                probes(id + " container " + container.path("name").asText(), container, violations);
            }
            long minimum = replicas(render, deployment, violations);
            disruptionBudget(render, deployment, minimum, violations);
            if (render.isProduction() && minimum < PRODUCTION_MIN_REPLICAS) {
                violations.add(id + ": at least " + PRODUCTION_MIN_REPLICAS + " replicas in production, has " + minimum);
            }
        }
        return violations;
    }

    private static void probes(String where, JsonNode container, List<String> violations) {
        PROBES.forEach((probe, path) -> {
            JsonNode declared = container.path(probe);
            if (!declared.isObject()) {
                violations.add(where + ": no " + probe);
            } else if (!path.equals(declared.path("httpGet").path("path").asText())) {
                violations.add(where + ": " + probe + " must ask GET " + path + ", asks "
                        + declared.path("httpGet").path("path").asText("no path"));
            }
        });
    }

    private static void pod(String id, JsonNode template, List<String> violations) {
        JsonNode pod = template.path("spec").path("securityContext");
        if (pod.path("runAsUser").asLong(-1) == 0) {
            violations.add(id + ": the pod runs as root (runAsUser 0)");
        }
        for (JsonNode container : Workloads.allContainers(template)) {
            String where = id + " container " + container.path("name").asText();
            JsonNode own = container.path("securityContext");
            if (!setting(own, pod, "runAsNonRoot").asBoolean(false)) {
                violations.add(where + ": runAsNonRoot is not true");
            }
            if (setting(own, pod, "runAsUser").asLong(-1) == 0) {
                violations.add(where + ": runs as root (runAsUser 0)");
            }
            if (!own.path("readOnlyRootFilesystem").asBoolean(false)) {
                violations.add(where + ": readOnlyRootFilesystem is not true");
            }
            if (!own.path("allowPrivilegeEscalation").isBoolean() || own.path("allowPrivilegeEscalation").asBoolean()) {
                violations.add(where + ": allowPrivilegeEscalation is not false");
            }
            if (!own.path("capabilities").path("drop").toString().contains("\"ALL\"")) {
                violations.add(where + ": capabilities do not drop ALL");
            }
            String seccomp = setting(own, pod, "seccompProfile").path("type").asText("none");
            if (!SECCOMP.contains(seccomp)) {
                violations.add(where + ": seccompProfile " + seccomp + ", must be RuntimeDefault (or Localhost)");
            }
            JsonNode resources = container.path("resources");
            for (String needed : List.of("requests/cpu", "requests/memory", "limits/memory")) {
                if (resources.at("/" + needed).asText("").isBlank()) {
                    violations.add(where + ": no resources " + needed.replace('/', '.'));
                }
            }
        }
    }

    /** A container's own security setting, else the pod's. */
    private static JsonNode setting(JsonNode container, JsonNode pod, String name) {
        return container.has(name) ? container.path(name) : pod.path(name);
    }

    /** The fewest pods the Deployment runs: its replicas, or its autoscaler's minimum; the autoscaler must exist. */
    private static long replicas(Render render, JsonNode deployment, List<String> violations) {
        String id = Render.id(deployment);
        long replicas = JsonNodes.number(deployment.path("spec").path("replicas")).orElse(1);
        List<JsonNode> autoscalers = render.ofKind("HorizontalPodAutoscaler").stream()
                .filter(hpa -> "Deployment".equals(hpa.path("spec").path("scaleTargetRef").path("kind").asText()))
                .filter(hpa -> Render.name(deployment).equals(hpa.path("spec").path("scaleTargetRef").path("name").asText())).toList();
        if (autoscalers.size() != 1) {
            violations.add(id + ": " + autoscalers.size() + " HorizontalPodAutoscalers target it; it needs one");
            return replicas;
        }
        JsonNode spec = autoscalers.get(0).path("spec");
        long min = JsonNodes.number(spec.path("minReplicas")).orElse(1);
        if (min > JsonNodes.number(spec.path("maxReplicas")).orElse(0)) {
            violations.add(Render.id(autoscalers.get(0)) + ": minReplicas " + min + " above maxReplicas");
        }
        return deployment.path("spec").has("replicas") ? Math.min(replicas, min) : min;
    }

    /** A PDB whose selector picks the Deployment's pods, and which lets at least one go while the fewest pods run. */
    private static void disruptionBudget(Render render, JsonNode deployment, long minimum, List<String> violations) {
        String id = Render.id(deployment);
        JsonNode labels = deployment.path("spec").path("template").path("metadata").path("labels");
        List<JsonNode> budgets = render.ofKind("PodDisruptionBudget").stream()
                .filter(pdb -> selects(pdb.path("spec").path("selector"), labels)).toList();
        if (budgets.isEmpty()) {
            violations.add(id + ": no PodDisruptionBudget selects its pods");
            return;
        }
        for (JsonNode budget : budgets) {
            JsonNode spec = budget.path("spec");
            OptionalLong minAvailable = JsonNodes.number(spec.path("minAvailable"));
            OptionalLong maxUnavailable = JsonNodes.number(spec.path("maxUnavailable"));
            if (minAvailable.isPresent() && minAvailable.getAsLong() >= minimum || maxUnavailable.isPresent() && maxUnavailable.getAsLong() < 1) {
                violations.add(Render.id(budget) + ": allows no disruption of " + id + " at " + minimum + " replica(s): a node drain would hang");
            }
        }
    }

    /** Whether a label selector (matchLabels; matchExpressions with In and Exists) picks pods with these labels; an empty one picks none here. */
    static boolean selects(JsonNode selector, JsonNode labels) {
        if (selector.path("matchLabels").isEmpty() && selector.path("matchExpressions").isEmpty()) {
            return false;
        }
        for (var label : (Iterable<Map.Entry<String, JsonNode>>) () -> selector.path("matchLabels").fields()) {
            if (!label.getValue().asText().equals(labels.path(label.getKey()).asText(null))) {
                return false;
            }
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            String value = labels.path(expression.path("key").asText()).asText(null);
            switch (expression.path("operator").asText()) {
                case "In":
                    if (value == null || !expression.path("values").toString().contains("\"" + value + "\"")) {
                        return false;
                    }
                    break;
                case "Exists":
                    if (value == null) {
                        return false;
                    }
                    break;
                default:
                    return false;
            }
        }
        return true;
    }
}
