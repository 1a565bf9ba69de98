package com.crm.integrations.sandbox.mailchimp.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The API's member writes ({@code sandbox.mailchimp.members.*}): Mailchimp's re-subscribe limit, "… has signed up to a
 * lot of lists very recently" (PROVIDERS.md §5.3 [obs]). Neither figure is documented [unconf]; tests change them at
 * runtime with {@code PUT /control/mailchimp/signup-limit}.
 */
@ConfigMapping(prefix = "sandbox.mailchimp.members")
public interface MailchimpMembersConfig {

    /**
     * How often one address may move from not subscribed to {@code subscribed} or {@code pending} through the API within
     * {@link #signupWindow()}, in any audience; one more is refused. 0: no limit. Defaults to 3.
     */
    @WithDefault("3")
    int signupLimit();

    /** The window of {@link #signupLimit()}, by the sandbox clock. Defaults to 24 hours. */
    @WithDefault("24h")
    Duration signupWindow();

    /** Most members in one batch subscribe ({@code POST /lists/{list_id}}); more → 400. Defaults to 500 (§5.3, §8 #33). */
    @WithDefault("500")
    int batchSubscribeMax();
}
