package com.crm.integrations.common.events.payload;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a health check of a connection's credential found ({@code connection.checked.v1}'s {@code outcome}). */
public enum ConnectionCheckOutcome implements WireNamed {
    /** The provider accepted the credential. */
    VALID("valid"),
    /** The provider refused it: the connection is {@code needs_reauth} now (a {@code connection.changed} says so when it was not). */
    REFUSED("refused"),
    /** The provider could not be asked (down, timed out, breaker open): nothing about the connection changed. */
    UNREACHABLE("unreachable");

    private final String wireName;

    ConnectionCheckOutcome(String wireName) {
        this.wireName = wireName;
    }

    @Override
    @JsonValue
    public String wireName() {
        return wireName;
    }
}
