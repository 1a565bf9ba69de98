package com.crm.integrations.token.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.jboss.logging.Logger;

import com.crm.integrations.token.AccountSource;
import com.crm.integrations.token.ApiEndpointTemplate;
import com.crm.integrations.token.ClientAuthentication;
import com.crm.integrations.token.ProviderDefinition;
import com.crm.integrations.token.Secret;
import com.crm.integrations.token.config.ProvidersConfig.ProviderConfig;

/**
 * Builds the provider definitions from configuration: each configured definition merged over its
 * preset, plus the built-in presets nobody configured (Mapbox and Mailchimp API keys work without an
 * OAuth app). A definition that cannot work (an OAuth client id without its secret, a standards
 * provider without its URLs) stops the service with a message that names the key.
 */
final class ProviderDefinitions {

    private static final Logger LOG = Logger.getLogger(ProviderDefinitions.class);
    private static final String PREFIX = "integrations.providers.";

    private ProviderDefinitions() {
    }

    static Map<String, ProviderDefinition> build(Map<String, ProviderConfig> configured) {
        Map<String, ProviderDefinition> built = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, ProviderConfig> entry : new TreeMap<>(configured).entrySet()) {
            try {
                definition(entry.getKey(), entry.getValue()).ifPresent(definition -> built.put(definition.name(), definition));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid provider configuration: " + String.join("; ", problems));
        }
        return built;
    }

    private static Optional<ProviderDefinition> definition(String name, ProviderConfig config) {
        String key = PREFIX + name + ".";
        if (!ProviderDefinition.NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a provider name (" + ProviderDefinition.NAME + ")");
        }
        if (!config.enabled()) {
            return Optional.empty();
        }
        String presetId = config.preset().orElse(name);
        ProviderPreset preset = ProviderPreset.byId(presetId).orElseThrow(() -> new IllegalArgumentException(
                key + "preset: no preset '" + presetId + "' (google, microsoft, mailchimp, mapbox, oauth2)"));
        String tenant = config.tenant().orElse("common");

        Optional<ProviderDefinition.OAuth> oauth = Optional.empty();
        if (config.clientId().isPresent()) {
            Secret secret = new Secret(config.clientSecret().filter(value -> !value.isBlank()).orElseThrow(
                    () -> new IllegalArgumentException(key + "client-secret is missing (set it in the environment, e.g. "
                            + environmentName(key + "client-secret") + ")")));
            URI authorizationUrl = withTenant(required(config.authorizationUrl(), preset.authorizationUrl(), key + "authorization-url"), tenant);
            URI tokenUrl = withTenant(required(config.tokenUrl(), preset.tokenUrl(), key + "token-url"), tenant);
            Optional<URI> userinfoUrl = config.userinfoUrl().or(preset::userinfoUrl);
            List<String> scopes = config.scopes().orElse(preset.scopes());
            Optional<ApiEndpointTemplate> apiEndpoint = config.apiEndpointTemplate().or(preset::apiEndpointTemplate)
                    .map(template -> endpointTemplate(template, key));
            AccountSource source = config.accountSource().or(preset::accountSource)
                    .orElseGet(() -> userinfoUrl.isPresent() ? AccountSource.USERINFO
                            : scopes.contains("openid") ? AccountSource.ID_TOKEN : AccountSource.NONE);
            Map<String, String> parameters = new LinkedHashMap<>(preset.authorizationParameters());
            parameters.putAll(config.authorizationParameters());
            oauth = Optional.of(new ProviderDefinition.OAuth(authorizationUrl, tokenUrl, config.revokeUrl().or(preset::revokeUrl),
                    userinfoUrl, config.metadataUrl().or(preset::metadataUrl), config.clientId().get(), secret, scopes,
                    config.pkce().orElse(preset.pkce()),
                    config.clientAuthentication().orElse(ClientAuthentication.CLIENT_SECRET_POST), parameters,
                    config.refreshTokenRequired().orElse(preset.refreshTokenRequired()), source, apiEndpoint,
                    preset == ProviderPreset.OAUTH2));
        }

        Optional<ProviderDefinition.ApiKeys> apiKeys = Optional.empty();
        if (config.apiKeys().orElse(preset.apiKeyCheck().isPresent())) {
            apiKeys = Optional.of(new ProviderDefinition.ApiKeys(
                    preset.apiKeyCheck().orElseThrow(() -> new IllegalArgumentException(
                            key + "api-keys: preset '" + preset.id() + "' has no API-key check")),
                    config.apiEndpointTemplate().or(preset::apiEndpointTemplate).map(template -> endpointTemplate(template, key)),
                    config.tokenCheckUrl().or(preset::tokenCheckUrl)));
        }
        if (oauth.isEmpty() && apiKeys.isEmpty()) {
            LOG.infof("Provider %s is configured without a client id: its OAuth connections are off (%sclient-id)", name, key);
            return Optional.empty();
        }
        oauth.ifPresent(settings -> {
            requireSecure(settings.authorizationUrl(), key + "authorization-url");
            requireSecure(settings.tokenUrl(), key + "token-url");
            settings.revokeUrl().ifPresent(url -> requireSecure(url, key + "revoke-url"));
            settings.userinfoUrl().ifPresent(url -> requireSecure(url, key + "userinfo-url"));
            settings.metadataUrl().ifPresent(url -> requireSecure(url, key + "metadata-url"));
            settings.apiEndpoint().flatMap(template -> template.forDataCentre("us1"))
                    .ifPresent(url -> requireSecure(url, key + "api-endpoint-template"));
        });
        apiKeys.ifPresent(settings -> {
            settings.tokenCheckUrl().ifPresent(url -> requireSecure(url, key + "token-check-url"));
            settings.apiEndpoint().flatMap(template -> template.forDataCentre("us1"))
                    .ifPresent(url -> requireSecure(url, key + "api-endpoint-template"));
        });
        return Optional.of(new ProviderDefinition(name, config.displayName().orElse(preset.displayName()), oauth, apiKeys,
                config.http().guard(), config.http().connectTimeout()));
    }

    /**
     * Tokens, codes and client secrets travel to these URLs, and an id_token from the token endpoint is
     * trusted on the strength of TLS: https only, except on loopback (the sandbox, local runs).
     */
    static void requireSecure(URI url, String key) {
        String host = url.getHost() == null ? "" : url.getHost();
        boolean loopback = host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("::1");
        if (!"https".equalsIgnoreCase(url.getScheme()) && !loopback) {
            throw new IllegalArgumentException(key + " must be an https URL (plain http is allowed on loopback only): " + url);
        }
    }

    private static String required(Optional<String> configured, Optional<String> preset, String key) {
        return configured.or(() -> preset).orElseThrow(() -> new IllegalArgumentException(key + " is missing"));
    }

    private static URI withTenant(String url, String tenant) {
        try {
            URI uri = new URI(url.replace("{tenant}", tenant));
            if (!uri.isAbsolute()) {
                throw new IllegalArgumentException("not an absolute URL: " + url);
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + url);
        }
    }

    private static ApiEndpointTemplate endpointTemplate(String template, String key) {
        try {
            return new ApiEndpointTemplate(template);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + "api-endpoint-template: " + e.getMessage());
        }
    }

    private static String environmentName(String key) {
        return key.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}
