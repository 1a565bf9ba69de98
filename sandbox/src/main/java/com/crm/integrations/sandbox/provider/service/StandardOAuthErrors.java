package com.crm.integrations.sandbox.provider.service;

import com.crm.integrations.sandbox.provider.JsonAnswer;
import com.crm.integrations.sandbox.provider.TokenError;
import com.crm.integrations.sandbox.provider.TokenFault;

/** RFC 6749 §5.2 token-endpoint errors, as a plain standards-compliant server words them (generic, Mailchimp). */
final class StandardOAuthErrors {

    static final String REVOKED = "Token has been expired or revoked.";

    private StandardOAuthErrors() {
    }

    static JsonAnswer render(TokenError e) {
        return switch (e.reason()) {
            case MALFORMED_REQUEST, TENANT_INVALID -> json(400, "invalid_request", e.detail());
            case MISSING_PARAMETER -> json(400, "invalid_request", "Missing required parameter: " + e.detail());
            case NO_CLIENT_SECRET, UNKNOWN_CLIENT, WRONG_SECRET -> invalidClient(e.basicAuth());
            case UNSUPPORTED_GRANT_TYPE -> json(400, "unsupported_grant_type", "Unsupported grant_type: " + e.detail());
            case CODE_INVALID -> json(400, "invalid_grant", "Invalid authorization code");
            case CODE_REUSED -> json(400, "invalid_grant", "Authorization code already used");
            case CODE_EXPIRED -> json(400, "invalid_grant", "Authorization code expired");
            case CODE_REVOKED -> json(400, "invalid_grant", "Authorization code revoked");
            case REDIRECT_URI_MISMATCH -> json(400, "invalid_grant", "redirect_uri does not match the authorization request");
            case PKCE_VERIFIER_MISSING -> json(400, "invalid_grant", "code_verifier is required");
            case PKCE_MISMATCH -> json(400, "invalid_grant", "code_verifier does not match the code_challenge");
            case REFRESH_TOKEN_INVALID, REFRESH_TOKEN_REVOKED, REFRESH_TOKEN_ROTATED -> json(400, "invalid_grant", REVOKED);
            case REFRESH_TOKEN_OTHER_CLIENT -> json(400, "invalid_grant", "The refresh token was issued to another client");
            case SCOPE_NOT_GRANTED -> json(400, "invalid_scope", "scope exceeds the grant: " + e.detail());
            case SWITCHED -> switched(e.fault(), "invalid_grant".equals(e.fault().error()) ? REVOKED : null);
        };
    }

    /** A switched-on error with its status, and its description or else {@code defaultDescription}. */
    static JsonAnswer switched(TokenFault fault, String defaultDescription) {
        return json(fault.statusOrDefault(), fault.error(), fault.description() != null ? fault.description() : defaultDescription);
    }

    static JsonAnswer json(int status, String error, String description) {
        return JsonAnswer.oauthError(status, error, description);
    }

    /** RFC 6749 §5.2: a 401 answer to Basic credentials carries a Basic challenge. */
    private static JsonAnswer invalidClient(boolean basic) {
        JsonAnswer answer = json(401, "invalid_client", "Client authentication failed");
        return basic ? answer.withChallenge("Basic realm=\"sandbox\"") : answer;
    }
}
