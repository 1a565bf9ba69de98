package com.crm.integrations.reliability;

import com.crm.integrations.reliability.OpenApi.Operation;
import com.crm.integrations.reliability.OpenApi.Parameter;
import com.crm.integrations.reliability.Probe.Request;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The hostile requests for one operation, each named: every path parameter and every query parameter replaced by
 * garbage in turn, bodies that are not JSON, of the wrong shape, of the wrong types, nulls, huge numbers, deep nesting
 * and over the size limit, wrong and missing Content-Types, bad Accept, If-None-Match, If-Match and Last-Event-ID
 * values. The other values stay plausible (a random UUID in each path parameter) so that each case tests one thing.
 */
final class HostileCases {

    /** A case: its name (stable, for the known-defect list) and the request. */
    record Case(String name, Request request) {
    }

    /** The smallest body limit (common's 1 MiB). */
    static final int SMALLEST_LIMIT = 1024 * 1024;

    /** Just over {@code service}'s documented body limit: 4 MiB at calendar-service (its batches), 1 MiB elsewhere. */
    static int overLimit(String service) {
        return (service.equals("calendar-service") ? 4 : 1) * 1024 * 1024 + 64 * 1024;
    }

    static final Map<String, String> PATH_VALUES = ordered(
            "not-a-uuid", "not-a-uuid",
            "traversal", "..%2F..%2F..%2Fetc%2Fpasswd",
            "raw-traversal", "../../../etc/passwd",
            "very-long", "a".repeat(4000),
            "nul", "%00",
            "sql", encode("1' OR '1'='1' --"),
            "json", encode("{\"$gt\":\"\"}"),
            "negative", "-1",
            "huge-number", "99999999999999999999999999",
            "nil-uuid", "00000000-0000-0000-0000-000000000000",
            "unicode", encode("\u202e\u0000\uFFFF𝕏"));

    static final Map<String, String> QUERY_VALUES = ordered(
            "wrong-type", "abc",
            "negative", "-1",
            "huge-number", "99999999999999999999999999",
            "float", "1e400",
            "very-long", "q".repeat(6000),
            "nul", "%00",
            "sql", encode("' OR 1=1 --"),
            "empty", "",
            "date-garbage", "2026-13-45T99:99:99Z");

    private HostileCases() {
    }

