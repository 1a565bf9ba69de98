package com.crm.integrations.sandbox.mailchimp.service;

import com.crm.integrations.sandbox.mailchimp.WebhookEvent;

/** One post to one webhook, until delivered, given up or dropped; {@link WebhookDeliveries}' lock guards its state. */
final class Delivery {

    final long id;
    final String webhookId;
    final WebhookEvent event;
    final String body;
    /** The next post of the same change, first sent once this one had its first answer; {@code null} for none. */
    Delivery next;
    int attempts;
    long firstAttemptNanos;
    /** The timer of the retry waiting, {@code -1} for none. */
    long timerId = -1;

    Delivery(long id, String webhookId, WebhookEvent event) {
        this.id = id;
        this.webhookId = webhookId;
        this.event = event;
        this.body = event.formBody();
    }
}
