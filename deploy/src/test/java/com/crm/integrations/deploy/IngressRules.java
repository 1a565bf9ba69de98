package com.crm.integrations.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Ingress routes the public API prefixes of deploy/README.md's Routing table, each to its service, and nothing
 * that reaches {@code /internal} (service to service), {@code /admin} (operators) or {@code /q} (health, metrics,
 * OpenAPI): no such path, no prefix that covers one ({@code /}), no default backend.
 */
final class IngressRules {

    static final List<String> PRIVATE = List.of("/internal", "/admin", "/q");

    private static final Pattern TABLE_ROW = Pattern.compile("^\\|([^|]+)\\|([^|]+)\\|.*$");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    private final Map<String, String> routes;

    /** @param routes the public prefixes and the service each goes to */
    IngressRules(Map<String, String> routes) {
        this.routes = Map.copyOf(routes);
    }

    static IngressRules ofProject() {
        return new IngressRules(routes(Project.read(Project.deploy().resolve("README.md"))));
    }

    /** The "## Routing" table of deploy/README.md: {@code | `/a`, `/b` | service |} rows. */
    static Map<String, String> routes(String readme) {
        Map<String, String> routes = new LinkedHashMap<>();
        boolean inSection = false;
        for (String line : readme.lines().toList()) {
            if (line.startsWith("#")) {
                inSection = line.matches("#+\\s*Routing\\s*");
                continue;
            }
            Matcher row = TABLE_ROW.matcher(line.trim());
            if (inSection && row.matches()) {
                String service = row.group(2).replace("`", "").trim();
                Matcher prefix = CODE.matcher(row.group(1));
                while (prefix.find()) {
                    if (prefix.group(1).startsWith("/")) {
                        routes.put(prefix.group(1), service);
                    }
                }
            }
        }
        if (routes.isEmpty()) {
            throw new IllegalStateException("deploy/README.md has no Routing table of public prefixes (| `/prefix` | service |)");
        }
        return routes;
    }

    List<String> check(Render render) {
        List<String> violations = new ArrayList<>();
        Map<String, String> routed = new LinkedHashMap<>();
        for (JsonNode ingress : render.ofKind("Ingress")) {
            String id = Render.id(ingress);
            if (ingress.path("spec").has("defaultBackend")) {
                violations.add(id + ": a defaultBackend routes every path, " + PRIVATE + " included");
            }
            for (JsonNode rule : ingress.path("spec").path("rules")) {
                for (JsonNode path : rule.path("http").path("paths")) {
                    route(id, path, routed, violations);
                }
            }
        }
        if (!render.ofKind("Ingress").isEmpty()) {
            routes.forEach((prefix, service) -> {
                if (!routed.containsKey(prefix)) {
                    violations.add("no Ingress routes " + prefix + " (to " + service + "), which deploy/README.md lists as public");
                }
            });
        }
        return violations;
    }

    private void route(String id, JsonNode entry, Map<String, String> routed, List<String> violations) {
        String path = entry.path("path").asText("/");
        String type = entry.path("pathType").asText("ImplementationSpecific");
        String service = entry.path("backend").path("service").path("name").asText("(not a service)");
        for (String hidden : PRIVATE) {
            if (reaches(path, type, hidden)) {
                violations.add(id + ": path " + path + " (" + type + ") routes " + hidden + " to " + service);
            }
        }
        if (!"Prefix".equals(type) && !"Exact".equals(type)) {
            violations.add(id + ": path " + path + " has pathType " + type + ", whose matching depends on the controller: use Prefix");
        }
        String expected = routes.get(path);
        if (expected == null) {
            violations.add(id + ": routes " + path + " to " + service + ", not a public prefix of deploy/README.md's Routing table "
                    + routes.keySet());
        } else if (!expected.equals(service)) {
            violations.add(id + ": routes " + path + " to " + service + "; deploy/README.md says " + expected);
        }
        routed.put(path, service);
    }

    /**
     * Whether requests under {@code hidden} can match the path: a Prefix path matches by whole path elements
     * ({@code /} matches everything, {@code /qa} not {@code /q}); an Exact one only itself; any other type is taken as a
     * plain string prefix, the widest reading.
     */
    static boolean reaches(String path, String pathType, String hidden) {
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        boolean inside = trimmed.equals(hidden) || trimmed.startsWith(hidden + "/");
        switch (pathType) {
            case "Exact":
                return inside;
            case "Prefix":
                return inside || trimmed.equals("/") || hidden.startsWith(trimmed + "/");
            default:
                return inside || hidden.startsWith(trimmed) || trimmed.startsWith(hidden);
        }
    }
}
