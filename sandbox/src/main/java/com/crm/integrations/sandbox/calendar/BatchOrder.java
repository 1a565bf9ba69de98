package com.crm.integrations.sandbox.calendar;

import java.util.Locale;

import com.crm.integrations.sandbox.error.InvalidRequestException;

/**
 * The order of a batch's answers: as the requests came ({@link #REQUEST}), backwards ({@link #REVERSED}), or shuffled
 * ({@link #SHUFFLED}, reproducible with a seed). Both providers let answers come in any order (Graph, PROVIDERS.md §4.4)
 * or run calls in any order (Google, §2.4), so a client must match them by {@code Content-ID} or {@code id}.
 */
public enum BatchOrder {
    REQUEST, REVERSED, SHUFFLED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws InvalidRequestException unless {@code request}, {@code reversed} or {@code shuffled} */
    public static BatchOrder of(String wireName) {
        for (BatchOrder order : values()) {
            if (order.wireName().equals(wireName)) {
                return order;
            }
        }
        throw new InvalidRequestException("order must be request, reversed or shuffled");
    }
}
