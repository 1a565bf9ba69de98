package com.crm.integrations.token;

import java.util.List;

import com.crm.integrations.testing.IntegrationInfrastructure;

/**
 * token-service's tests' infrastructure: the shared one, with the sandbox's stand-in apps accepting
 * this app's OAuth callbacks for every provider the tests connect (acme is the provider configured
 * by name over the sandbox's generic stand-in, which the local run calls generic).
 */
public class TokenServiceInfrastructure extends IntegrationInfrastructure {

    public TokenServiceInfrastructure() {
        super(List.of("google", "microsoft", "mailchimp", "generic", "acme"));
    }
}
