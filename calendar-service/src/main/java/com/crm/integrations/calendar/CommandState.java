package com.crm.integrations.calendar;

import com.crm.integrations.common.events.payload.WireNamed;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where a CRM command stands. */
public enum CommandState implements WireNamed {
    /** Waiting for its turn, its link, or its next attempt after a failure. */
    PENDING("pending"),
    /** A worker carries it out now (under a lease that lapses if the worker dies). */
    RUNNING("running"),
    /** Carried out: the calendar holds what the CRM asked for. */
    SUCCEEDED("succeeded"),
    /** Settled by the tenant's conflict rule: the user had changed the event meanwhile and their version was kept. */
    CONFLICT("conflict"),
    /** Given up: published as {@code calendar.command-failed.v1}. */
    FAILED("failed"),
    /** A batch's item that was not sent because its job was cancelled first. */
    CANCELLED("cancelled");

    private final String wireName;

    CommandState(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    @Override
    public String wireName() {
        return wireName;
    }
}
