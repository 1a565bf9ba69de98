package com.crm.integrations.sandbox.error;

/**
 * Client authentication failed: unknown client, wrong secret, no credentials, or no secret
 * configured. The description is the same for every cause, so the answer reveals none of them.
 */
public class InvalidClientException extends SandboxException {

    private final boolean basicAuthAttempted;

    public InvalidClientException(boolean basicAuthAttempted) {
        super("client authentication failed");
        this.basicAuthAttempted = basicAuthAttempted;
    }

    /** Whether the client sent HTTP Basic credentials, so the answer must carry a Basic challenge. */
    public boolean basicAuthAttempted() {
        return basicAuthAttempted;
    }

    @Override
    public String error() {
        return "invalid_client";
    }
}
