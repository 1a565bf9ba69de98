package com.crm.integrations.sandbox.error;

/** A requested scope the sandbox does not grant. */
public class InvalidScopeException extends SandboxException {

    public InvalidScopeException(String description) {
        super(description);
    }

    @Override
    public String error() {
        return "invalid_scope";
    }
}
