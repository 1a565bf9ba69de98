package com.crm.integrations.token;

/** How our client authenticates at a token endpoint (RFC 6749 §2.3.1). */
public enum ClientAuthentication {
    /** {@code client_id} and {@code client_secret} in the form body. */
    CLIENT_SECRET_POST,
    /** HTTP Basic with the URL-encoded id and secret. */
    CLIENT_SECRET_BASIC
}
