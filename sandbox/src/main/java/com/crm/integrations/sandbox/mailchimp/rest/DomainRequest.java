package com.crm.integrations.sandbox.mailchimp.rest;

/** The body of {@code PUT /control/mailchimp/accounts/{account}/domains/{domain}}: whether the account verified the domain. */
public record DomainRequest(Boolean verified) {
}
