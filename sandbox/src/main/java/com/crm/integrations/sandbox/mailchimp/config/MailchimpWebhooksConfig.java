package com.crm.integrations.sandbox.mailchimp.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The audience webhooks' delivery ({@code sandbox.mailchimp.webhooks.*}, PROVIDERS.md §6.4). Tests shorten the retry
 * figures at runtime through {@code PUT /control/mailchimp/webhooks/retry-policy} rather than by profile.
 */
@ConfigMapping(prefix = "sandbox.mailchimp.webhooks")
public interface MailchimpWebhooksConfig {

    /** How long a post waits for its answer; slower counts as failed. Defaults to 10 s (§6.4, §8 #35). */
    @WithDefault("10s")
    Duration timeout();

    /** How long the {@code GET} that validates a new or moved webhook URL waits. Defaults to 10 s (§6.1: not stated). */
    @WithDefault("10s")
    Duration validationTimeout();

    /** The wait before the first retry of a failed post. Defaults to 1 minute (Mailchimp's schedule is not documented). */
    @WithDefault("1m")
    Duration firstRetry();

    /** Each later wait is this many times the one before. Defaults to 2. */
    @WithDefault("2")
    double backoffFactor();

    /** No retry starts later than this after the post's first attempt. Defaults to 75 minutes (§6.4, §8 #36). */
    @WithDefault("75m")
    Duration maxWindow();

    /** Delivery attempts kept per webhook by the delivery log; older ones are dropped and counted. Defaults to 1000. */
    @WithDefault("1000")
    int logCapacity();
}
