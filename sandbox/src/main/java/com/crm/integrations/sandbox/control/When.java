package com.crm.integrations.sandbox.control;

import java.util.Locale;

import com.crm.integrations.sandbox.error.InvalidRequestException;

/**
 * When a rule acts on a request: {@link #BEFORE} the endpoint runs (a fault answers in its place, a latency holds the
 * request back), or {@link #AFTER} the endpoint did its work (a fault replaces its answer or closes the connection, a
 * latency holds its answer back): the provider stored the write, the client never learns it.
 */
public enum When {
    BEFORE, AFTER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param wireName {@code before}, {@code after}, or {@code null} for {@code before}
     * @throws InvalidRequestException for anything else
     */
    public static When of(String wireName) {
        if (wireName == null) {
            return BEFORE;
        }
        for (When when : values()) {
            if (when.wireName().equals(wireName)) {
                return when;
            }
        }
        throw new InvalidRequestException("when must be before or after");
    }
}
