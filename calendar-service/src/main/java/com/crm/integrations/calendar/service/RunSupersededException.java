package com.crm.integrations.calendar.service;

import java.util.UUID;

/** The run lists a calendar or account its link no longer syncs: its page transaction writes nothing. */
public class RunSupersededException extends RuntimeException {

    public RunSupersededException(UUID linkId) {
        super("The sync run of link " + linkId + " was superseded", null, false, false);
    }
}
