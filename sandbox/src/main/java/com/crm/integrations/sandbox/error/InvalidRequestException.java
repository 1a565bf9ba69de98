package com.crm.integrations.sandbox.error;

/** A request that is missing a parameter, repeats one, or carries a malformed or out-of-range value. */
public class InvalidRequestException extends SandboxException {

    public InvalidRequestException(String description) {
        super(description);
    }

    @Override
    public String error() {
        return "invalid_request";
    }
}
