package com.crm.integrations.calendar.client;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.crm.integrations.common.retry.RetryAfter;

import io.vertx.core.json.JsonObject;

/**
 * The answer to one call of a provider batch, as the provider gave it inside the batch's answer.
 *
 * @param id      the call's id
 * @param status  its own HTTP status
 * @param headers its own headers, names compared without case
 * @param body    its JSON body; empty when it had none (or none that parses)
 */
public record BatchAnswer(String id, int status, Map<String, String> headers, JsonObject body) {

    public BatchAnswer {
        TreeMap<String, String> caseless = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            caseless.putAll(headers);
        }
        headers = caseless;
        body = body == null ? new JsonObject() : body;
    }

    public boolean succeeded() {
        return status >= 200 && status < 300;
    }

    /** The call's own {@code Retry-After}, when it carries one. */
    public Optional<Duration> retryAfter(Instant now) {
        return RetryAfter.parse(headers.get("Retry-After"), now);
    }

    /** The provider's error reason (Google {@code error.errors[0].reason}) or code (Graph {@code error.code}), or null. */
    public String providerCode() {
        JsonObject error = body.getJsonObject("error");
        if (error == null) {
            return null;
        }
        var errors = error.getJsonArray("errors");
        if (errors != null && !errors.isEmpty() && errors.getValue(0) instanceof JsonObject first && first.getString("reason") != null) {
            return first.getString("reason");
        }
        return error.getValue("code") instanceof String code && !code.isEmpty() ? code : null;
    }

    /** The provider's error message, or null. */
    public String providerMessage() {
        JsonObject error = body.getJsonObject("error");
        return error == null ? null : error.getString("message");
    }
}
