package com.crm.integrations.sandbox.calendar;

import java.time.Instant;

/**
 * One occurrence of a series version, with its exception applied.
 *
 * @param key its original start ({@link Span#occurrenceKey()}), the tail of its id
 * @param seq the last change that touched it: the series' fields or its own exception
 */
public record Occurrence(StoredEvent series, String key, Span originalSpan, Span span, String summary, boolean cancelled, long seq,
        Instant updated) {

    /** {@code <seriesId>_<key>}, as Google names instances. */
    public String id() {
        return idOf(series.id(), key);
    }

    public static String idOf(String seriesId, String key) {
        return seriesId + "_" + key;
    }
}
