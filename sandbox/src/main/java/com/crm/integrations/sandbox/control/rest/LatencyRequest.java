package com.crm.integrations.sandbox.control.rest;

import com.crm.integrations.sandbox.control.LatencyRule;
import com.crm.integrations.sandbox.control.RequestMatcher;
import com.crm.integrations.sandbox.control.Rule;
import com.crm.integrations.sandbox.control.When;
import com.crm.integrations.sandbox.error.InvalidRequestException;

/**
 * The JSON body of {@code POST /control/latency}. An unknown field is refused (see application.properties): a misspelt
 * {@code "time"} must not silently make an unlimited rule.
 *
 * @param share the share of the matching requests the rule takes, 0 &lt; share &le; 1 (default 1: every one)
 * @param when {@code before} (default: the request waits) or {@code after} (the endpoint runs at once, its answer waits)
 */
public record LatencyRequest(String method, String path, Long millis, Integer times, Double share, String when) {

    /** @throws InvalidRequestException when a field is missing, malformed or out of range */
    LatencyRule toRule() {
        if (millis == null) {
            throw new InvalidRequestException("millis is required");
        }
        return new LatencyRule(RequestMatcher.of(method, path), times, Rule.shareOrEvery(share), millis, When.of(when));
    }
}
