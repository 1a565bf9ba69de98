package com.crm.integrations.token;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import com.crm.integrations.common.retry.GuardSettings;

/**
 * One provider the token service connects to, as configured: a built-in preset with the
 * configuration's overrides applied, or a standards-compliant OAuth 2.0 / OpenID Connect provider
 * described by configuration alone.
 *
 * @param name        the path segment and the name in events ({@code google}); {@link #NAME}
 * @param oauth       present when OAuth connections are offered (the client id is configured)
 * @param apiKeys     present when API-key connections are taken
 * @param guard       timeouts, retries and breaker of every call to this provider
 * @param connectTimeout the TCP connect timeout
 */
public record ProviderDefinition(String name, String displayName, Optional<OAuth> oauth, Optional<ApiKeys> apiKeys,
        GuardSettings guard, java.time.Duration connectTimeout) {

    /** Provider names: lower case, digits and dashes, as they appear in URLs and events; for {@code @Pattern}. */
    public static final String NAME_PATTERN = "[a-z][a-z0-9-]{0,31}";
    /** {@link #NAME_PATTERN}, compiled. */
    public static final Pattern NAME = Pattern.compile(NAME_PATTERN);

    public ProviderDefinition {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("A provider name must match " + NAME + ": " + name);
        }
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(oauth, "oauth");
        Objects.requireNonNull(apiKeys, "apiKeys");
        Objects.requireNonNull(guard, "guard");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
    }

    /**
     * The OAuth 2.0 side of a definition.
     *
     * @param refreshTokenRequired whether a first connection without a refresh token is refused
     * @param apiEndpoint          the provider's per-data-centre API host (Mailchimp), if it has one
     * @param revokeWithClientAuthentication whether the revocation request carries our client credentials
     *                             (RFC 7009 requires them; Google's endpoint takes the token alone)
     */
    public record OAuth(URI authorizationUrl, URI tokenUrl, Optional<URI> revokeUrl, Optional<URI> userinfoUrl,
            Optional<URI> metadataUrl, String clientId, Secret clientSecret, List<String> scopes, boolean pkce,
            ClientAuthentication clientAuthentication, Map<String, String> authorizationParameters,
            boolean refreshTokenRequired, AccountSource accountSource, Optional<ApiEndpointTemplate> apiEndpoint,
            boolean revokeWithClientAuthentication) {

        public OAuth {
            Objects.requireNonNull(authorizationUrl, "authorizationUrl");
            Objects.requireNonNull(tokenUrl, "tokenUrl");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(clientSecret, "clientSecret");
            scopes = List.copyOf(scopes);
            authorizationParameters = Map.copyOf(authorizationParameters);
            Objects.requireNonNull(clientAuthentication, "clientAuthentication");
            Objects.requireNonNull(accountSource, "accountSource");
            if (accountSource == AccountSource.USERINFO && userinfoUrl.isEmpty()) {
                throw new IllegalArgumentException("account-source=userinfo needs userinfo-url");
            }
            if (accountSource == AccountSource.MAILCHIMP_METADATA && (metadataUrl.isEmpty() || apiEndpoint.isEmpty())) {
                throw new IllegalArgumentException("account-source=mailchimp-metadata needs metadata-url and api-endpoint-template");
            }
        }
    }

    /**
     * The API-key side of a definition.
     *
     * @param apiEndpoint    Mailchimp: where a key's data centre is served
     * @param tokenCheckUrl  Mapbox: the token check endpoint
     */
    public record ApiKeys(ApiKeyCheck check, Optional<ApiEndpointTemplate> apiEndpoint, Optional<URI> tokenCheckUrl) {

        public ApiKeys {
            Objects.requireNonNull(check, "check");
            if (check == ApiKeyCheck.MAILCHIMP_PING && apiEndpoint.isEmpty()) {
                throw new IllegalArgumentException("Mailchimp API keys need api-endpoint-template");
            }
            if (check == ApiKeyCheck.MAPBOX_TOKEN_CHECK && tokenCheckUrl.isEmpty()) {
                throw new IllegalArgumentException("Mapbox tokens need token-check-url");
            }
        }
    }
}
