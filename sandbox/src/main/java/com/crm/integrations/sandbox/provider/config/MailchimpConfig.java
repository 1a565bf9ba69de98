package com.crm.integrations.sandbox.provider.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The Mailchimp stand-in's accounts ({@code sandbox.mailchimp.*}). */
@ConfigMapping(prefix = "sandbox.mailchimp")
public interface MailchimpConfig {

    /** The data centre of an account that consents without choosing one. Defaults to {@code us21}. */
    @WithDefault("us21")
    String dc();

    /**
     * The metadata's {@code api_endpoint}, {@code {dc}} replaced by the account's data centre; API calls go to
     * {@code {api_endpoint}/3.0/...}. Defaults to {@code http://127.0.0.1:${quarkus.http.port}/mailchimp-api/{dc}}.
     */
    @WithDefault("http://127.0.0.1:${quarkus.http.port}/mailchimp-api/{dc}")
    String apiEndpointTemplate();
}
