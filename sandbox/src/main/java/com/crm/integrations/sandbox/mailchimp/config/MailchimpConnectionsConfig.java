package com.crm.integrations.sandbox.mailchimp.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How many Marketing API requests of one account may be in flight at once ({@code sandbox.mailchimp.connections.*}). */
@ConfigMapping(prefix = "sandbox.mailchimp.connections")
public interface MailchimpConnectionsConfig {

    /**
     * Requests of one account (all its API keys and OAuth tokens together) in flight at once; one more gets 429
     * {@code Too Many Requests}. 0: no limit. Defaults to 10 (PROVIDERS.md §5.4, §8 #31).
     */
    @WithDefault("10")
    int limit();
}
