package com.crm.integrations.sandbox.provider.service;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.identity.service.SigningKey;
import com.crm.integrations.sandbox.provider.AuthorizationRequest;
import com.crm.integrations.sandbox.provider.ErrorPage;
import com.crm.integrations.sandbox.provider.Grant;
import com.crm.integrations.sandbox.provider.IssuedTokens;
import com.crm.integrations.sandbox.provider.JsonAnswer;
import com.crm.integrations.sandbox.provider.Provider;
import com.crm.integrations.sandbox.provider.ProviderAnswer;
import com.crm.integrations.sandbox.provider.Scopes;
import com.crm.integrations.sandbox.provider.TokenError;
import com.crm.integrations.sandbox.provider.config.ProvidersConfig;


/**
 * Google OAuth 2.0 (PROVIDERS.md §1): refresh token only for {@code access_type=offline} when consent was shown,
 * never rotated; {@code scope} in the redirect; id_token for {@code openid}/{@code email}/{@code profile}; errors as
 * {@code {"error","error_description"}}; error pages, not redirects, for bad authorization requests.
 */
@Singleton
public class GoogleProfile implements ProviderProfile {

    static final String ISSUER = "https://accounts.google.com";
    private static final Set<String> IDENTITY_SCOPES = Set.of("openid", "email", "profile",
            "https://www.googleapis.com/auth/userinfo.email", "https://www.googleapis.com/auth/userinfo.profile");

    private final ProvidersConfig.Google config;
    private final SigningKey key;

    GoogleProfile(ProvidersConfig config, SigningKey key) {
        this.config = config.google();
        this.key = key;
    }

    @Override
    public Provider provider() {
        return Provider.GOOGLE;
    }

    @Override
    public String displayName() {
        return "Google";
    }

    @Override
    public String clientId() {
        return config.clientId();
    }

    @Override
    public boolean scopeRequired() {
        return true;
    }

    @Override
    public boolean googleStyleConsent() {
        return true;
    }

    /** Google shows every authorization error on its own page: "Error 400: invalid_request". */
    @Override
    public ProviderAnswer authorizeError(AuthorizeError error) {
        return new ErrorPage(displayName(), error.error(), error.description());
    }

    /** Only offline access yields one, and only when the user saw the consent screen (first time, or {@code prompt=consent}). */
    @Override
    public boolean issuesRefreshToken(AuthorizationRequest request, Set<String> granted, boolean consentedBefore) {
        return request.offline() && (!consentedBefore || request.prompt().contains("consent"));
    }

    @Override
    public Map<String, String> approvalParameters(Grant grant) {
        return Map.of("scope", Scopes.join(grant.scopes()));
    }

    @Override
    public String newCode() {
        return "4/0" + RandomTokens.base64Url(54);
    }

    @Override
    public String newRefreshToken() {
        return "1//0" + RandomTokens.base64Url(72);
    }

    @Override
    public String newAccessToken(Grant grant, Set<String> scopes, Duration lifetime) {
        return "ya29." + RandomTokens.base64Url(120);
    }

    @Override
    public Duration accessTokenLifetime() {
        return config.accessTokenLifetime();
    }

    /** {@code iss, azp, aud, sub, email, email_verified, iat, exp} and {@code nonce} when one was sent. */
    @Override
    public String idToken(Grant grant, Set<String> scopes) {
        if (scopes.stream().noneMatch(IDENTITY_SCOPES::contains)) {
            return null;
        }
        return IdTokens.sign(key, ISSUER, subject(grant.account()), grant);
    }

    @Override
    public String accountId(Grant grant) {
        return subject(grant.account());
    }

    @Override
    public Set<String> seededScopes() {
        return Scopes.copy(List.of("openid", "email", "https://www.googleapis.com/auth/calendar.events"));
    }

    /** Google's {@code sub}: 21 digits, stable per account. */
    static String subject(String account) {
        return Identities.numeric("google", account, 21);
    }

    @Override
    public Map<String, Object> tokenResponse(IssuedTokens tokens) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", tokens.accessToken());
        body.put("expires_in", tokens.expiresIn());
        if (tokens.refreshToken() != null) {
            body.put("refresh_token", tokens.refreshToken());
        }
        body.put("scope", Scopes.join(tokens.scopes()));
        body.put("token_type", "Bearer");
        if (tokens.idToken() != null) {
            body.put("id_token", tokens.idToken());
        }
        return body;
    }

    @Override
    public JsonAnswer refuse(TokenError e) {
        return switch (e.reason()) {
            case MALFORMED_REQUEST, TENANT_INVALID -> json(400, "invalid_request", e.detail());
            case MISSING_PARAMETER -> json(400, "invalid_request", "Missing required parameter: " + e.detail());
            case NO_CLIENT_SECRET -> e.detail() == null
                    ? json(400, "invalid_request", "Could not determine client ID from request.")
                    : json(400, "invalid_request", "client_secret is missing.");
            case UNKNOWN_CLIENT -> json(401, "invalid_client", "The OAuth client was not found.");
            case WRONG_SECRET -> json(401, "invalid_client", "Unauthorized");
            case UNSUPPORTED_GRANT_TYPE -> json(400, "unsupported_grant_type", "Invalid grant_type: " + e.detail());
            case CODE_INVALID -> json(400, "invalid_grant", "Malformed auth code.");
            case CODE_REUSED, CODE_EXPIRED, CODE_REVOKED -> json(400, "invalid_grant", "Bad Request");
            case REDIRECT_URI_MISMATCH -> json(400, "redirect_uri_mismatch", "Bad Request");
            case PKCE_VERIFIER_MISSING -> json(400, "invalid_grant", "Missing code verifier.");
            case PKCE_MISMATCH -> json(400, "invalid_grant", "Invalid code verifier.");
            case REFRESH_TOKEN_INVALID, REFRESH_TOKEN_REVOKED, REFRESH_TOKEN_ROTATED -> json(400, "invalid_grant", StandardOAuthErrors.REVOKED);
            case REFRESH_TOKEN_OTHER_CLIENT -> json(401, "unauthorized_client", "Unauthorized");
            case SCOPE_NOT_GRANTED -> json(400, "invalid_scope", "Bad Request");
            case SWITCHED -> StandardOAuthErrors.switched(e.fault(), switch (e.fault().error()) {
                case "invalid_grant" -> StandardOAuthErrors.REVOKED;
                case "invalid_client", "unauthorized_client" -> "Unauthorized";
                default -> "Bad Request";
            });
        };
    }

    private static JsonAnswer json(int status, String error, String description) {
        return StandardOAuthErrors.json(status, error, description);
    }
}
