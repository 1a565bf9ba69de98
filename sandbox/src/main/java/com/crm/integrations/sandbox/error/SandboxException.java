package com.crm.integrations.sandbox.error;

/**
 * A request the sandbox refuses, for a reason the caller can act on. Each subclass is one
 * RFC 6749 §5.2 style error code; {@link ErrorMappers} maps each to its HTTP status.
 * Descriptions never carry a secret or a token.
 */
public abstract class SandboxException extends RuntimeException {

    protected SandboxException(String description) {
        // The caller's mistake, not a bug: no stack trace.
        super(description, null, false, false);
    }

    /** The {@code error} code of the response body. */
    public abstract String error();
}
