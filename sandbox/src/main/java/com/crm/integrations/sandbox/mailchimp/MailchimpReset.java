package com.crm.integrations.sandbox.mailchimp;

/**
 * Fired by {@code POST /control/mailchimp/reset} and by the sandbox's reset: the Marketing API stand-in forgets its
 * audiences, members, webhooks and pending posts, and restores the configured retry policy. API keys and grants stay.
 */
public record MailchimpReset() {
}
