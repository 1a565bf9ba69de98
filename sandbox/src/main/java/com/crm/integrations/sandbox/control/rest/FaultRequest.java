package com.crm.integrations.sandbox.control.rest;

import com.crm.integrations.sandbox.control.FaultRule;
import com.crm.integrations.sandbox.control.RequestMatcher;
import com.crm.integrations.sandbox.error.InvalidRequestException;

/**
 * The JSON body of {@code POST /control/faults}. An unknown field is refused (see application.properties): a misspelt
 * {@code "time"} must not silently make an unlimited rule.
 */
public record FaultRequest(String method, String path, Integer times, Integer status, String body, String contentType,
        String retryAfter) {

    /** @throws InvalidRequestException when a field is missing, malformed or out of range */
    FaultRule toRule() {
        if (status == null) {
            throw new InvalidRequestException("status is required");
        }
        return new FaultRule(RequestMatcher.of(method, path), times, status, body, contentType, retryAfter);
    }
}
