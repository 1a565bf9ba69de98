package com.crm.integrations.sandbox.identity;

import java.util.Set;

/**
 * A signed access token, its lifetime in seconds (negative for a dev token minted already
 * expired) and the scopes it grants (empty when none were asked for).
 */
public record IssuedToken(String accessToken, long expiresIn, Set<String> scopes) {

    @Override
    public String toString() {
        return "IssuedToken[expiresIn=" + expiresIn + ", scopes=" + scopes + "]";
    }
}
