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

    /** The live stream ({@code integrations.status.stream.*}). */
    Stream stream();

    interface Stream {

        /** How often an idle stream sends a heartbeat comment (proxies close silent connections). Defaults to 15 s. */
        @WithDefault("15s")
        Duration heartbeat();

        /**
         * How often each replica looks at the change log even without a notification (one is lost while the listening
         * connection reconnects). Defaults to 1 s.
         */
        @WithDefault("1s")
        Duration pollInterval();

        /**
         * How long the change log keeps a change (pruned 1,000 rows per statement): a stream resumed with an id older than
         * this gets a whole snapshot instead of the changes it missed. Defaults to 1 hour.
         */
        @WithDefault("PT1H")
        Duration retention();

        /** How often the change log is pruned. Defaults to 1 minute. */
        @WithDefault("1m")
        Duration pruneInterval();
    }
}
