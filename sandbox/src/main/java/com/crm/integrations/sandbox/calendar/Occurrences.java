package com.crm.integrations.sandbox.calendar;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** Expands a series version into its occurrences, exceptions applied. */
public final class Occurrences {

    private Occurrences() {
    }

    /** Empty for a single event. */
    public static List<Occurrence> of(StoredEvent series, ZoneId calendarZone, Recurrence.Limits limits) {
        Recurrence rule = series.fields().recurrence();
        if (rule == null) {
            return List.of();
        }
        ZoneId zone = series.fields().zoneOr(calendarZone);
        Span first = series.fields().span();
        List<Occurrence> occurrences = new ArrayList<>();
        for (LocalDateTime start : rule.starts(first.localStart(zone), zone, limits)) {
            Span original = first.movedTo(start, zone);
            occurrences.add(occurrence(series, original));
        }
        return occurrences;
    }

    private static Occurrence occurrence(StoredEvent series, Span original) {
        String key = original.occurrenceKey();
        OccurrenceChange change = series.occurrenceChanges().get(key);
        long seq = series.fieldsSeq();
        Instant updated = series.fieldsUpdated();
        if (change != null && change.seq() > seq) {
            seq = change.seq();
            updated = change.updated();
        }
        if (change == null) {
            return new Occurrence(series, key, original, original, series.fields().summary(), series.deleted(), seq, updated);
        }
        return new Occurrence(series, key, original, change.span() == null ? original : change.span(),
                change.summary() == null ? series.fields().summary() : change.summary(), series.deleted() || change.cancelled(), seq,
                updated);
    }
}
