package com.crm.integrations.sandbox.oauth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.crm.integrations.sandbox.oauth.ClientCredentialsException.Problem;

/**
 * Reads a client's credentials from a token or revocation request (RFC 6749 §2.3.1): HTTP Basic
 * ({@code client_secret_basic}) or {@code client_id} + {@code client_secret} in the form ({@code client_secret_post}),
 * not both. Whether they are right is the authenticator's business.
 */
public final class ClientCredentialsParser {

    private static final String BASIC = "Basic ";

    private ClientCredentialsParser() {
    }

    /**
     * @param authorization the {@code Authorization} header, or {@code null}
     * @param formClientId the form's {@code client_id}, or {@code null}
     * @param formClientSecret the form's {@code client_secret}, or {@code null}
     * @throws ClientCredentialsException when the credentials are missing, malformed or conflicting
     */
    public static ClientCredentials parse(String authorization, String formClientId, String formClientSecret) {
        if (authorization != null && authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            if (formClientSecret != null) {
                throw new ClientCredentialsException(Problem.CONFLICTING,
                        "use one client authentication method, not both Basic and client_secret", formClientId);
            }
            ClientCredentials basic = basic(authorization.substring(BASIC.length()).trim());
            if (formClientId != null && !formClientId.equals(basic.clientId())) {
                throw new ClientCredentialsException(Problem.CONFLICTING, "client_id differs from the Basic credentials", formClientId);
            }
            return basic;
        }
        if (formClientId == null || formClientSecret == null) {
            throw new ClientCredentialsException(Problem.MISSING, "no client credentials", formClientId);
        }
        return new ClientCredentials(formClientId, formClientSecret, false);
    }

    /** {@code base64(form-encoded id ":" form-encoded secret)}; the secret is left encoded for {@link SharedSecret}. */
    private static ClientCredentials basic(String token) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            throw malformedBasic();
        }
        int colon = decoded.indexOf(':');
        if (colon < 1) {
            throw malformedBasic();
        }
        String clientId;
        try {
            clientId = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            throw malformedBasic();
        }
        return new ClientCredentials(clientId, decoded.substring(colon + 1), true);
    }

    private static ClientCredentialsException malformedBasic() {
        return new ClientCredentialsException(Problem.MALFORMED_BASIC, "malformed Basic credentials", null);
    }
}
