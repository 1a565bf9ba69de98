package com.crm.integrations.sandbox.control.rest;

import com.crm.integrations.sandbox.control.FaultRule;
import com.crm.integrations.sandbox.control.RequestMatcher;
import com.crm.integrations.sandbox.control.Rule;
import com.crm.integrations.sandbox.control.When;
import com.crm.integrations.sandbox.error.InvalidRequestException;

/**
 * The JSON body of {@code POST /control/faults}. An unknown field is refused (see application.properties): a misspelt
 * {@code "time"} must not silently make an unlimited rule.
 *
 * @param share the share of the matching requests the rule takes, 0 &lt; share &le; 1 (default 1: every one)
 * @param when {@code before} (default) or {@code after}
 * @param close {@code true}: close the connection without an answer (then no status, body, contentType or retryAfter)
 */
public record FaultRequest(String method, String path, Integer times, Double share, String when, Boolean close, Integer status,
        String body, String contentType, String retryAfter) {

    /** @throws InvalidRequestException when a field is missing, malformed, out of range or contradicts another */
    FaultRule toRule() {
        RequestMatcher matcher = RequestMatcher.of(method, path);
        if (Boolean.TRUE.equals(close)) {
            if (status != null || body != null || contentType != null || retryAfter != null) {
                throw new InvalidRequestException("a rule that closes the connection sends no answer: leave out status, body, contentType and retryAfter");
            }
            return new FaultRule(matcher, times, Rule.shareOrEvery(share), When.of(when), null);
        }
        if (status == null) {
            throw new InvalidRequestException("status is required (or close: true)");
        }
        return new FaultRule(matcher, times, Rule.shareOrEvery(share), When.of(when), new FaultRule.Answer(status, body, contentType, retryAfter));
    }
}
