package com.crm.integrations.sandbox.provider.service;

import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.identity.service.SigningKey;
import com.crm.integrations.sandbox.provider.AuthorizationRequest;
import com.crm.integrations.sandbox.provider.Grant;
import com.crm.integrations.sandbox.provider.IssuedTokens;
import com.crm.integrations.sandbox.provider.JsonAnswer;
import com.crm.integrations.sandbox.provider.Provider;
import com.crm.integrations.sandbox.provider.Scopes;
import com.crm.integrations.sandbox.provider.TokenError;
import com.crm.integrations.sandbox.provider.config.ProvidersConfig;


/**
 * A plain standards-compliant authorization server without quirks: RFC 6749 code and refresh grants (a refresh token
 * with every code, never rotated), RFC 7636 PKCE, RFC 7009 revocation, an OIDC id_token and userinfo for
 * {@code openid}. The "add a provider by configuration alone" path of the token service uses it.
 */
@Singleton
public class GenericProfile implements ProviderProfile {


    private final ProvidersConfig.Generic config;
    private final SigningKey key;

    GenericProfile(ProvidersConfig config, SigningKey key) {
        this.config = config.generic();
        this.key = key;
    }

    @Override
    public Provider provider() {
        return Provider.GENERIC;
    }

    @Override
    public String displayName() {
        return "Generic OAuth";
    }

    @Override
    public String clientId() {
        return config.clientId();
    }

    public String issuer() {
        return config.issuer();
    }

    @Override
    public boolean scopeRequired() {
        return false;
    }

    @Override
    public boolean issuesRefreshToken(AuthorizationRequest request, Set<String> granted, boolean consentedBefore) {
        return true;
    }

    @Override
    public String newCode() {
        return RandomTokens.base64Url(32);
    }

    @Override
    public String newRefreshToken() {
        return RandomTokens.base64Url(32);
    }

    @Override
    public String newAccessToken(Grant grant, Set<String> scopes, Duration lifetime) {
        return RandomTokens.base64Url(32);
    }

    @Override
    public Duration accessTokenLifetime() {
        return config.accessTokenLifetime();
    }

    @Override
    public String idToken(Grant grant, Set<String> scopes) {
        if (!scopes.contains("openid")) {
            return null;
        }
        return IdTokens.sign(key, config.issuer(), subject(grant.account()), grant);
    }

    @Override
    public String accountId(Grant grant) {
        return subject(grant.account());
    }

    @Override
    public Set<String> seededScopes() {
        return Scopes.copy(List.of("openid", "email"));
    }

    /** Stable per account: base64url of a digest, so it is not the e-mail address. */
    public static String subject(String account) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Identities.sha256("generic\n" + account)).substring(0, 22);
    }

    @Override
    public Map<String, Object> tokenResponse(IssuedTokens tokens) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", tokens.accessToken());
        body.put("token_type", "Bearer");
        body.put("expires_in", tokens.expiresIn());
        if (tokens.refreshToken() != null) {
            body.put("refresh_token", tokens.refreshToken());
        }
        if (!tokens.scopes().isEmpty()) {
            body.put("scope", Scopes.join(tokens.scopes()));
        }
        if (tokens.idToken() != null) {
            body.put("id_token", tokens.idToken());
        }
        return body;
    }

    @Override
    public JsonAnswer refuse(TokenError error) {
        return StandardOAuthErrors.render(error);
    }
}
