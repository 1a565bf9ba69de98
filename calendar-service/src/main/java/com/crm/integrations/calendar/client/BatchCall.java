package com.crm.integrations.calendar.client;

import java.util.Map;
import java.util.Objects;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

/**
 * One call inside a provider batch.
 *
 * @param id      unique within its batch: how its answer is found again (Google's {@code Content-ID}, Graph's {@code id})
 * @param method  the call's method
 * @param path    the path (with query) the provider's batch takes: Google's from the host
 *                ({@code /calendar/v3/calendars/primary/events?sendUpdates=none}), Graph's from the version ({@code /me/events})
 * @param headers the call's own headers ({@code If-Match}, …); {@code Content-Type} is set for a body
 * @param body    the JSON body, or null
 */
public record BatchCall(String id, HttpMethod method, String path, Map<String, String> headers, JsonObject body) {

    public BatchCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("A batched call's path is relative to the provider's host and starts with /: " + path);
        }
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }
}
