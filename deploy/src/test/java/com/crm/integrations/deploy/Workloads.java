package com.crm.integrations.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/** Pod templates, containers and their environment, as the rendered objects hold them. */
final class Workloads {

    private Workloads() {
    }

    /** The pod template of a workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob), if it is one. */
    static Optional<JsonNode> podTemplate(JsonNode object) {
        switch (object.path("kind").asText()) {
            case "Deployment":
            case "StatefulSet":
            case "DaemonSet":
            case "ReplicaSet":
            case "Job":
                return Optional.of(object.path("spec").path("template"));
            case "CronJob":
                return Optional.of(object.path("spec").path("jobTemplate").path("spec").path("template"));
            default:
                return Optional.empty();
        }
    }

    /** The containers and init containers of a pod template. */
    static List<JsonNode> allContainers(JsonNode template) {
        List<JsonNode> containers = new ArrayList<>();
        template.path("spec").path("initContainers").forEach(containers::add);
        template.path("spec").path("containers").forEach(containers::add);
        return containers;
    }

    /** The Deployment of a service: the one whose {@code app.kubernetes.io/name} label (else name) is the service's. */
    static Optional<JsonNode> deploymentOf(Render render, String service) {
        return render.ofKind("Deployment").stream().filter(deployment -> service.equals(Render.app(deployment))).findFirst();
    }

    /**
     * The value of an environment variable of a workload's first container that sets it: its {@code env} entry (a value,
     * or a ConfigMap key of the render), else a ConfigMap of its {@code envFrom}. A variable taken from a Secret, or from
     * a ConfigMap the render does not hold, has no value here.
     */
    static Optional<String> env(Render render, JsonNode workload, String name) {
        for (JsonNode container : podTemplate(workload).map(t -> t.path("spec").path("containers")).orElse(JsonNodes.EMPTY)) {
            for (JsonNode variable : container.path("env")) {
                if (name.equals(variable.path("name").asText())) {
                    if (variable.has("value")) {
                        return Optional.of(variable.path("value").asText());
                    }
                    JsonNode key = variable.path("valueFrom").path("configMapKeyRef");
                    return configMapValue(render, key.path("name").asText(), key.path("key").asText());
                }
            }
            for (JsonNode source : container.path("envFrom")) {
                String prefix = source.path("prefix").asText("");
                JsonNode configMap = source.path("configMapRef");
                if (configMap.isObject() && name.startsWith(prefix)) {
                    Optional<String> value = configMapValue(render, configMap.path("name").asText(), name.substring(prefix.length()));
                    if (value.isPresent()) {
                        return value;
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> configMapValue(Render render, String configMap, String key) {
        return render.find("ConfigMap", configMap).map(map -> map.path("data").path(key)).filter(JsonNode::isValueNode).map(JsonNode::asText);
    }
}
