package com.crm.integrations.sandbox.mailchimp.service;

import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.control.SandboxReset;
import com.crm.integrations.sandbox.mailchimp.MailchimpReset;

/** Passes the sandbox's reset on to the Marketing API stand-in, which observes {@link MailchimpReset} only. */
@Singleton
public class MailchimpResets {

    private final Event<MailchimpReset> resets;

    MailchimpResets(Event<MailchimpReset> resets) {
        this.resets = resets;
    }

    /** {@code POST /control/mailchimp/reset}: the Marketing API stand-in alone. */
    public void resetMailchimp() {
        resets.fire(new MailchimpReset());
    }

    void sandboxReset(@Observes SandboxReset reset) {
        resetMailchimp();
    }
}
