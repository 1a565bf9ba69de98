package com.crm.integrations.sandbox.error;

/** A grant type the sandbox's token endpoint does not issue tokens for. */
public class UnsupportedGrantTypeException extends SandboxException {

    public UnsupportedGrantTypeException(String description) {
        super(description);
    }

    @Override
    public String error() {
        return "unsupported_grant_type";
    }
}
