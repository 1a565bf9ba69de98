package com.crm.integrations.sandbox.calendar;

import java.time.Instant;

/**
 * One occurrence of a series that differs from the rule: cancelled, or moved or renamed (an exception).
 *
 * @param key the occurrence's original start ({@link Span#occurrenceKey()})
 * @param summary its own title, or {@code null} for the series'
 * @param span when it now takes place, or {@code null} for its original time
 * @param seq the account's change sequence number when it was last changed
 */
public record OccurrenceChange(String key, boolean cancelled, String summary, Span span, long seq, Instant updated) {
}
