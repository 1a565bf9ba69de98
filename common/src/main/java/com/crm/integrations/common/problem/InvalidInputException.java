package com.crm.integrations.common.problem;

/** The input is well-formed but not acceptable. */
public class InvalidInputException extends IntegrationException {

    public InvalidInputException(String message) {
        super(message);
    }
}
