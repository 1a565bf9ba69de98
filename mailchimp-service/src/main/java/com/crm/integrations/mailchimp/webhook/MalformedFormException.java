package com.crm.integrations.mailchimp.webhook;

/** A webhook body that is not a form we can read; the message says why, in words fit for the deliveries list. */
public class MalformedFormException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MalformedFormException(String reason) {
        super(reason, null, false, false);
    }
}
