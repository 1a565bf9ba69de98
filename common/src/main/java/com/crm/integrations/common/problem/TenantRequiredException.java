package com.crm.integrations.common.problem;

/** The caller's token carries no usable tenant. */
public class TenantRequiredException extends IntegrationException {

    public TenantRequiredException(String message) {
        super(message);
    }
}
