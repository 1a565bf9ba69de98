package com.crm.integrations.sandbox.identity.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Configuration of the sandbox identity provider ({@code sandbox.identity.*}).
 */
@ConfigMapping(prefix = "sandbox.identity")
public interface IdentityConfig {

    /**
     * The {@code iss} of every token and the base of the discovery document's endpoints.
     * Defaults to {@code http://127.0.0.1:${quarkus.http.port}/idp}.
     */
    @WithDefault("http://127.0.0.1:${quarkus.http.port}/idp")
    String issuer();

    /**
     * The {@code aud} of every token. Defaults to {@code crm-integrations}.
     */
    @WithDefault("crm-integrations")
    String audience();

    /**
     * Client ids allowed to use the client-credentials grant. Defaults to the CRM's services.
     */
    @WithDefault("token-service,calendar-service,mailchimp-service,status-service,crm-gateway")
    List<String> clients();

    /**
     * The secret every registered client authenticates with. No default: while unset, every
     * client-credentials request is refused with {@code invalid_client}.
     */
    Optional<String> clientSecret();

    /**
     * Lifetime of a client-credentials token. Defaults to 300 seconds.
     */
    @WithDefault("300s")
    Duration tokenLifetime();

    /**
     * Scopes a client may ask for in a client-credentials request; any other is refused with
     * {@code invalid_scope}. Defaults to none.
     */
    Optional<List<String>> scopes();
}
