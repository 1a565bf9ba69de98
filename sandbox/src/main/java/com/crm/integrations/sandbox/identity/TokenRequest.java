package com.crm.integrations.sandbox.identity;

import java.util.Objects;
import java.util.Set;

import com.crm.integrations.sandbox.oauth.ClientCredentials;

/**
 * A well-formed token endpoint request: its grant type, the client's credentials and the
 * scopes asked for (empty when none). Whether the client, grant and scopes are acceptable is
 * the grant's business.
 */
public record TokenRequest(String grantType, ClientCredentials credentials, Set<String> scopes) {

    public TokenRequest {
        Objects.requireNonNull(grantType, "grantType");
        Objects.requireNonNull(credentials, "credentials");
        scopes = Set.copyOf(scopes);
    }
}
