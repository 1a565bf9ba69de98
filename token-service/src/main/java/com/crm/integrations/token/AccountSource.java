package com.crm.integrations.token;

/** Where a definition learns which provider account was connected. */
public enum AccountSource {
    /** The OpenID Connect id_token of the code exchange (claims {@code sub}, {@code email}/{@code preferred_username}). */
    ID_TOKEN,
    /** The OpenID Connect userinfo endpoint. */
    USERINFO,
    /** Mailchimp's metadata endpoint: login, account id, data centre and API endpoint. */
    MAILCHIMP_METADATA,
    /** Nothing: the connection records no provider account. */
    NONE
}
