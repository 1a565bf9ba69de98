package com.crm.integrations.sandbox.provider.service;

import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.provider.IssuedTokens;
import com.crm.integrations.sandbox.provider.JsonAnswer;
import com.crm.integrations.sandbox.provider.ProviderRefusal;
import com.crm.integrations.sandbox.provider.Refusal;

/**
 * A stand-in's token endpoint (RFC 6749 §3.2): one form, parameters at most once, the client authenticated, then the
 * grant its {@code grant_type} names.
 */
@Singleton
public class TokenEndpoint {

    private final ClientAuthentication clients;
    private final AuthorizationCodeGrant authorizationCode;
    private final RefreshTokenGrant refreshToken;

    TokenEndpoint(ClientAuthentication clients, AuthorizationCodeGrant authorizationCode, RefreshTokenGrant refreshToken) {
        this.clients = clients;
        this.authorizationCode = authorizationCode;
        this.refreshToken = refreshToken;
    }

    /**
     * @return the provider's successful token response
     * @throws ProviderRefusal the provider's error response
     */
    public JsonAnswer token(ProviderProfile profile, String authorization, Map<String, List<String>> form) {
        Map<String, String> parameters = Parameters.singles(profile, form);
        clients.authenticate(profile, authorization, parameters);
        String grantType = parameters.get("grant_type");
        if (grantType == null) {
            throw Refusals.token(profile, Refusal.MISSING_PARAMETER, "grant_type");
        }
        IssuedTokens issued = switch (grantType) {
            case AuthorizationCodeGrant.GRANT_TYPE -> authorizationCode.redeem(profile, parameters);
            case RefreshTokenGrant.GRANT_TYPE -> refreshToken.refresh(profile, parameters);
            default -> throw Refusals.token(profile, Refusal.UNSUPPORTED_GRANT_TYPE, grantType);
        };
        return JsonAnswer.of(200, profile.tokenResponse(issued));
    }
}
