package com.crm.integrations.sandbox.mailchimp.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Campaigns sent through the API ({@code sandbox.mailchimp.campaigns.*}). */
@ConfigMapping(prefix = "sandbox.mailchimp.campaigns")
public interface MailchimpCampaignsConfig {

    /**
     * How long a campaign stays {@code sending} after {@code POST /campaigns/{id}/actions/send} before it is {@code sent}
     * (real time). Defaults to 1 s: Mailchimp's depends on the audience's size [unconf].
     */
    @WithDefault("1s")
    Duration sendDuration();
}
