package com.crm.integrations.token.config;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.crm.integrations.common.retry.HttpGuardConfig;
import com.crm.integrations.token.AccountSource;
import com.crm.integrations.token.ClientAuthentication;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

/**
 * The provider definitions, {@code integrations.providers.<name>.*}. A definition named like a
 * built-in preset ({@code google}, {@code microsoft}, {@code mailchimp}, {@code mapbox}) starts from
 * that preset; any other names one with {@code preset} ({@code oauth2} for a standards-compliant
 * OAuth 2.0 / OpenID Connect provider). Every key overrides the preset's value. Secrets
 * ({@code client-secret}) come from the environment, e.g.
 * {@code INTEGRATIONS_PROVIDERS_GOOGLE_CLIENT_SECRET}. See docs/providers.md.
 */
@ConfigMapping(prefix = "integrations.providers")
public interface ProvidersConfig {

    @WithParentName
    Map<String, ProviderConfig> definitions();

    interface ProviderConfig {

        /** The preset this definition starts from. Defaults to the definition's name when a preset has it. */
        Optional<String> preset();

        /** Whether the provider can be connected at all. Defaults to true. */
        @WithDefault("true")
        boolean enabled();

        /** The name shown to people. Defaults to the preset's. */
        Optional<String> displayName();

        /** The OAuth client id; OAuth connections are offered only when it is set. */
        Optional<String> clientId();

        /** The OAuth client secret: from the environment, never a committed file. */
        Optional<String> clientSecret();

        /** The authorization endpoint; {@code {tenant}} is replaced by {@link #tenant()}. */
        Optional<String> authorizationUrl();

        /** The token endpoint; {@code {tenant}} is replaced by {@link #tenant()}. */
        Optional<String> tokenUrl();

        /** RFC 7009 (or Google's) revocation endpoint; none: a disconnect is local. */
        Optional<URI> revokeUrl();

        /** OpenID Connect userinfo endpoint, for {@code account-source=userinfo}. */
        Optional<URI> userinfoUrl();

        /** Mailchimp's metadata endpoint (data centre and account). */
        Optional<URI> metadataUrl();

        /** Scopes asked for. */
        Optional<List<String>> scopes();

        /** Whether to use PKCE (S256). */
        Optional<Boolean> pkce();

        /** How the client authenticates at the token endpoint. */
        Optional<ClientAuthentication> clientAuthentication();

        /** Extra authorization-request parameters (Google: access_type=offline, prompt=consent). */
        Map<String, String> authorizationParameters();

        /** Microsoft's tenant segment ({@code {tenant}} in its URLs). Defaults to {@code common}. */
        Optional<String> tenant();

        /** Whether a first connection without a refresh token is refused. */
        Optional<Boolean> refreshTokenRequired();

        /** Where the connected account (id, e-mail or login) is read from. */
        Optional<AccountSource> accountSource();

        /** The provider's API host for a data centre, {@code {dc}} replaced: Mailchimp {@code https://{dc}.api.mailchimp.com}. */
        Optional<String> apiEndpointTemplate();

        /** Mapbox's token check ({@code GET <url>?access_token=}). */
        Optional<URI> tokenCheckUrl();

        /** Whether API-key connections are taken (Mailchimp, Mapbox). */
        Optional<Boolean> apiKeys();

        /** Outbound call settings for this provider. */
        HttpGuardConfig http();
    }
}
