package com.crm.integrations.token.service;

import com.crm.integrations.common.events.payload.WireNamed;

/** What a refresh run did with one due connection: the counts of its report. */
public enum RefreshOutcome implements WireNamed {
    /** A replica is refreshing it now. */
    IN_FLIGHT("in_flight"),
    REFRESHED("refreshed"),
    /** The grant is dead: the user must reconnect. */
    NEEDS_REAUTH("needs_reauth"),
    /** The provider refused our app: an operator must fix its configuration. */
    MISCONFIGURED("misconfigured"),
    /** Another refusal the provider will repeat. */
    ERROR("error"),
    /** The provider asked us to slow down; the connection waits for its Retry-After. */
    RATE_LIMITED("rate_limited"),
    /** The provider failed for now; the connection backs off and a later run tries again. */
    TRANSIENT_FAILURE("transient_failure"),
    /** Someone else (a caller of the internal API, another run) held its refresh lease. */
    SKIPPED_LEASED("skipped_leased"),
    /** The provider's circuit breaker was open: not tried, not failed. */
    SKIPPED_BREAKER_OPEN("skipped_breaker_open"),
    /** Its last failure's retry time had not come. */
    SKIPPED_RETRY_AT("skipped_retry_at"),
    /** The replica refreshing it stopped before it recorded the outcome (its lease ran out). */
    INTERRUPTED("interrupted");

    private final String wireName;

    RefreshOutcome(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
