package com.crm.integrations.sandbox.mailchimp.rest;

/**
 * The body of {@code PUT /control/mailchimp/signup-limit}: how many times an address may be signed up through the API
 * within the window ({@code max}, 0 for no limit) and the window in seconds; each absent keeps the figure in force.
 */
public record SignupLimitRequest(Integer max, Long windowSeconds) {
}
