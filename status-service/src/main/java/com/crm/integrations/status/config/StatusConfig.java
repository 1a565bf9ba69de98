package com.crm.integrations.status.config;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** status-service's settings ({@code integrations.status.*}); docs/configuration.md lists them. */
@ConfigMapping(prefix = "integrations.status")
public interface StatusConfig {

    /**
     * The providers a tenant that never saved a connection policy allows: token-service's default is every provider
     * it is configured for, which status-service cannot see. Defaults to the four the CRM shows.
     */
    @WithDefault("google,microsoft,mailchimp,mapbox")
    List<String> defaultProviders();

    /**
     * How long after its expiry an OAuth access token that was not refreshed counts as overdue (token-service refreshes
     * ahead of expiry, so one past this is a sign its refreshes are not running). Defaults to 15 minutes.
     */
    @WithDefault("15m")
    Duration tokenOverdue();
}
