package com.crm.integrations.deploy;

import java.security.SecureRandom;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Small renders for the checks' own tests: each check passes on them as they are, and a test breaks one rule. Secret
 * values are made at run time, so that no file of these tests looks like a secret to the file scan.
 */
final class Fixtures {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Fixtures() {
    }

    /** One service's pods as the rules want them: probes, security, resources, two to four replicas, a PDB and an HPA. */
    static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: svc-a
              labels: {app.kubernetes.io/name: svc-a}
            spec:
              selector:
                matchLabels: {app.kubernetes.io/name: svc-a}
              template:
                metadata:
                  labels: {app.kubernetes.io/name: svc-a, app.kubernetes.io/part-of: crm-integrations}
                spec:
                  securityContext:
                    runAsNonRoot: true
                    runAsUser: 185
                    seccompProfile: {type: RuntimeDefault}
                  containers:
                    - name: app
                      image: crm-integrations/svc-a:1.0.0
                      env:
                        - {name: JAVA_TOOL_OPTIONS, value: "-Xmx160m -XX:+UseSerialGC -XX:ReservedCodeCacheSize=64m"}
                        - {name: INTEGRATIONS_TOKEN_PUBLIC_URL, value: "https://integrations.example.com"}
                        - name: INTEGRATIONS_IDENTITY_CLIENT_SECRET
                          valueFrom:
                            secretKeyRef: {name: integrations-secrets, key: INTEGRATIONS_IDENTITY_CLIENT_SECRET}
                      startupProbe: {httpGet: {path: /q/health/started, port: http}}
                      readinessProbe: {httpGet: {path: /q/health/ready, port: http}}
                      livenessProbe: {httpGet: {path: /q/health/live, port: http}}
                      resources:
                        requests: {cpu: 250m, memory: 384Mi}
                        limits: {memory: 512Mi}
                      securityContext:
                        allowPrivilegeEscalation: false
                        readOnlyRootFilesystem: true
                        capabilities: {drop: [ALL]}
            ---
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata: {name: svc-a}
            spec:
              maxUnavailable: 1
              selector:
                matchLabels: {app.kubernetes.io/name: svc-a}
            ---
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata: {name: svc-a}
            spec:
              scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: svc-a}
              minReplicas: 2
              maxReplicas: 4
            """;

    /**
     * Kafka for two services: svc-a publishes a.events; svc-b reads it as group svc-b.a, dead-letters to
     * svc-b.a.dead-letter, and reads run-time groups svc-b.replay.*. Three brokers, topics replicated 3 times, kept 6 days.
     */
    static final String KAFKA = """
            apiVersion: kafka.strimzi.io/v1beta2
            kind: Kafka
            metadata: {name: integrations}
            spec:
              kafka:
                config: {min.insync.replicas: 2}
            ---
            apiVersion: kafka.strimzi.io/v1beta2
            kind: KafkaNodePool
            metadata:
              name: dual-role
              labels: {strimzi.io/cluster: integrations}
            spec:
              replicas: 3
              roles: [controller, broker]
            ---
            apiVersion: kafka.strimzi.io/v1beta2
            kind: KafkaTopic
            metadata:
              name: a.events
              labels: {strimzi.io/cluster: integrations}
            spec:
              partitions: 12
              replicas: 3
              config: {retention.ms: 518400000}
            ---
            apiVersion: kafka.strimzi.io/v1beta2
            kind: KafkaTopic
            metadata:
              name: svc-b.a.dead-letter
              labels: {strimzi.io/cluster: integrations}
            spec:
              partitions: 3
              replicas: 3
              config: {min.insync.replicas: "2", retention.ms: "2592000000"}
            ---
            apiVersion: kafka.strimzi.io/v1beta2
            kind: KafkaUser
            metadata:
              name: svc-a
              labels: {strimzi.io/cluster: integrations}
            spec:
              authentication: {type: scram-sha-512}
              authorization:
                type: simple
                acls:
                  - resource: {type: topic, name: a.events, patternType: literal}
                    operations: [Write, Describe]
            ---
            apiVersion: kafka.strimzi.io/v1beta2
            kind: KafkaUser
            metadata:
              name: svc-b
              labels: {strimzi.io/cluster: integrations}
            spec:
              authentication: {type: scram-sha-512}
              authorization:
                type: simple
                acls:
                  - resource: {type: topic, name: a.events}
                    operations: [Read, Describe]
                  - resource: {type: group, name: svc-b.a}
                    operations: [Read]
                  - resource: {type: group, name: svc-b.replay., patternType: prefix}
                    operations: [Read]
                  - resource: {type: topic, name: svc-b.a.dead-letter, patternType: literal}
                    operations: [Write]
            """;

    /** An Ingress of one public prefix, /api to svc-a. */
    static final String INGRESS = """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: public}
            spec:
              rules:
                - host: integrations.example.com
                  http:
                    paths:
                      - path: /api
                        pathType: Prefix
                        backend: {service: {name: svc-a, port: {name: http}}}
            """;

    static Render render(String overlay, String... yaml) {
        return Render.parse(overlay, String.join("\n---\n", yaml));
    }

    static ObjectNode object(Render render, String kind, String name) {
        return (ObjectNode) render.find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + "/" + name + " in the fixture"));
    }

    static ObjectNode at(JsonNode node, String pointer) {
        return (ObjectNode) node.at(pointer);
    }

    /**
     * Base64 of {@code bytes} random bytes, a fresh key each call; drawn again in the rare case it lacks a digit or a
     * letter of either case, which the checks take for a sign of a name, so that the tests never flake.
     */
    static String randomBase64(int bytes) {
        byte[] key = new byte[bytes];
        while (true) {
            RANDOM.nextBytes(key);
            String encoded = Base64.getEncoder().encodeToString(key);
            if (encoded.chars().filter(Character::isDigit).count() >= 2 && encoded.chars().anyMatch(Character::isUpperCase)
                    && encoded.chars().anyMatch(Character::isLowerCase)) {
                return encoded;
            }
        }
    }

    /** A JWT's shape (header, claims, signature), signed by nobody. */
    static String jwt() {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        return url.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes()) + "." + url.encodeToString(
                ("{\"sub\":\"svc-a\",\"groups\":[\"service\"],\"exp\":" + (1_900_000_000 + RANDOM.nextInt(1000)) + "}").getBytes()) + "."
                + url.encodeToString(randomBase64(64).getBytes());
    }

    /** The first line of a PEM private key, and some of its body. */
    static String pem() {
        return "-----" + "BEGIN PRIVATE KEY" + "-----\n" + randomBase64(48) + "\n";
    }
}
