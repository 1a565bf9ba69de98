package com.crm.integrations.sandbox.provider.rest;

import com.crm.integrations.sandbox.error.InvalidRequestException;

/** The JSON body of {@code POST /control/clock}: seconds to move the stand-ins' clock forward (1-31536000). */
public record ClockRequest(Long advanceSeconds) {

    long validSeconds() {
        if (advanceSeconds == null || advanceSeconds < 1 || advanceSeconds > 31_536_000) {
            throw new InvalidRequestException("advanceSeconds must be between 1 and 31536000");
        }
        return advanceSeconds;
    }
}
