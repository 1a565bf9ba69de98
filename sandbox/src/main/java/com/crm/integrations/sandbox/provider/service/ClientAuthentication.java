package com.crm.integrations.sandbox.provider.service;

import java.util.Map;
import java.util.Optional;

import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.oauth.ClientCredentials;
import com.crm.integrations.sandbox.oauth.ClientCredentialsException;
import com.crm.integrations.sandbox.oauth.ClientCredentialsParser;
import com.crm.integrations.sandbox.provider.ProviderRefusal;
import com.crm.integrations.sandbox.provider.Refusal;
import com.crm.integrations.sandbox.provider.TokenError;

/**
 * Client authentication at a stand-in's token and revocation endpoints (RFC 6749 §2.3.1): reads the credentials, checks
 * them against the provider's one registered app, and words a failure as that provider does.
 */
@Singleton
public class ClientAuthentication {

    private final ClientVerifier verifier;

    ClientAuthentication(ClientVerifier verifier) {
        this.verifier = verifier;
    }

    /**
     * @param parameters the request's form, each parameter once
     * @throws ProviderRefusal when the credentials are missing, malformed, conflicting, unknown or wrong
     */
    public ClientCredentials authenticate(ProviderProfile profile, String authorization, Map<String, String> parameters) {
        ClientCredentials credentials = read(profile, authorization, parameters);
        Optional<Refusal> refused = verifier.verify(profile.clientId(), credentials);
        if (refused.isPresent()) {
            throw Refusals.token(profile, new TokenError(refused.get(), credentials.clientId(), credentials.basic(), null));
        }
        return credentials;
    }

    private static ClientCredentials read(ProviderProfile profile, String authorization, Map<String, String> parameters) {
        try {
            return ClientCredentialsParser.parse(authorization, parameters.get("client_id"), parameters.get("client_secret"));
        } catch (ClientCredentialsException unreadable) {
            throw Refusals.token(profile, switch (unreadable.problem()) {
                case CONFLICTING -> TokenError.of(Refusal.MALFORMED_REQUEST, unreadable.getMessage());
                case MALFORMED_BASIC -> new TokenError(Refusal.UNKNOWN_CLIENT, null, true, null);
                case MISSING -> TokenError.of(Refusal.NO_CLIENT_SECRET, unreadable.formClientId());
            });
        }
    }
}
