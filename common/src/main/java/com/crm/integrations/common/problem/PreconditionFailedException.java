package com.crm.integrations.common.problem;

/** The resource changed since the caller read it. */
public class PreconditionFailedException extends IntegrationException {

    public PreconditionFailedException(String message) {
        super(message);
    }
}
