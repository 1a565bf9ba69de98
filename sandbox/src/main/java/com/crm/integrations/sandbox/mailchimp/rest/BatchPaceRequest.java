package com.crm.integrations.sandbox.mailchimp.rest;

/**
 * The body of {@code PUT /control/mailchimp/batches/processing}: how long a batch stays {@code pending}
 * ({@code startDelayMillis}) and how many operations run per second; each absent keeps the figure in force.
 */
public record BatchPaceRequest(Long startDelayMillis, Integer operationsPerSecond) {
}
