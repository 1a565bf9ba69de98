package com.crm.integrations.common.problem;

/** The caller is known but may not do this (another user's connection, a provider the tenant's policy does not allow): 403. */
public class OperationForbiddenException extends IntegrationException {

    public OperationForbiddenException(String message) {
        super(message);
    }
}
