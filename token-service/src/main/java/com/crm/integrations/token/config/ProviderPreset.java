package com.crm.integrations.token.config;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.crm.integrations.token.AccountSource;
import com.crm.integrations.token.ApiKeyCheck;
import com.crm.integrations.token.ClientAuthentication;

/**
 * The built-in starting points of provider definitions, pointing at the real endpoints
 * (../shared/PROVIDERS.md). Configuration overrides any value; {@link #OAUTH2} is the blank of a
 * standards-compliant OAuth 2.0 / OpenID Connect provider, whose URLs configuration must give.
 */
public enum ProviderPreset {

    GOOGLE("google", "Google", "https://accounts.google.com/o/oauth2/v2/auth", "https://oauth2.googleapis.com/token",
            uri("https://oauth2.googleapis.com/revoke"), null, null,
            List.of("openid", "email", "https://www.googleapis.com/auth/calendar.events"), true,
            // offline + consent: the only way Google returns a refresh token on every connect (PROVIDERS.md §1.3).
            Map.of("access_type", "offline", "prompt", "consent", "include_granted_scopes", "true"),
            true, AccountSource.ID_TOKEN, null, null, null),

    MICROSOFT("microsoft", "Microsoft", "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/authorize",
            "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token", null, null, null,
            // offline_access: else no refresh token (PROVIDERS.md §3.2).
            List.of("openid", "email", "profile", "offline_access", "https://graph.microsoft.com/Calendars.ReadWrite",
                    "https://graph.microsoft.com/User.Read"),
            true, Map.of("response_mode", "query"), true, AccountSource.ID_TOKEN, null, null, null),

    MAILCHIMP("mailchimp", "Mailchimp", "https://login.mailchimp.com/oauth2/authorize",
            "https://login.mailchimp.com/oauth2/token", null, null, uri("https://login.mailchimp.com/oauth2/metadata"),
            // No scopes, no PKCE, tokens that never expire and no refresh token (PROVIDERS.md §5.1).
            List.of(), false, Map.of(), false, AccountSource.MAILCHIMP_METADATA, "https://{dc}.api.mailchimp.com",
            ApiKeyCheck.MAILCHIMP_PING, null),

    MAPBOX("mapbox", "Mapbox", null, null, null, null, null, List.of(), false, Map.of(), false, AccountSource.NONE, null,
            ApiKeyCheck.MAPBOX_TOKEN_CHECK, uri("https://api.mapbox.com/tokens/v2")),

    OAUTH2("oauth2", "OAuth 2.0 provider", null, null, null, null, null, List.of(), true, Map.of(), true, null, null, null,
            null);

    private final String id;
    private final String displayName;
    private final String authorizationUrl;
    private final String tokenUrl;
    private final URI revokeUrl;
    private final URI userinfoUrl;
    private final URI metadataUrl;
    private final List<String> scopes;
    private final boolean pkce;
    private final Map<String, String> authorizationParameters;
    private final boolean refreshTokenRequired;
    private final AccountSource accountSource;
    private final String apiEndpointTemplate;
    private final ApiKeyCheck apiKeyCheck;
    private final URI tokenCheckUrl;

    ProviderPreset(String id, String displayName, String authorizationUrl, String tokenUrl, URI revokeUrl, URI userinfoUrl,
            URI metadataUrl, List<String> scopes, boolean pkce, Map<String, String> authorizationParameters,
            boolean refreshTokenRequired, AccountSource accountSource, String apiEndpointTemplate, ApiKeyCheck apiKeyCheck,
            URI tokenCheckUrl) {
        this.id = id;
        this.displayName = displayName;
        this.authorizationUrl = authorizationUrl;
        this.tokenUrl = tokenUrl;
        this.revokeUrl = revokeUrl;
        this.userinfoUrl = userinfoUrl;
        this.metadataUrl = metadataUrl;
        this.scopes = scopes;
        this.pkce = pkce;
        this.authorizationParameters = authorizationParameters;
        this.refreshTokenRequired = refreshTokenRequired;
        this.accountSource = accountSource;
        this.apiEndpointTemplate = apiEndpointTemplate;
        this.apiKeyCheck = apiKeyCheck;
        this.tokenCheckUrl = tokenCheckUrl;
    }

    /** The preset called {@code id}, if there is one. */
    public static Optional<ProviderPreset> byId(String id) {
        for (ProviderPreset preset : values()) {
            if (preset.id.equals(id)) {
                return Optional.of(preset);
            }
        }
        return Optional.empty();
    }

    public String id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    /** May hold {@code {tenant}}. */
    public Optional<String> authorizationUrl() {
        return Optional.ofNullable(authorizationUrl);
    }

    /** May hold {@code {tenant}}. */
    public Optional<String> tokenUrl() {
        return Optional.ofNullable(tokenUrl);
    }

    public Optional<URI> revokeUrl() {
        return Optional.ofNullable(revokeUrl);
    }

    public Optional<URI> userinfoUrl() {
        return Optional.ofNullable(userinfoUrl);
    }

    public Optional<URI> metadataUrl() {
        return Optional.ofNullable(metadataUrl);
    }

    public List<String> scopes() {
        return scopes;
    }

    public boolean pkce() {
        return pkce;
    }

    public Map<String, String> authorizationParameters() {
        return authorizationParameters;
    }

    public boolean refreshTokenRequired() {
        return refreshTokenRequired;
    }

    /** Empty for {@link #OAUTH2}: there it follows from the other settings. */
    public Optional<AccountSource> accountSource() {
        return Optional.ofNullable(accountSource);
    }

    public Optional<String> apiEndpointTemplate() {
        return Optional.ofNullable(apiEndpointTemplate);
    }

    public Optional<ApiKeyCheck> apiKeyCheck() {
        return Optional.ofNullable(apiKeyCheck);
    }

    public Optional<URI> tokenCheckUrl() {
        return Optional.ofNullable(tokenCheckUrl);
    }

    private static URI uri(String value) {
        return URI.create(value);
    }
}
