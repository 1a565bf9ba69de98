package com.crm.integrations.calendar.client;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Graph's JSON batching on the wire (PROVIDERS.md §4.4): at most 20 requests, each with an id unique in the batch
 * (compared without case), a relative url, and headers with a {@code Content-Type} whenever it has a body; all in
 * parallel (no {@code dependsOn}). Answers come in any order and are matched by id.
 */
final class GraphBatchFormat {

    /** Graph's most requests in one batch. */
    static final int MAX_REQUESTS = 20;

    private GraphBatchFormat() {
    }

    static JsonObject request(List<BatchCall> calls) {
        if (calls.isEmpty() || calls.size() > MAX_REQUESTS) {
            throw new IllegalArgumentException("A Graph batch holds 1 to " + MAX_REQUESTS + " requests, not " + calls.size());
        }
        Set<String> ids = new HashSet<>();
        JsonArray requests = new JsonArray();
        for (BatchCall call : calls) {
            if (!ids.add(call.id().toLowerCase())) {
                throw new IllegalArgumentException("Request ids of a Graph batch are unique (without case): " + call.id());
            }
            JsonObject request = new JsonObject().put("id", call.id()).put("method", call.method().name()).put("url", call.path());
            JsonObject headers = new JsonObject();
            call.headers().forEach(headers::put);
            if (call.body() != null) {
                headers.put("Content-Type", "application/json");
                request.put("body", call.body());
            }
            if (!headers.isEmpty()) {
                request.put("headers", headers);
            }
            requests.add(request);
        }
        return new JsonObject().put("requests", requests);
    }

    /** The answers of a batch, by request id (an answer without an id is dropped: nothing could be matched to it). */
    static Map<String, BatchAnswer> response(JsonObject body) {
        Map<String, BatchAnswer> answers = new HashMap<>();
        for (Object item : body.getJsonArray("responses", new JsonArray())) {
            if (!(item instanceof JsonObject response) || response.getString("id") == null) {
                continue;
            }
            Map<String, String> headers = new HashMap<>();
            JsonObject given = response.getJsonObject("headers", new JsonObject());
            given.forEach(header -> headers.put(header.getKey(), String.valueOf(header.getValue())));
            Object answerBody = response.getValue("body");
            String id = response.getString("id");
            answers.put(id, new BatchAnswer(id, response.getInteger("status", 500), headers,
                    answerBody instanceof JsonObject json ? json : new JsonObject()));
        }
        return answers;
    }
}
