package com.crm.integrations.sandbox.provider.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The apps registered at the OAuth stand-ins ({@code sandbox.providers.*}): one client per provider, all sharing one
 * secret and one list of redirect URIs.
 */
@ConfigMapping(prefix = "sandbox.providers")
public interface ProvidersConfig {

    /**
     * The client secret of every stand-in app (env {@code SANDBOX_PROVIDERS_CLIENT_SECRET}). No default: while unset,
     * every token request gets the provider's {@code invalid_client}.
     */
    Optional<String> clientSecret();

    /**
     * Registered redirect URIs, compared exactly (scheme, host, port, path, trailing slash). Defaults to
     * {@code http://127.0.0.1:8081/oauth/{google,microsoft,mailchimp,generic}/callback} and the same with
     * {@code localhost}.
     */
    @WithDefault("http://127.0.0.1:8081/oauth/google/callback,http://127.0.0.1:8081/oauth/microsoft/callback,"
            + "http://127.0.0.1:8081/oauth/mailchimp/callback,http://127.0.0.1:8081/oauth/generic/callback,"
            + "http://localhost:8081/oauth/google/callback,http://localhost:8081/oauth/microsoft/callback,"
            + "http://localhost:8081/oauth/mailchimp/callback,http://localhost:8081/oauth/generic/callback")
    List<String> redirectUris();

    /**
     * Lifetime of an authorization code, and of a consent page. Defaults to 10 minutes (Google and Microsoft: ~10 min).
     */
    @WithDefault("10m")
    Duration codeLifetime();

    /** The e-mail or login the consent page proposes. Defaults to {@code sandbox.user@example.com}. */
    @WithDefault("sandbox.user@example.com")
    String defaultAccount();

    Google google();

    Microsoft microsoft();

    Mailchimp mailchimp();

    Generic generic();

    interface Google {
        /** Defaults to {@code sandbox-client.apps.googleusercontent.com}. */
        @WithDefault("sandbox-client.apps.googleusercontent.com")
        String clientId();

        /** {@code expires_in} of access tokens. Defaults to 3599 seconds, as Google answers. */
        @WithDefault("3599s")
        Duration accessTokenLifetime();
    }

    interface Microsoft {
        /** The application (client) id, a GUID. Defaults to {@code 00000000-0000-4000-8000-000000000001}. */
        @WithDefault("00000000-0000-4000-8000-000000000001")
        String clientId();

        /** {@code expires_in} and {@code ext_expires_in} of access tokens. Defaults to 3599 seconds. */
        @WithDefault("3599s")
        Duration accessTokenLifetime();
    }

    interface Mailchimp {
        /** Defaults to {@code 123456789012}. Mailchimp tokens never expire ({@code expires_in: 0}): no lifetime to set. */
        @WithDefault("123456789012")
        String clientId();
    }

    interface Generic {
        /** Defaults to {@code sandbox-generic-client}. */
        @WithDefault("sandbox-generic-client")
        String clientId();

        /** Defaults to 3600 seconds. */
        @WithDefault("3600s")
        Duration accessTokenLifetime();

        /** {@code iss} of its id_tokens and base of its discovery document. Defaults to {@code http://127.0.0.1:${quarkus.http.port}/generic}. */
        @WithDefault("http://127.0.0.1:${quarkus.http.port}/generic")
        String issuer();
    }
}
