package com.crm.integrations.sandbox.mailchimp.rest;

/** The body of {@code PUT /control/mailchimp/connections}: requests of one account in flight at once, 0 for no limit. */
public record LimitRequest(Integer limit) {
}
