package com.crm.integrations.mailchimp.client;

/**
 * Mailchimp refused the connection's token or key (401) and token-service confirmed it, or token-service hands out no
 * token for the connection: nothing more can be done with it until someone reconnects it. The message is ours, fit for
 * a problem body and a paused reason.
 */
public class MailchimpRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MailchimpRejectedException(String message) {
        super(message, null, false, false);
    }
}
