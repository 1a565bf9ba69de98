package com.crm.integrations.sandbox.identity.service;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.sandbox.error.InvalidScopeException;
import com.crm.integrations.sandbox.error.UnsupportedGrantTypeException;
import com.crm.integrations.sandbox.identity.IssuedToken;
import com.crm.integrations.sandbox.identity.TokenRequest;
import com.crm.integrations.sandbox.identity.config.IdentityConfig;

/** The token endpoint's one grant (RFC 6749 §4.4): authenticate the client, check grant and scopes, issue. */
@Singleton
public class ClientCredentialsGrant {

    public static final String GRANT_TYPE = "client_credentials";

    private static final Logger LOG = Logger.getLogger(ClientCredentialsGrant.class);

    private final ClientAuthenticator authenticator;
    private final TokenIssuer issuer;
    private final Set<String> allowedScopes;

    ClientCredentialsGrant(ClientAuthenticator authenticator, TokenIssuer issuer, IdentityConfig config) {
        this.authenticator = authenticator;
        this.issuer = issuer;
        this.allowedScopes = Set.copyOf(config.scopes().orElse(List.of()));
    }

    public IssuedToken issue(TokenRequest request) {
        String clientId = authenticator.authenticate(request.credentials());
        if (!GRANT_TYPE.equals(request.grantType())) {
            throw new UnsupportedGrantTypeException("only grant_type=client_credentials is supported");
        }
        Set<String> refused = new TreeSet<>(request.scopes());
        refused.removeAll(allowedScopes);
        if (!refused.isEmpty()) {
            throw new InvalidScopeException("scope not granted: " + String.join(" ", refused));
        }
        IssuedToken token = issuer.issueServiceToken(clientId, request.scopes());
        LOG.debugf("Issued a service token: client_id=%s expires_in=%d", clientId, token.expiresIn());
        return token;
    }
}
