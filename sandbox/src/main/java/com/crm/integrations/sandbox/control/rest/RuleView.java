package com.crm.integrations.sandbox.control.rest;

import com.crm.integrations.sandbox.control.ActiveRule;
import com.crm.integrations.sandbox.control.FaultRule;
import com.crm.integrations.sandbox.control.LatencyRule;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A rule in force as the control API shows it. {@code remaining} is {@code null} for a rule that applies until removed;
 * {@code share} is the share of the matching requests it takes (1: every one); {@code method} is absent when any method
 * matches; {@code close} (faults only) is {@code true} for a rule that closes the connection, which then has no
 * {@code status}, {@code body}, {@code contentType} or {@code retryAfter}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleView(
        String id,
        String type,
        String method,
        String path,
        @JsonInclude(JsonInclude.Include.ALWAYS) Integer remaining,
        double share,
        String when,
        Boolean close,
        Integer status,
        String body,
        String contentType,
        String retryAfter,
        Long millis) {

    static RuleView of(ActiveRule active) {
        String method = active.rule().matcher().method();
        String path = active.rule().matcher().path().value();
        Integer remaining = active.remaining();
        double share = active.rule().share();
        if (active.rule() instanceof FaultRule fault) {
            FaultRule.Answer answer = fault.answer();
            return answer == null
                    ? new RuleView(active.id(), "fault", method, path, remaining, share, fault.when().wireName(), true, null, null, null, null,
                            null)
                    : new RuleView(active.id(), "fault", method, path, remaining, share, fault.when().wireName(), false, answer.status(),
                            answer.body(), answer.contentType(), answer.retryAfter(), null);
        }
        LatencyRule latency = (LatencyRule) active.rule();
        return new RuleView(active.id(), "latency", method, path, remaining, share, latency.when().wireName(), null, null, null, null, null,
                latency.millis());
    }
}
