package com.crm.integrations.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

class IngressRulesTest {

    private static final IngressRules RULES = new IngressRules(Map.of("/api", "svc-a"));

    private static Render withPath(String path, String pathType) {
        Render render = Fixtures.render("prod", Fixtures.INGRESS);
        ArrayNode paths = (ArrayNode) Fixtures.object(render, "Ingress", "public").at("/spec/rules/0/http/paths");
        ObjectNode added = paths.addObject().put("path", path).put("pathType", pathType);
        added.putObject("backend").putObject("service").put("name", "svc-a").putObject("port").put("name", "http");
        return render;
    }

    @Test
    void theFixtureKeepsEveryRule() {
        // Given
        Render render = Fixtures.render("prod", Fixtures.INGRESS);

        // When
        List<String> violations = RULES.check(render);

        // Then
        assertEquals(List.of(), violations);
    }

    @Test
    void aRuleForInternalFails() {
        // Given
        Render render = withPath("/internal", "Prefix");

        // When
        List<String> violations = RULES.check(render);

        // Then
        assertTrue(violations.contains("Ingress/public: path /internal (Prefix) routes /internal to svc-a"), violations.toString());
    }

    @Test
    void aRootPrefixRoutesEverythingPrivateAndFails() {
        // Given
        Render render = withPath("/", "Prefix");

        // When
        List<String> violations = RULES.check(render);

        // Then
        assertTrue(violations.containsAll(List.of("Ingress/public: path / (Prefix) routes /internal to svc-a",
                "Ingress/public: path / (Prefix) routes /admin to svc-a", "Ingress/public: path / (Prefix) routes /q to svc-a")),
                violations.toString());
    }

    @Test
    void aPathUnderAdminFails() {
        // Given
        Render render = withPath("/admin/key-rotations", "Exact");

        // When
        List<String> violations = RULES.check(render);

        // Then
        assertTrue(violations.contains("Ingress/public: path /admin/key-rotations (Exact) routes /admin to svc-a"), violations.toString());
    }

    @Test
    void aDefaultBackendFails() {
        // Given
        Render render = Fixtures.render("prod", Fixtures.INGRESS);
        Fixtures.object(render, "Ingress", "public").with("spec").putObject("defaultBackend").putObject("service").put("name", "svc-a");

        // When
        List<String> violations = RULES.check(render);

        // Then
        assertEquals(List.of("Ingress/public: a defaultBackend routes every path, [/internal, /admin, /q] included"), violations);
    }

    @Test
    void aPrefixTheReadmeDoesNotListFails() {
        // Given
        Render render = withPath("/debug", "Prefix");

        // When
        List<String> violations = RULES.check(render);

        // Then
        assertEquals(List.of("Ingress/public: routes /debug to svc-a, not a public prefix of deploy/README.md's Routing table [/api]"),
                violations);
    }

    @Test
    void aPublicPrefixNoIngressRoutesFails() {
        // Given
        Render render = Fixtures.render("prod", Fixtures.INGRESS.replace("path: /api", "path: /apis"));

        // When
        List<String> violations = RULES.check(render);

        // Then
        assertTrue(violations.contains("no Ingress routes /api (to svc-a), which deploy/README.md lists as public"), violations.toString());
    }

    @Test
    void prefixesMatchWholePathElements() {
        assertTrue(IngressRules.reaches("/q", "Prefix", "/q"));
        assertTrue(IngressRules.reaches("/q/", "Prefix", "/q"));
        assertTrue(IngressRules.reaches("/q/health", "Exact", "/q"));
        assertFalse(IngressRules.reaches("/queue", "Prefix", "/q"));
        assertFalse(IngressRules.reaches("/adminer", "Exact", "/admin"));
        assertTrue(IngressRules.reaches("/adminer", "ImplementationSpecific", "/admin"));
        assertTrue(IngressRules.reaches("/", "ImplementationSpecific", "/internal"));
    }

    @Test
    void theReadmesRoutingTableGivesThePublicPrefixes() {
        // Given
        String readme = """
                # Deploying

                | prefix | service |
                |---|---|
                | `/elsewhere` | not-routing |

                ## Routing

                | prefix | service |
                |---|---|
                | `/connection-policy`, `/connections`, `/oauth` | token-service |
                | `/status` | `status-service` |

                `/q` (health) matches no rule.
                """;

        // When
        Map<String, String> routes = IngressRules.routes(readme);

        // Then
        assertEquals(Map.of("/connection-policy", "token-service", "/connections", "token-service", "/oauth", "token-service", "/status",
                "status-service"), routes);
    }
}
