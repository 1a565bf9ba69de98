package com.crm.integrations.sandbox.error;

/** A resource of the sandbox's own API (e.g. a control rule) that does not exist. */
public class NotFoundException extends SandboxException {

    public NotFoundException(String description) {
        super(description);
    }

    @Override
    public String error() {
        return "not_found";
    }
}
