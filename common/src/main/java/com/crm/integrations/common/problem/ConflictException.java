package com.crm.integrations.common.problem;

/** The request conflicts with the resource's current state (e.g. it is already revoked): 409. */
public class ConflictException extends IntegrationException {

    public ConflictException(String message) {
        super(message);
    }
}
