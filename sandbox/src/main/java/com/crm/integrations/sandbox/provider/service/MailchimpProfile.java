package com.crm.integrations.sandbox.provider.service;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.provider.AuthorizationRequest;
import com.crm.integrations.sandbox.provider.ErrorPage;
import com.crm.integrations.sandbox.provider.Grant;
import com.crm.integrations.sandbox.provider.IssuedTokens;
import com.crm.integrations.sandbox.provider.JsonAnswer;
import com.crm.integrations.sandbox.provider.Provider;
import com.crm.integrations.sandbox.provider.ProviderAnswer;
import com.crm.integrations.sandbox.provider.TokenError;
import com.crm.integrations.sandbox.provider.config.MailchimpConfig;
import com.crm.integrations.sandbox.provider.config.ProvidersConfig;

/**
 * Mailchimp OAuth 2 (PROVIDERS.md §5.1): no scopes, no PKCE (parameters accepted and ignored), a 32-hex access token
 * that never expires ({@code "expires_in":0,"scope":null}), no refresh token; the consenting account has a data
 * centre.
 */
@Singleton
public class MailchimpProfile implements ProviderProfile {

    private final ProvidersConfig.Mailchimp config;
    private final MailchimpConfig mailchimp;

    MailchimpProfile(ProvidersConfig config, MailchimpConfig mailchimp) {
        this.config = config.mailchimp();
        this.mailchimp = mailchimp;
    }

    @Override
    public Provider provider() {
        return Provider.MAILCHIMP;
    }

    @Override
    public String displayName() {
        return "Mailchimp";
    }

    @Override
    public String clientId() {
        return config.clientId();
    }

    @Override
    public boolean scopeRequired() {
        return false;
    }

    @Override
    public boolean hasScopes() {
        return false;
    }

    @Override
    public boolean pkceSupported() {
        return false;
    }

    @Override
    public ProviderAnswer authorizeError(AuthorizeError error) {
        return new ErrorPage(displayName(), error.error(), error.description());
    }

    @Override
    public String defaultDataCentre() {
        return mailchimp.dc();
    }

    @Override
    public boolean issuesRefreshToken(AuthorizationRequest request, Set<String> granted, boolean consentedBefore) {
        return false;
    }

    @Override
    public boolean supportsRefresh() {
        return false;
    }

    @Override
    public String newCode() {
        return RandomTokens.hex(16);
    }

    @Override
    public String newRefreshToken() {
        throw new IllegalStateException("Mailchimp issues no refresh tokens");
    }

    @Override
    public String newAccessToken(Grant grant, Set<String> scopes, Duration lifetime) {
        return RandomTokens.hex(16);
    }

    @Override
    public Duration accessTokenLifetime() {
        return Duration.ZERO;
    }

    /** The metadata's {@code user_id}. */
    @Override
    public String accountId(Grant grant) {
        return Long.toString(userId(grant.account()));
    }

    /** Mailchimp has no scopes. */
    @Override
    public Set<String> seededScopes() {
        return Set.of();
    }

    /** The metadata's {@code user_id}: 8 digits, stable per account. */
    static long userId(String account) {
        return Long.parseLong(Identities.numeric("mailchimp-user", account, 8));
    }

    @Override
    public String idToken(Grant grant, Set<String> scopes) {
        return null;
    }

    /** Exactly {@code {"access_token":"<32 hex>","expires_in":0,"scope":null}}. */
    @Override
    public Map<String, Object> tokenResponse(IssuedTokens tokens) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", tokens.accessToken());
        body.put("expires_in", 0);
        body.put("scope", null);
        return body;
    }

    @Override
    public JsonAnswer refuse(TokenError error) {
        return StandardOAuthErrors.render(error);
    }
}
