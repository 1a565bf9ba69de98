package com.crm.integrations.token.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.crm.integrations.token.AccountSource;
import com.crm.integrations.token.ApiKeyCheck;
import com.crm.integrations.token.ClientAuthentication;
import com.crm.integrations.token.ProviderDefinition;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Provider definitions: presets, overrides, providers added by configuration, and the refusals that stop start-up. */
class ProviderRegistryTest {

    private static Map<String, ProviderDefinition> build(Map<String, String> properties) {
        return build(properties, Map.of());
    }

    private static Map<String, ProviderDefinition> build(Map<String, String> properties, Map<String, String> environment) {
        Map<String, String> all = new HashMap<>(properties);
        // As application.properties declares them, so the presets exist.
        all.putIfAbsent("integrations.providers.google.preset", "google");
        all.putIfAbsent("integrations.providers.mapbox.preset", "mapbox");
        all.putIfAbsent("integrations.providers.mailchimp.preset", "mailchimp");
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(ProvidersConfig.class)
                .withConverter(java.time.Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withSources(new PropertiesConfigSource(all, "test", 250), new EnvConfigSource(environment, 300)).build();
        return ProviderDefinitions.build(config.getConfigMapping(ProvidersConfig.class).definitions());
    }

    @Test
    void presetsWithoutAClientIdOfferOnlyApiKeys() {
        // When
        Map<String, ProviderDefinition> definitions = build(Map.of());

        // Then
        assertFalse(definitions.containsKey("google"), "no OAuth app, no API keys: Google is off");
        assertEquals(ApiKeyCheck.MAPBOX_TOKEN_CHECK, definitions.get("mapbox").apiKeys().orElseThrow().check());
        assertEquals(URI.create("https://api.mapbox.com/tokens/v2"), definitions.get("mapbox").apiKeys().orElseThrow().tokenCheckUrl().orElseThrow());
        assertTrue(definitions.get("mailchimp").oauth().isEmpty());
        assertEquals(URI.create("https://us21.api.mailchimp.com"),
                definitions.get("mailchimp").apiKeys().orElseThrow().apiEndpoint().orElseThrow().forDataCentre("us21").orElseThrow());
    }

    @Test
    void googlePresetPointsAtTheRealEndpointsWithItsQuirks() {
        // When
        ProviderDefinition.OAuth google = build(Map.of("integrations.providers.google.client-id", "app.apps.googleusercontent.com",
                "integrations.providers.google.client-secret", "s3cr3t")).get("google").oauth().orElseThrow();

        // Then
        assertEquals(URI.create("https://accounts.google.com/o/oauth2/v2/auth"), google.authorizationUrl());
        assertEquals(URI.create("https://oauth2.googleapis.com/token"), google.tokenUrl());
        assertEquals(URI.create("https://oauth2.googleapis.com/revoke"), google.revokeUrl().orElseThrow());
        assertEquals("offline", google.authorizationParameters().get("access_type"));
        assertEquals("consent", google.authorizationParameters().get("prompt"));
        assertTrue(google.pkce());
        assertTrue(google.refreshTokenRequired());
        assertEquals("***", google.clientSecret().toString());
    }

    @Test
    void microsoftTenantSegmentIsFilledIn() {
        // When
        ProviderDefinition.OAuth microsoft = build(Map.of("integrations.providers.microsoft.preset", "microsoft",
                "integrations.providers.microsoft.client-id", "00000000-0000-4000-8000-000000000001",
                "integrations.providers.microsoft.client-secret", "s", "integrations.providers.microsoft.tenant", "organizations"))
                .get("microsoft").oauth().orElseThrow();

        // Then
        assertEquals(URI.create("https://login.microsoftonline.com/organizations/oauth2/v2.0/token"), microsoft.tokenUrl());
        assertTrue(microsoft.scopes().contains("offline_access"));
        assertTrue(microsoft.revokeUrl().isEmpty());
    }

    @Test
    void aStandardsProviderIsAddedByConfigurationAlone() {
        // When
        ProviderDefinition acme = build(Map.of("integrations.providers.acme.preset", "oauth2",
                "integrations.providers.acme.client-id", "acme-client", "integrations.providers.acme.client-secret", "s",
                "integrations.providers.acme.authorization-url", "https://id.acme.example/authorize",
                "integrations.providers.acme.token-url", "https://id.acme.example/token",
                "integrations.providers.acme.userinfo-url", "https://id.acme.example/userinfo",
                "integrations.providers.acme.scopes", "openid,email,offline_access",
                "integrations.providers.acme.client-authentication", "client-secret-basic")).get("acme");

        // Then
        ProviderDefinition.OAuth oauth = acme.oauth().orElseThrow();
        assertEquals(AccountSource.USERINFO, oauth.accountSource());
        assertEquals(ClientAuthentication.CLIENT_SECRET_BASIC, oauth.clientAuthentication());
        assertEquals(List.of("openid", "email", "offline_access"), oauth.scopes());
        assertTrue(oauth.revokeWithClientAuthentication());
        assertTrue(acme.apiKeys().isEmpty());
    }

    @Test
    void secretsComeFromTheEnvironment() {
        // When
        ProviderDefinition google = build(Map.of("integrations.providers.google.client-id", "app"),
                Map.of("INTEGRATIONS_PROVIDERS_GOOGLE_CLIENT_SECRET", "from-env")).get("google");

        // Then
        assertEquals("from-env", google.oauth().orElseThrow().clientSecret().reveal());
    }

    @Test
    void refusesAClientIdWithoutItsSecretNamingTheVariable() {
        // When
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> build(Map.of("integrations.providers.google.client-id", "app")));

        // Then
        assertTrue(refused.getMessage().contains("INTEGRATIONS_PROVIDERS_GOOGLE_CLIENT_SECRET"), refused.getMessage());
    }

