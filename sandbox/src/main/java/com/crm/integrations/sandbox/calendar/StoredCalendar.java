package com.crm.integrations.sandbox.calendar;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One calendar of an account and its events (the current version of each, deleted ones included), indexed by the last
 * change that touched each event, so that "what changed since" is a range. Not thread-safe: its account's lock guards
 * it ({@code CalendarStore}).
 */
public final class StoredCalendar {

    private final String id;
    private final String name;
    private final ZoneId zone;
    private final boolean primary;
    private final Instant created;
    private final Map<String, StoredEvent> events = new LinkedHashMap<>();
    private final NavigableMap<Long, String> bySeq = new TreeMap<>();
    private final Map<String, String> byTransactionId = new HashMap<>();

    public StoredCalendar(String id, String name, ZoneId zone, boolean primary, Instant created) {
        this.id = id;
        this.name = name;
        this.zone = zone;
        this.primary = primary;
        this.created = created;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public ZoneId zone() {
        return zone;
    }

    public boolean primary() {
        return primary;
    }

    public Instant created() {
        return created;
    }

    /** Stores a new version of an event (its first, or the next of the one stored). */
    public void put(StoredEvent version) {
        StoredEvent before = events.put(version.id(), version);
        if (before != null) {
            bySeq.remove(before.seq());
        }
        bySeq.put(version.seq(), version.id());
        if (version.identity().transactionId() != null) {
            byTransactionId.put(version.identity().transactionId(), version.id());
        }
    }

    /** The current version, deleted ones included. */
    public Optional<StoredEvent> event(String eventId) {
        return Optional.ofNullable(events.get(eventId));
    }

    /** Current versions, deleted ones included, in creation order. */
    public Collection<StoredEvent> events() {
        return Collections.unmodifiableCollection(events.values());
    }

    /** The current versions of events changed after change {@code seq}, in the order of their last change. */
    public List<StoredEvent> changedSince(long seq) {
        List<StoredEvent> changed = new ArrayList<>();
        for (String eventId : bySeq.tailMap(seq, false).values()) {
            changed.add(events.get(eventId));
        }
        return changed;
    }

    /** The live event created with this Graph {@code transactionId}. */
    public Optional<StoredEvent> byTransactionId(String transactionId) {
        return Optional.ofNullable(byTransactionId.get(transactionId)).map(events::get).filter(event -> !event.deleted());
    }

    /** When an event of it last changed, or its creation. */
    public Instant updated() {
        return bySeq.isEmpty() ? created : events.get(bySeq.lastEntry().getValue()).updated();
    }
}
