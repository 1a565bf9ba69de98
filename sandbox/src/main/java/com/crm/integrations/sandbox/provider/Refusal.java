package com.crm.integrations.sandbox.provider;

/** Why a token or revoke request was refused; each provider words each reason its own way. */
public enum Refusal {
    /** Malformed: a repeated parameter, a bad value. The detail says what. */
    MALFORMED_REQUEST,
    /** A required parameter is absent. The detail names it. */
    MISSING_PARAMETER,
    /** A client id but no secret, or no client at all. */
    NO_CLIENT_SECRET,
    /** Not this provider's client id, or no secret configured in the sandbox. The detail is the client id. */
    UNKNOWN_CLIENT,
    WRONG_SECRET,
    /** The detail is the grant type. */
    UNSUPPORTED_GRANT_TYPE,
    /** Never issued, or issued by another provider. */
    CODE_INVALID,
    CODE_REUSED,
    CODE_EXPIRED,
    /** The code's grant was revoked before redemption. */
    CODE_REVOKED,
    /** The detail is the redirect URI of the token request. */
    REDIRECT_URI_MISMATCH,
    PKCE_VERIFIER_MISSING,
    PKCE_MISMATCH,
    REFRESH_TOKEN_INVALID,
    /** The user removed the app or the grant was revoked. */
    REFRESH_TOKEN_REVOKED,
    /** Microsoft: a rotation replaced it. */
    REFRESH_TOKEN_ROTATED,
    REFRESH_TOKEN_OTHER_CLIENT,
    /** A refresh request asked for a scope the grant does not hold. */
    SCOPE_NOT_GRANTED,
    /** Microsoft: the {tenant} path segment is none of common, organizations, consumers, a GUID or a domain. */
    TENANT_INVALID,
    /** A token error switched on through the control API. */
    SWITCHED
}
