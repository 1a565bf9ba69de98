package com.crm.integrations.mailchimp;

import java.util.List;
import java.util.Map;

import com.crm.integrations.testing.IntegrationInfrastructure;

/**
 * mailchimp-service's tests' infrastructure, named by every test class (so the app and all of this start once): the
 * shared one with the real token-service beside it, which mailchimp-service asks for connection facts and Mailchimp
 * tokens and whose {@code connection.changed} events it consumes.
 */
public class MailchimpInfrastructure extends IntegrationInfrastructure {

    public MailchimpInfrastructure() {
        super(List.of(), Map.of(TOKEN_SERVICE_ARG, "true"));
    }
}
