package com.crm.integrations.sandbox.calendar;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;

/**
 * One entry of a listing: an event (single, or a series' master) or one occurrence, shown in full or as removed (deleted,
 * cancelled, or out of a Graph round's window).
 *
 * @param occurrence {@code null} for the event itself
 */
public record Item(StoredEvent event, Occurrence occurrence, boolean removed) {

    /** By start, then id: the order of full listings. */
    public static Comparator<Item> byStart(ZoneId calendarZone) {
        return Comparator.comparing((Item item) -> item.span().startIn(item.zone(calendarZone))).thenComparing(Item::id);
    }

    public String id() {
        return occurrence == null ? event.id() : occurrence.id();
    }

    public Span span() {
        return occurrence == null ? event.fields().span() : occurrence.span();
    }

    public String summary() {
        return occurrence == null ? event.fields().summary() : occurrence.summary();
    }

    public ZoneId zone(ZoneId calendarZone) {
        return event.fields().zoneOr(calendarZone);
    }

    public long seq() {
        return occurrence == null ? event.fieldsSeq() : occurrence.seq();
    }

    public Instant updated() {
        return occurrence == null ? event.fieldsUpdated() : occurrence.updated();
    }

    public Item asRemoved() {
        return removed ? this : new Item(event, occurrence, true);
    }
}
