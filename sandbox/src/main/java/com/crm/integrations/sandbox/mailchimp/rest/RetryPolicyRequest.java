package com.crm.integrations.sandbox.mailchimp.rest;

/**
 * The body of {@code PUT /control/mailchimp/webhooks/retry-policy}: each figure absent keeps the one in force. Millis
 * for durations; {@code factor} multiplies each retry's wait.
 */
public record RetryPolicyRequest(Long timeoutMillis, Long firstRetryMillis, Double factor, Long maxWindowMillis) {
}