    /**
     * The cases of {@code operation} at {@code baseUrl} with {@code token} (a user's, or an admin's of the same tenant).
     */
    static List<Case> of(Operation operation, String baseUrl, String token) {
        List<Case> cases = new ArrayList<>();
        Map<String, String> auth = token == null ? Map.of() : Map.of("Authorization", "Bearer " + token);
        Function<Map<String, String>, String> url = overrides -> baseUrl + fill(operation, overrides);
        String plain = url.apply(Map.of());
        byte[] validish = "{}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> json = with(auth, "Content-Type", "application/json");

        cases.add(new Case("plain", new Request(operation.method().toUpperCase(), plain, auth, operation.hasBody() ? validish : null)));
        for (Parameter parameter : operation.in("path")) {
            PATH_VALUES.forEach((name, value) -> cases.add(new Case("path " + parameter.name() + " " + name,
                    new Request(operation.method().toUpperCase(), url.apply(Map.of(parameter.name(), value)), json(operation, auth),
                            operation.hasBody() ? validish : null))));
        }
        List<Parameter> queries = new ArrayList<>(operation.in("query"));
        for (Parameter parameter : queries) {
            QUERY_VALUES.forEach((name, value) -> cases.add(new Case("query " + parameter.name() + " " + name,
                    new Request(operation.method().toUpperCase(), plain + "?" + parameter.name() + "=" + value, json(operation, auth),
                            operation.hasBody() ? validish : null))));
            cases.add(new Case("query " + parameter.name() + " repeated", new Request(operation.method().toUpperCase(),
                    plain + "?" + parameter.name() + "=1&" + parameter.name() + "=abc&" + parameter.name() + "=",
                    json(operation, auth), operation.hasBody() ? validish : null)));
        }
        cases.add(new Case("query unknown huge", new Request(operation.method().toUpperCase(),
                plain + "?" + "x".repeat(100) + "=" + "y".repeat(8000), json(operation, auth), operation.hasBody() ? validish : null)));

        String method = operation.method().toUpperCase();
        if (operation.hasBody() || Set.of("POST", "PUT", "PATCH").contains(method)) {
            Map<String, byte[]> bodies = new LinkedHashMap<>();
            bodies.put("not-json", "{\"a\": nope,".getBytes(StandardCharsets.UTF_8));
            bodies.put("empty", new byte[0]);
            bodies.put("array", "[]".getBytes(StandardCharsets.UTF_8));
            bodies.put("string", "\"text\"".getBytes(StandardCharsets.UTF_8));
            bodies.put("number", "42".getBytes(StandardCharsets.UTF_8));
            bodies.put("null", "null".getBytes(StandardCharsets.UTF_8));
            bodies.put("huge-number", "{\"n\": 1e999999, \"m\": 123456789012345678901234567890123456789}".getBytes(StandardCharsets.UTF_8));
            bodies.put("deep-array", ("[".repeat(5000) + "]".repeat(5000)).getBytes(StandardCharsets.UTF_8));
            bodies.put("deep-object", ("{\"a\":".repeat(3000) + "1" + "}".repeat(3000)).getBytes(StandardCharsets.UTF_8));
            bodies.put("invalid-utf8", new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
            bodies.put("duplicate-keys", "{\"a\":1,\"a\":\"two\"}".getBytes(StandardCharsets.UTF_8));
            bodies.put("over-limit", ("{\"x\":\"" + "a".repeat(overLimit(operation.service())) + "\"}").getBytes(StandardCharsets.UTF_8));
            operation.bodyProperties().forEach((property, type) -> {
                bodies.put("wrong-type " + property, ("{\"" + property + "\":" + wrongValue(type) + "}").getBytes(StandardCharsets.UTF_8));
                bodies.put("null " + property, ("{\"" + property + "\":null}").getBytes(StandardCharsets.UTF_8));
                bodies.put("huge " + property, ("{\"" + property + "\":" + hugeValue(type) + "}").getBytes(StandardCharsets.UTF_8));
            });
            if (!operation.bodyProperties().isEmpty()) {
                Map<String, String> all = operation.bodyProperties();
                StringBuilder wrongAll = new StringBuilder("{");
                all.forEach((property, type) -> wrongAll.append(wrongAll.length() > 1 ? "," : "").append('"').append(property)
                        .append("\":").append(wrongValue(type)));
                bodies.put("wrong-type all", wrongAll.append('}').toString().getBytes(StandardCharsets.UTF_8));
            }
            bodies.forEach((name, body) -> cases.add(new Case("body " + name, new Request(method, plain, json, body))));
            cases.add(new Case("content-type text", new Request(method, plain, with(auth, "Content-Type", "text/plain"), validish)));
            cases.add(new Case("content-type xml", new Request(method, plain, with(auth, "Content-Type", "application/xml"),
                    "<a>1</a>".getBytes(StandardCharsets.UTF_8))));
            cases.add(new Case("content-type form", new Request(method, plain,
                    with(auth, "Content-Type", "application/x-www-form-urlencoded"), "a=1&b=%00".getBytes(StandardCharsets.UTF_8))));
            cases.add(new Case("content-type garbage", new Request(method, plain, with(auth, "Content-Type", "}{; ;charset=nope"),
                    validish)));
            cases.add(new Case("content-type bad charset", new Request(method, plain,
                    with(auth, "Content-Type", "application/json; charset=klingon"), validish)));
        }

        Map<String, String> headerCases = ordered(
                "Accept", "application/xml",
                "Accept", "}{ garbage",
                "If-None-Match", "not-quoted-garbage",
                "If-None-Match", "W/\"",
                "If-Match", "\"\\\"",
                "Last-Event-ID", "garbage' OR 1=1 --",
                "Last-Event-ID", "-99999999999999999999999",
                "Accept-Language", "}}}",
                "Authorization", "Bearer not-a-jwt");
        int index = 0;
        for (Map.Entry<String, String> header : headerCases.entrySet()) {
            String name = header.getKey().substring(0, header.getKey().indexOf('#'));
            Map<String, String> headers = json(operation, auth);
            headers.put(name, header.getValue());
            cases.add(new Case("header " + name + " " + index++, new Request(method, plain, headers, operation.hasBody() ? validish : null)));
        }
        return cases;
    }

    /** {@code operation}'s path with a random UUID in each parameter, unless {@code overrides} names its value (as sent). */
    static String fill(Operation operation, Map<String, String> overrides) {
        String path = operation.path();
        for (Parameter parameter : operation.in("path")) {
            String value = overrides.getOrDefault(parameter.name(), samplePathValue(operation, parameter));
            path = path.replace("{" + parameter.name() + "}", value);
        }
        return path;
    }

    private static String samplePathValue(Operation operation, Parameter parameter) {
        if (parameter.name().equals("provider")) {
            return "google";
        }
        if (parameter.name().equals("tenantId")) {
            return "t-" + UUID.randomUUID().toString().substring(0, 8);
        }
        return UUID.randomUUID().toString();
    }

    private static Map<String, String> json(Operation operation, Map<String, String> auth) {
        return operation.hasBody() ? with(auth, "Content-Type", "application/json") : new LinkedHashMap<>(auth);
    }

    private static String wrongValue(String type) {
        return switch (type) {
            case "string" -> "{\"nested\":[1,2]}";
            case "integer", "number" -> "\"NaN\"";
            case "boolean" -> "\"yes\"";
            case "array" -> "{\"not\":\"an array\"}";
            case "object" -> "[1,\"two\",null]";
            default -> "12345";
        };
    }

    private static String hugeValue(String type) {
        return switch (type) {
            case "integer", "number" -> "9".repeat(400);
            case "array" -> "[" + "\"x\",".repeat(20000) + "\"x\"]";
            default -> "\"" + "Z".repeat(200_000) + "\"";
        };
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Map<String, String> with(Map<String, String> base, String name, String value) {
        Map<String, String> headers = new LinkedHashMap<>(base);
        headers.put(name, value);
        return headers;
    }

    /** Pairs in order; a repeated key gets {@code #n} appended (stripped by the caller where it matters). */
    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i] + "#" + i, pairs[i + 1]);
        }
        Map<String, String> clean = new LinkedHashMap<>();
        boolean headerStyle = pairs.length > 0 && Character.isUpperCase(pairs[0].charAt(0));
        map.forEach((key, value) -> clean.put(headerStyle ? key : key.substring(0, key.indexOf('#')), value));
        return clean;
    }
}
