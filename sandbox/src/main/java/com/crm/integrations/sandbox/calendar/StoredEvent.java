package com.crm.integrations.sandbox.calendar;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One version of an event (a single event or a series), immutable: every change makes a new version that links to the
 * one before, so that a listing can see the calendar as it was at an earlier change ({@link #versionAt}). A deleted
 * event stays as a last version with {@link #deleted()} set and the fields it had.
 */
public final class StoredEvent {

    /** What never changes: the event's identity. */
    public record Identity(String id, String calendarId, String iCalUid, String transactionId, Instant created) {
    }

    private final Identity identity;
    private final EventFields fields;
    private final long fieldsSeq;
    private final Instant fieldsUpdated;
    private final int sequence;
    private final Map<String, OccurrenceChange> occurrenceChanges;
    private final boolean deleted;
    private final long seq;
    private final Instant updated;
    private final StoredEvent previous;

    private StoredEvent(Identity identity, EventFields fields, long fieldsSeq, Instant fieldsUpdated, int sequence,
            Map<String, OccurrenceChange> occurrenceChanges, boolean deleted, long seq, Instant updated, StoredEvent previous) {
        this.identity = identity;
        this.fields = fields;
        this.fieldsSeq = fieldsSeq;
        this.fieldsUpdated = fieldsUpdated;
        this.sequence = sequence;
        this.occurrenceChanges = Map.copyOf(occurrenceChanges);
        this.deleted = deleted;
        this.seq = seq;
        this.updated = updated;
        this.previous = previous;
    }

    public static StoredEvent created(Identity identity, EventFields fields, long seq, Instant at) {
        return new StoredEvent(identity, Objects.requireNonNull(fields), seq, at, 0, Map.of(), false, seq, at, null);
    }

    /** The next version with new fields; {@code sequence} goes up when the time or the rule changed. */
    public StoredEvent edited(EventFields changed, long newSeq, Instant at) {
        int nextSequence = changed.reschedules(fields) ? sequence + 1 : sequence;
        Map<String, OccurrenceChange> kept = Objects.equals(changed.recurrence(), fields.recurrence()) && changed.span().equals(fields.span())
                ? occurrenceChanges
                : Map.of(); // a new rule or start makes new occurrences: the old exceptions no longer apply
        return new StoredEvent(identity, changed, newSeq, at, nextSequence, kept, false, newSeq, at, this);
    }

    /** The next version with one occurrence changed (cancelled or made an exception). */
    public StoredEvent withOccurrence(OccurrenceChange change) {
        Map<String, OccurrenceChange> changes = new HashMap<>(occurrenceChanges);
        changes.put(change.key(), change);
        return new StoredEvent(identity, fields, fieldsSeq, fieldsUpdated, sequence, changes, false, change.seq(), change.updated(), this);
    }

    public StoredEvent asDeleted(long newSeq, Instant at) {
        return new StoredEvent(identity, fields, fieldsSeq, fieldsUpdated, sequence, occurrenceChanges, true, newSeq, at, this);
    }

    /**
     * This event in another calendar (Google's events.move): the same id, fields and occurrences, a new etag.
     *
     * @param before the destination's earlier version of this id (the event moved out of it before), or {@code null}
     */
    public StoredEvent movedTo(String calendarId, long newSeq, Instant at, StoredEvent before) {
        Identity moved = new Identity(identity.id(), calendarId, identity.iCalUid(), identity.transactionId(), identity.created());
        return new StoredEvent(moved, fields, newSeq, at, sequence, occurrenceChanges, false, newSeq, at, before);
    }

    /** The version current once the account's changes up to {@code atSeq} were made; {@code null} if it did not exist yet. */
    public StoredEvent versionAt(long atSeq) {
        StoredEvent version = this;
        while (version != null && version.seq > atSeq) {
            version = version.previous;
        }
        return version;
    }

    public Identity identity() {
        return identity;
    }

    public String id() {
        return identity.id();
    }

    public String calendarId() {
        return identity.calendarId();
    }

    public EventFields fields() {
        return fields;
    }

    public boolean recurring() {
        return fields.recurrence() != null;
    }

    /** The change that last touched the event's own fields (not one occurrence): its etag and change key come from it. */
    public long fieldsSeq() {
        return deleted ? seq : fieldsSeq;
    }

    public Instant fieldsUpdated() {
        return deleted ? updated : fieldsUpdated;
    }

    /** Google's {@code sequence}: how often it was rescheduled. */
    public int sequence() {
        return sequence;
    }

    public Map<String, OccurrenceChange> occurrenceChanges() {
        return occurrenceChanges;
    }

    public boolean deleted() {
        return deleted;
    }

    /** The change that made this version. */
    public long seq() {
        return seq;
    }

    public Instant updated() {
        return updated;
    }
}
