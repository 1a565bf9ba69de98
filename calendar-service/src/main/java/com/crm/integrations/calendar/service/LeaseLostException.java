package com.crm.integrations.calendar.service;

import java.util.UUID;

/** This replica's lease on a link lapsed and another took it: the run's transaction writes nothing. */
public class LeaseLostException extends RuntimeException {

    public LeaseLostException(UUID linkId) {
        super("The lease on link " + linkId + " was lost", null, false, false);
    }
}
