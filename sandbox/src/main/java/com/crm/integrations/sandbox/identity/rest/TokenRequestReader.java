package com.crm.integrations.sandbox.identity.rest;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.ws.rs.core.MultivaluedMap;

import com.crm.integrations.sandbox.error.InvalidClientException;
import com.crm.integrations.sandbox.error.InvalidRequestException;
import com.crm.integrations.sandbox.error.InvalidScopeException;
import com.crm.integrations.sandbox.identity.TokenRequest;
import com.crm.integrations.sandbox.oauth.ClientCredentials;
import com.crm.integrations.sandbox.oauth.ClientCredentialsException;
import com.crm.integrations.sandbox.oauth.ClientCredentialsParser;

/**
 * Reads a token endpoint request (RFC 6749 §3.2, §2.3.1) from its form parameters and
 * {@code Authorization} header: each parameter at most once, a grant type, exactly one
 * client authentication method, well-formed scopes.
 */
final class TokenRequestReader {

    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");

    private TokenRequestReader() {
    }

    static TokenRequest read(String authorization, MultivaluedMap<String, String> form) {
        for (Map.Entry<String, List<String>> parameter : form.entrySet()) {
            if (parameter.getValue().size() > 1) {
                throw new InvalidRequestException("parameter " + parameter.getKey() + " is repeated");
            }
        }
        String grantType = form.getFirst("grant_type");
        if (grantType == null || grantType.isEmpty()) {
            throw new InvalidRequestException("grant_type is required");
        }
        return new TokenRequest(grantType, credentials(authorization, form), scopes(form.getFirst("scope")));
    }

    private static ClientCredentials credentials(String authorization, MultivaluedMap<String, String> form) {
        try {
            return ClientCredentialsParser.parse(authorization, form.getFirst("client_id"), form.getFirst("client_secret"));
        } catch (ClientCredentialsException unreadable) {
            throw switch (unreadable.problem()) {
                case CONFLICTING -> new InvalidRequestException(unreadable.getMessage());
                case MALFORMED_BASIC -> new InvalidClientException(true);
                // Nothing to authenticate with: advertise Basic, as RFC 6749 §5.2 allows.
                case MISSING -> new InvalidClientException(unreadable.formClientId() == null);
            };
        }
    }

    private static Set<String> scopes(String scope) {
        Set<String> scopes = new LinkedHashSet<>();
        if (scope == null || scope.isBlank()) {
            return scopes;
        }
        for (String token : scope.trim().split(" +")) {
            if (!SCOPE_TOKEN.matcher(token).matches()) {
                throw new InvalidScopeException("scope is malformed");
            }
            scopes.add(token);
        }
        return scopes;
    }
}
