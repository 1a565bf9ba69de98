package com.crm.integrations.common.tokens;

import java.net.URI;
import java.time.Duration;

import com.crm.integrations.common.retry.HttpGuardConfig;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How a service calls token-service's internal API ({@code integrations.token-service.*}): where it is, how long an
 * access token is kept in memory, and the guard of the calls. Every key has a default, so a service that never calls
 * token-service (token-service itself, status-service) starts without setting any.
 */
@ConfigMapping(prefix = "integrations.token-service")
public interface TokenServiceClientConfig {

    /**
     * token-service's base URL; {@code quarkus.rest-client.token-service.url} follows it. Defaults to
     * {@code http://localhost:8081} (the local run's), set in common's {@code META-INF/microprofile-config.properties}
     * so that the REST client's URL and this key have one default.
     */
    URI url();

    /** The longest an access token is kept in memory. Defaults to 60 s. */
    @WithDefault("60s")
    Duration maxAge();

    /** A kept token is dropped this long before it expires. Defaults to 60 s. */
    @WithDefault("60s")
    Duration expiryMargin();

    /** Timeouts, retries and breaker ({@code token-service}) of the calls to token-service. */
    HttpGuardConfig http();
}
