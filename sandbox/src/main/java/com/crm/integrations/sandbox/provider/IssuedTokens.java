package com.crm.integrations.sandbox.provider;

import java.util.Set;

/**
 * The tokens one successful token request issued.
 *
 * @param expiresIn seconds; 0 for Mailchimp's never-expiring tokens
 * @param refreshToken {@code null} when none was issued
 * @param scopes granted, as the response lists them
 * @param idToken {@code null} when none was asked for
 */
public record IssuedTokens(Grant grant, String accessToken, long expiresIn, String refreshToken, Set<String> scopes,
        String idToken) {

    public IssuedTokens {
        scopes = Scopes.copy(scopes);
    }

    @Override
    public String toString() {
        return "IssuedTokens[grant=" + grant.id() + ", expiresIn=" + expiresIn + ", refreshToken=" + (refreshToken != null) + "]";
    }
}
