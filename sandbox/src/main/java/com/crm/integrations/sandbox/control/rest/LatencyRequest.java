package com.crm.integrations.sandbox.control.rest;

import com.crm.integrations.sandbox.control.LatencyRule;
import com.crm.integrations.sandbox.control.RequestMatcher;
import com.crm.integrations.sandbox.error.InvalidRequestException;

/**
 * The JSON body of {@code POST /control/latency}. An unknown field is refused (see application.properties): a misspelt
 * {@code "time"} must not silently make an unlimited rule.
 */
public record LatencyRequest(String method, String path, Long millis, Integer times) {

    /** @throws InvalidRequestException when a field is missing, malformed or out of range */
    LatencyRule toRule() {
        if (millis == null) {
            throw new InvalidRequestException("millis is required");
        }
        return new LatencyRule(RequestMatcher.of(method, path), times, millis);
    }
}
