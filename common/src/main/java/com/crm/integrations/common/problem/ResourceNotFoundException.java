package com.crm.integrations.common.problem;

/** The resource does not exist, or it belongs to another tenant. */
public class ResourceNotFoundException extends IntegrationException {

    public ResourceNotFoundException(String message) {
        super(message);
    }
}
