package com.crm.integrations.sandbox.mailchimp.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How {@code /batches} requests are processed ({@code sandbox.mailchimp.batches.*}). Mailchimp takes minutes; the
 * stand-in is quicker but never finishes at once, so a client's polling is exercised. Tests change the pace at runtime
 * with {@code PUT /control/mailchimp/batches/processing}.
 */
@ConfigMapping(prefix = "sandbox.mailchimp.batches")
public interface MailchimpBatchesConfig {

    /** How long a batch stays {@code pending} before its operations start. Defaults to 1 s. */
    @WithDefault("1s")
    Duration startDelay();

    /** Operations run per second, one batch at a time each. Defaults to 500. */
    @WithDefault("500")
    int operationsPerSecond();

    /** Results per JSON file of the archive. Defaults to 1000 [unconf: Mailchimp's split is not documented]. */
    @WithDefault("1000")
    int resultsPerFile();

    /**
     * Scheme, host and port of {@code response_body_url} (e.g. behind a proxy). Default: those of the request that reads
     * the batch.
     */
    Optional<String> resultsBaseUrl();
}
