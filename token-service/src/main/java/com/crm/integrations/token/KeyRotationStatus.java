package com.crm.integrations.token;

import com.crm.integrations.common.events.payload.WireNamed;

/** Where a key rotation run stands. */
public enum KeyRotationStatus implements WireNamed {
    /** Stored and not finished: a worker on some replica re-seals its rows, or will claim it. */
    RUNNING("running"),
    /** Every stored token is sealed under the run's target key. */
    COMPLETED("completed"),
    /** Stopped for good with an error; start another run to resume. */
    FAILED("failed");

    private final String wireName;

    KeyRotationStatus(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