    @Test
    void refusesAStandardsProviderWithoutItsUrls() {
        // When
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> build(Map.of(
                "integrations.providers.acme.preset", "oauth2", "integrations.providers.acme.client-id", "c",
                "integrations.providers.acme.client-secret", "s")));

        // Then
        assertTrue(refused.getMessage().contains("integrations.providers.acme.authorization-url is missing"), refused.getMessage());
    }

    @Test
    void refusesPlainHttpOffLoopback() {
        // When
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> build(Map.of(
                "integrations.providers.google.client-id", "c", "integrations.providers.google.client-secret", "s",
                "integrations.providers.google.token-url", "http://oauth.example.com/token")));

        // Then
        assertTrue(refused.getMessage().contains("token-url must be an https URL"), refused.getMessage());
    }

    @Test
    void acceptsPlainHttpOnLoopback() {
        // When
        ProviderDefinition google = build(Map.of("integrations.providers.google.client-id", "c",
                "integrations.providers.google.client-secret", "s",
                "integrations.providers.google.token-url", "http://127.0.0.1:8090/google/token")).get("google");

        // Then
        assertEquals(URI.create("http://127.0.0.1:8090/google/token"), google.oauth().orElseThrow().tokenUrl());
    }

    @Test
    void refusesAnUnknownPresetAndADisabledProviderIsGone() {
        // When / Then
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> build(Map.of("integrations.providers.acme.preset", "yahoo")));
        assertTrue(refused.getMessage().contains("no preset 'yahoo'"), refused.getMessage());
        assertFalse(build(Map.of("integrations.providers.mapbox.enabled", "false")).containsKey("mapbox"));
    }

    @Test
    void refusesAnApiEndpointTemplateWithoutItsPlaceholder() {
        // When
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> build(Map.of("integrations.providers.mailchimp.api-endpoint-template", "https://api.mailchimp.com")));

        // Then
        assertTrue(refused.getMessage().contains("{dc}"), refused.getMessage());
    }
}
