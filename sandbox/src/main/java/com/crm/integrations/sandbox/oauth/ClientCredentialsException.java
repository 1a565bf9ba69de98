package com.crm.integrations.sandbox.oauth;

/**
 * A token request whose client authentication cannot even be read (RFC 6749 §2.3.1). Each endpoint words it its own
 * way: the identity provider as an RFC 6749 error, a provider stand-in in that provider's words.
 */
public final class ClientCredentialsException extends RuntimeException {

    /** What is wrong with the presented credentials. */
    public enum Problem {
        /** Basic and {@code client_secret} both, or a form {@code client_id} other than the Basic one. The message says which. */
        CONFLICTING,
        /** An {@code Authorization: Basic} header that is not {@code base64(id ":" secret)} with a form-encoded id. */
        MALFORMED_BASIC,
        /** No Basic header, and the form lacks {@code client_id} or {@code client_secret}. */
        MISSING
    }

    private final Problem problem;
    private final String formClientId;

    ClientCredentialsException(Problem problem, String description, String formClientId) {
        // The caller's mistake, not a bug: no stack trace.
        super(description, null, false, false);
        this.problem = problem;
        this.formClientId = formClientId;
    }

    public Problem problem() {
        return problem;
    }

    /** The form's {@code client_id}, or {@code null}; set for {@link Problem#MISSING}. */
    public String formClientId() {
        return formClientId;
    }
}
