package com.crm.integrations.sandbox.identity.rest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.ws.rs.core.MultivaluedMap;

import com.crm.integrations.sandbox.error.InvalidClientException;
import com.crm.integrations.sandbox.error.InvalidRequestException;
import com.crm.integrations.sandbox.error.InvalidScopeException;
import com.crm.integrations.sandbox.identity.ClientCredentials;
import com.crm.integrations.sandbox.identity.TokenRequest;

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
        String formId = form.getFirst("client_id");
        String formSecret = form.getFirst("client_secret");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            if (formSecret != null) {
                throw new InvalidRequestException("use one client authentication method, not both Basic and client_secret");
            }
            ClientCredentials basic = basic(authorization.substring(6).trim());
            if (formId != null && !formId.equals(basic.clientId())) {
                throw new InvalidRequestException("client_id differs from the Basic credentials");
            }
            return basic;
        }
        if (formId == null || formSecret == null) {
            // Nothing to authenticate with: advertise Basic, as RFC 6749 §5.2 allows.
            throw new InvalidClientException(formId == null);
        }
        return new ClientCredentials(formId, formSecret, false);
    }

    /** {@code base64(form-encoded id ":" form-encoded secret)}; the secret is left encoded for the authenticator. */
    private static ClientCredentials basic(String token) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            throw new InvalidClientException(true);
        }
        int colon = decoded.indexOf(':');
        if (colon < 1) {
            throw new InvalidClientException(true);
        }
        String clientId;
        try {
            clientId = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            throw new InvalidClientException(true);
        }
        return new ClientCredentials(clientId, decoded.substring(colon + 1), true);
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
