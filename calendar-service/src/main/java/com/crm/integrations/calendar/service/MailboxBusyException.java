package com.crm.integrations.calendar.service;

/** Every call slot of a mailbox stayed taken for the longest wait: the calls to it go on elsewhere; try later. */
public class MailboxBusyException extends RuntimeException {

    public MailboxBusyException(String mailbox) {
        super("Every call slot of mailbox " + mailbox + " stayed taken", null, false, false);
    }
}
