package com.crm.integrations.sandbox.mailchimp.service;

import java.time.Duration;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.sandbox.mailchimp.MailchimpReset;
import com.crm.integrations.sandbox.mailchimp.RetryPolicy;
import com.crm.integrations.sandbox.mailchimp.config.MailchimpWebhooksConfig;

/**
 * The webhook delivery policy in force: the configured one ({@code sandbox.mailchimp.webhooks.*}) until the control API
 * sets another, so that one running sandbox serves a test that needs short delays. A reset restores the configured one.
 */
@Singleton
public class RetryPolicies {

    private static final Logger LOG = Logger.getLogger(RetryPolicies.class);

    private final RetryPolicy configured;
    private final Duration validationTimeout;
    private volatile RetryPolicy current;

    RetryPolicies(MailchimpWebhooksConfig config) {
        this.configured = new RetryPolicy(config.timeout(), config.firstRetry(), config.backoffFactor(), config.maxWindow());
        this.validationTimeout = config.validationTimeout();
        this.current = configured;
    }

    public RetryPolicy current() {
        return current;
    }

    /** How long the {@code GET} that validates a webhook URL waits. */
    public Duration validationTimeout() {
        return validationTimeout;
    }

    /** Each {@code null} keeps the figure in force; for attempts and retries scheduled from now on. */
    public RetryPolicy change(Duration timeout, Duration firstRetry, Double factor, Duration maxWindow) {
        RetryPolicy now = current;
        RetryPolicy next = new RetryPolicy(timeout == null ? now.timeout() : timeout, firstRetry == null ? now.firstRetry() : firstRetry,
                factor == null ? now.factor() : factor, maxWindow == null ? now.maxWindow() : maxWindow);
        current = next;
        LOG.infof("Mailchimp webhook delivery policy: timeout=%dms firstRetry=%dms factor=%s maxWindow=%dms", next.timeout().toMillis(),
                next.firstRetry().toMillis(), next.factor(), next.maxWindow().toMillis());
        return next;
    }

    void reset(@Observes MailchimpReset reset) {
        current = configured;
    }
}
