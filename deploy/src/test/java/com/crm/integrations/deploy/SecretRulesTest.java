package com.crm.integrations.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.node.ArrayNode;

class SecretRulesTest {

    private static final SecretRules RULES = new SecretRules(Set.of("integrations-secrets"));

    private static Render withEnvValue(String value) {
        Render render = Fixtures.render("prod", Fixtures.DEPLOYMENT);
        ((ArrayNode) Fixtures.object(render, "Deployment", "svc-a").at("/spec/template/spec/containers/0/env")).addObject()
                .put("name", "INTEGRATIONS_SOMETHING").put("value", value);
        return render;
    }

    @Test
    void theFixtureKeepsEveryRule() {
        // Given
        Render render = Fixtures.render("prod", Fixtures.DEPLOYMENT, Fixtures.INGRESS, Fixtures.KAFKA);

        // When
        List<String> violations = RULES.check(render);

        // Then
        assertEquals(List.of(), violations);
    }

    @Test
    void aSecretWithDataFails() {
        // Given
        Render render = Fixtures.render("prod", Fixtures.DEPLOYMENT, """
                apiVersion: v1
                kind: Secret
                metadata: {name: integrations-secrets}
                type: Opaque
                data: {INTEGRATIONS_IDENTITY_CLIENT_SECRET: cGxhY2Vob2xkZXI=}
                stringData: {OTHER: placeholder}
                """);

        // When
        List<String> violations = RULES.check(render);

        // Then
        assertEquals(List.of("Secret/integrations-secrets carries data [INTEGRATIONS_IDENTITY_CLIENT_SECRET, OTHER]: Secrets are created from "
                + "the secret store, never committed"), violations);
    }

    @Test
    void anUndocumentedSecretFails() {
        // Given
        Render render = Fixtures.render("prod", Fixtures.DEPLOYMENT.replace("{name: integrations-secrets", "{name: my-secrets"));

        // When
        List<String> violations = RULES.check(render);

        // Then
        assertEquals(List.of("Deployment/svc-a uses Secret my-secrets, which deploy/README.md does not tell the operator to create "
                + "(documented: [integrations-secrets])"), violations);
    }

    @Test
    void secretsTheOperatorsCreateNeedNoDocumentation() {
        // Given: svc-a's KafkaUser Secret, the cluster CA, CloudNativePG's app Secret
        Render render = Fixtures.render("prod", Fixtures.KAFKA, Fixtures.DEPLOYMENT, """
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: db}
                spec: {instances: 3}
                """);
        var template = Fixtures.at(Fixtures.object(render, "Deployment", "svc-a"), "/spec/template/spec");
        template.putArray("volumes").addObject().put("name", "ca").putObject("secret").put("secretName", "integrations-cluster-ca-cert");
        ((ArrayNode) template.at("/containers/0/env")).addObject().put("name", "KAFKA_SASL_JAAS_CONFIG").putObject("valueFrom")
                .putObject("secretKeyRef").put("name", "svc-a").put("key", "sasl.jaas.config");
        ((ArrayNode) template.at("/containers/0/env")).addObject().put("name", "DB_PASSWORD").putObject("valueFrom")
                .putObject("secretKeyRef").put("name", "db-app").put("key", "password");

        // When
        List<String> violations = RULES.check(render);

        // Then
        assertEquals(List.of(), violations);
    }

    @Test
    void aKeyInAnEnvironmentValueFails() {
        // Given
        Render render = withEnvValue("k1:" + Fixtures.randomBase64(32));

        // When
        List<String> violations = RULES.check(render);

        // Then
        assertEquals(1, violations.size(), violations.toString());
        assertTrue(violations.get(0).startsWith("Deployment/svc-a /spec/template/spec/containers/0/env/3/value: the base64 of 32 bytes"),
                violations.toString());
    }

    @Test
    void aJwtInAnEnvironmentValueFails() {
        // Given
        Render render = withEnvValue("Bearer " + Fixtures.jwt());

        // When
        List<String> violations = RULES.check(render);

        // Then
        assertTrue(violations.stream().anyMatch(v -> v.endsWith("env/3/value: a JWT (eyJhbG…)")), violations.toString());
    }

