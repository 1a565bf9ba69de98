package com.crm.integrations.sandbox.calendar.service;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.crm.integrations.sandbox.provider.ApiAnswer;

/**
 * The answer to one inner request of a batch.
 *
 * @param body the JSON body; {@code null} for none (204)
 * @param headers the provider's own headers ({@code Retry-After}, Graph's {@code request-id}); not {@code Content-Type}
 * @param faultId the item-fault rule that gave this answer, or {@code null}
 */
public record ItemAnswer(int status, Map<String, Object> body, Map<String, String> headers, String faultId) {

    /** On an inner answer an item-fault rule gave: the rule's id. */
    public static final String FAULT_HEADER = "X-Sandbox-Item-Fault";

    public ItemAnswer {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(headers, "headers")));
    }

    static ItemAnswer of(ApiAnswer answer) {
        return new ItemAnswer(answer.status(), answer.body(), answer.headers(), null);
    }

    static ItemAnswer ok(int status, Map<String, Object> body) {
        return new ItemAnswer(status, body, Map.of(), null);
    }

    static ItemAnswer noContent() {
        return new ItemAnswer(204, null, Map.of(), null);
    }

    /** A fault rule's answer in place of this one. */
    static ItemAnswer faulted(ApiAnswer answer, String ruleId) {
        Map<String, String> headers = new LinkedHashMap<>(answer.headers());
        headers.put(FAULT_HEADER, ruleId);
        return new ItemAnswer(answer.status(), answer.body(), headers, ruleId);
    }

    public boolean succeeded() {
        return status >= 200 && status < 300;
    }
}
