package com.crm.integrations.sandbox.calendar.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.crm.integrations.sandbox.provider.ProviderRefusal;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads Graph's {@code $batch} envelope (PROVIDERS.md §4.4): {@code {"requests": [{"id", "method", "url", "headers"?,
 * "body"?, "dependsOn"?}]}}. The whole batch is refused (400 {@code BadRequest}) when it is not such JSON, holds no
 * request or more than the limit, repeats an id (compared case-insensitively), has a body without a
 * {@code Content-Type} header, or mixes independent requests with {@code dependsOn} (a batch is all parallel or one
 * sequential chain). A request with a full URL is answered 400 alone [unconf].
 */
final class GraphBatchEnvelope {

    /** The requests, in the order they run (a chain's order), and whether they form a chain. */
    record Requests(List<BatchItem> items, boolean chained) {
    }

    private static final Set<String> METHODS = Set.of("GET", "POST", "PATCH", "PUT", "DELETE");
    private static final Pattern ABSOLUTE = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");

    private GraphBatchEnvelope() {
    }

    /** @throws ProviderRefusal 400 for the whole batch */
    static Requests parse(byte[] body, int maxRequests, ObjectMapper json, String clientRequestId) {
        JsonNode requests;
        try {
            JsonNode root = body.length == 0 ? null : json.readTree(body);
            requests = root != null && root.isObject() ? root.get("requests") : null;
        } catch (IOException malformed) {
            requests = null;
        }
        if (requests == null || !requests.isArray()) {
            throw refusal("Invalid batch payload format: a JSON object with a requests array is expected.", clientRequestId);
        }
        if (requests.isEmpty() || requests.size() > maxRequests) {
            throw refusal("A batch holds 1 to " + maxRequests + " requests, not " + requests.size() + ".", clientRequestId);
        }
        Map<String, BatchItem> byId = new LinkedHashMap<>();
        Map<String, String> dependsOn = new HashMap<>();
        for (JsonNode request : requests) {
            BatchItem item = item(request, clientRequestId);
            if (byId.putIfAbsent(key(item.id()), item) != null) {
                throw refusal("Batch request ids must be unique: " + item.id() + " is repeated.", clientRequestId);
            }
            JsonNode depends = request.get("dependsOn");
            if (depends != null && !depends.isNull()) {
                if (!depends.isArray() || depends.size() != 1 || !depends.get(0).isTextual()) {
                    throw notAChain(clientRequestId);
                }
                dependsOn.put(key(item.id()), key(depends.get(0).asText()));
            }
        }
        if (dependsOn.isEmpty()) {
            return new Requests(List.copyOf(byId.values()), false);
        }
        return new Requests(chain(byId, dependsOn, clientRequestId), true);
    }

    private static BatchItem item(JsonNode request, String clientRequestId) {
        String id = text(request, "id");
        String method = text(request, "method");
        String url = text(request, "url");
        if (!request.isObject() || id == null || id.isEmpty() || method == null || url == null
                || !METHODS.contains(method.toUpperCase(Locale.ROOT))) {
            throw refusal("Each batch request needs an id, a method (GET, POST, PATCH, PUT, DELETE) and a url.", clientRequestId);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode given = request.get("headers");
        if (given != null && given.isObject()) {
            given.fields().forEachRemaining(header -> headers.put(header.getKey(), header.getValue().asText()));
        }
        JsonNode body = request.get("body");
        String text = null;
        if (body != null && !body.isNull()) {
            if (headers.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
                throw refusal("Write request id : " + id + " does not contain Content-Type header or body.", clientRequestId);
            }
            text = body.isTextual() ? base64(body.asText(), id, clientRequestId) : body.toString();
        }
        if (ABSOLUTE.matcher(url).matches()) {
            return BatchItem.rejected(id, GraphErrors.answer(400, "BadRequest", "Invalid request URL: a batch request's url is relative, "
                    + "such as /me/events.", headers.get("client-request-id"), null));
        }
        String relative = url.startsWith("/") ? url : "/" + url;
        int question = relative.indexOf('?');
        return new BatchItem(id, method.toUpperCase(Locale.ROOT), question < 0 ? relative : relative.substring(0, question),
                question < 0 ? null : relative.substring(question + 1), headers, text, null);
    }

    /** The requests from the one that depends on none to the last; every other depends on exactly the one before it. */
    private static List<BatchItem> chain(Map<String, BatchItem> byId, Map<String, String> dependsOn, String clientRequestId) {
        Map<String, String> next = new HashMap<>();
        for (Map.Entry<String, String> edge : dependsOn.entrySet()) {
            if (!byId.containsKey(edge.getValue()) || next.put(edge.getValue(), edge.getKey()) != null) {
                throw notAChain(clientRequestId);
            }
        }
        List<String> heads = byId.keySet().stream().filter(id -> !dependsOn.containsKey(id)).toList();
        if (heads.size() != 1) {
            throw notAChain(clientRequestId);
        }
        List<BatchItem> ordered = new ArrayList<>(byId.size());
        for (String id = heads.get(0); id != null && ordered.size() < byId.size(); id = next.get(id)) {
            ordered.add(byId.get(id));
        }
        if (ordered.size() != byId.size()) {
            throw notAChain(clientRequestId);
        }
        return ordered;
    }

    private static String base64(String body, String id, String clientRequestId) {
        try {
            return new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            throw refusal("The body of request " + id + " is neither JSON nor base64.", clientRequestId);
        }
    }

    private static String text(JsonNode request, String field) {
        JsonNode value = request.get(field);
        return value == null || !value.isValueNode() || value.isNull() ? null : value.asText();
    }

    private static String key(String id) {
        return id.toLowerCase(Locale.ROOT);
    }

    private static ProviderRefusal notAChain(String clientRequestId) {
        return refusal("A batch is either all parallel or one sequential chain, each request depending on the one before it.", clientRequestId);
    }

    private static ProviderRefusal refusal(String message, String clientRequestId) {
        return GraphErrors.refusal(400, "BadRequest", message, clientRequestId);
    }
}
