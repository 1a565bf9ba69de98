package com.crm.integrations.token.service;

import java.time.Duration;

import com.crm.integrations.common.problem.UnavailableException;
import com.crm.integrations.common.retry.ProviderCallException;
import com.crm.integrations.token.ProviderDefinition;

/** The provider did not answer as expected while we checked what the caller gave us; nothing was stored (503). */
public class ProviderUnavailableException extends UnavailableException {

    public ProviderUnavailableException(ProviderDefinition provider, ProviderCallException failure) {
        super(provider.displayName() + " did not answer as expected (" + failure.category().wireName() + "); nothing was stored",
                failure.retryAfter().orElse(Duration.ofSeconds(5)));
    }
}