    @Test
    void aPemBlockInAConfigMapFails() {
        // Given
        Render render = Fixtures.render("prod", Fixtures.DEPLOYMENT, """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: integrations-config}
                data: {}
                """);
        Fixtures.object(render, "ConfigMap", "integrations-config").with("data").put("TLS_KEY", Fixtures.pem());

        // When
        List<String> violations = RULES.check(render);

        // Then
        assertTrue(violations.contains("ConfigMap/integrations-config /data/TLS_KEY: a PEM block (-----B…)"), violations.toString());
    }

    @ParameterizedTest
    @ValueSource(ints = { 32, 40, 64 })
    void aRandomPasswordFails(int length) {
        // Given: letters and digits as a password generator makes them (a rare draw of few digits aside: retried)
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        String password = null;
        for (int attempt = 0; attempt < 20 && password == null; attempt++) {
            StringBuilder drawn = new StringBuilder();
            java.security.SecureRandom random = new java.security.SecureRandom();
            for (int i = 0; i < length; i++) {
                drawn.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            password = SecretPatterns.looksGenerated(drawn.toString()) ? drawn.toString() : null;
        }
        Render render = withEnvValue(password);

        // When
        List<String> violations = RULES.check(render);

        // Then
        assertEquals(List.of("Deployment/svc-a /spec/template/spec/containers/0/env/3/value: a random-looking string of " + length
                + " characters (" + password.substring(0, 6) + "…)"), violations);
    }

    @ParameterizedTest
    @ValueSource(strings = { "-Xmx160m -XX:+UseSerialGC -XX:ReservedCodeCacheSize=64m -Djava.util.logging.manager=org.jboss.logmanager.LogManager",
            "https://integrations.example.com/oauth/google/callback", "<from your secret store>", "integrations-db-rw.crm-integrations.svc",
            "org.apache.kafka.common.security.scram.ScramLoginModule", "crm-integrations/token-service@sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5",
            "INTEGRATIONS_PROVIDERS_MICROSOFT_CLIENT_SECRET", "status-service.rebuild.generation2026" })
    void ordinaryValuesPass(String value) {
        // Given
        Render render = withEnvValue(value);

        // When
        List<String> violations = RULES.check(render);

        // Then
        assertEquals(List.of(), violations);
    }

    @Test
    void theReadmeDocumentsSecretsByCommandMentionAndTable() {
        // Given
        String readme = """
                3. **The Secret** `integrations-secrets`, with two keys.
                7. **The Ingress**: replace the TLS secret name `integrations-tls`.

                ## Secrets

                | Secret | keys | read by |
                |---|---|---|
                | `token-service-secrets` | `INTEGRATIONS_TOKEN_ENCRYPTION_KEYS` | token-service |
                | `integrations-db-token-service`, `-calendar-service` | `username`, `password` | that service |

                ```shell
                kubectl -n crm-integrations create secret generic token-refresh-client \\
                  --from-literal=INTEGRATIONS_OPERATOR_CLIENT_ID='<…>'
                kubectl create secret generic "other-secret" --from-literal=A=b
                ```
                """;

        // When
        Set<String> documented = SecretRules.documented(readme);

        // Then
        assertEquals(Set.of("integrations-secrets", "integrations-tls", "token-service-secrets", "integrations-db-token-service",
                "integrations-db-calendar-service", "token-refresh-client", "other-secret"), documented);
    }

    @Test
    void aFileHoldingAKeyIsFoundAndNodeModulesAreNotScanned(@TempDir Path deploy) throws IOException {
        // Given
        Files.writeString(deploy.resolve("README.md"), "Create the Secret from your secret store.\n");
        Files.createDirectories(deploy.resolve("kubernetes"));
        Files.writeString(deploy.resolve("kubernetes/token-service.yaml"),
                "env:\n  - name: KEYS\n    value: k1:" + Fixtures.randomBase64(32) + "\n");
        Files.createDirectories(deploy.resolve("validation/node_modules/x"));
        Files.writeString(deploy.resolve("validation/node_modules/x/key.pem"), Fixtures.pem());

        // When
        List<String> findings = SecretRules.scanFiles(deploy);

        // Then
        assertEquals(1, findings.size(), findings.toString());
        assertTrue(findings.get(0).startsWith("kubernetes/token-service.yaml:3: the base64 of 32 bytes"), findings.toString());
    }
}
