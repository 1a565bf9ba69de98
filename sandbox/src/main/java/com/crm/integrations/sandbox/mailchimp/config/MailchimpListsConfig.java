package com.crm.integrations.sandbox.mailchimp.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Paging of the Marketing API's collections ({@code sandbox.mailchimp.lists.*}: audiences, members, webhooks). */
@ConfigMapping(prefix = "sandbox.mailchimp.lists")
public interface MailchimpListsConfig {

    /** {@code count} when absent. Defaults to 10 (Mailchimp's). */
    @WithDefault("10")
    int defaultCount();

    /** Largest {@code count}; a larger one is cut to it. Defaults to 1000 (Mailchimp's). */
    @WithDefault("1000")
    int maxCount();

    /** Most members one {@code POST /control/mailchimp/lists/{id}/members/seed} adds. Defaults to 10000. */
    @WithDefault("10000")
    int maxSeedCount();
}
