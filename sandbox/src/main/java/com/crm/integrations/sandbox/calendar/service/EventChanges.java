package com.crm.integrations.sandbox.calendar.service;

import java.time.Instant;
import java.time.ZoneId;

import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.calendar.CalendarAccount;
import com.crm.integrations.sandbox.calendar.EventFields;
import com.crm.integrations.sandbox.calendar.Occurrence;
import com.crm.integrations.sandbox.calendar.OccurrenceChange;
import com.crm.integrations.sandbox.calendar.Span;
import com.crm.integrations.sandbox.calendar.StoredCalendar;
import com.crm.integrations.sandbox.calendar.StoredEvent;
import com.crm.integrations.sandbox.provider.service.SandboxClock;

/**
 * The changes a user or an API client makes to an account's calendars, each one the account's next change: the one path
 * of the control API, Google's and Graph's writes. Callers hold the account's lock ({@link CalendarStore#withAccount}).
 * Times come from the sandbox clock, so a test that moves it moves {@code created} and {@code updated} too.
 */
@Singleton
public class EventChanges {

    private final SandboxClock clock;

    EventChanges(SandboxClock clock) {
        this.clock = clock;
    }

    public StoredCalendar addCalendar(CalendarAccount account, String name, ZoneId zone) {
        StoredCalendar calendar = new StoredCalendar(CalendarIds.newCalendarId(account.provider()), name, zone, false, clock.now());
        account.add(calendar);
        return calendar;
    }

    /**
     * @param id the client's id, or {@code null} for a new one
     * @param iCalUid the client's, or {@code null} for the provider's form
     */
    public StoredEvent create(CalendarAccount account, StoredCalendar calendar, String id, String iCalUid, String transactionId,
            EventFields fields) {
        String eventId = id == null ? CalendarIds.newEventId(account.provider()) : id;
        Instant now = clock.now();
        StoredEvent.Identity identity = new StoredEvent.Identity(eventId, calendar.id(),
                iCalUid == null ? CalendarIds.iCalUid(account.provider(), eventId) : iCalUid, transactionId, now);
        StoredEvent event = StoredEvent.created(identity, fields, account.nextSeq(), now);
        calendar.put(event);
        return event;
    }

    public StoredEvent edit(CalendarAccount account, StoredCalendar calendar, StoredEvent current, EventFields fields) {
        StoredEvent edited = current.edited(fields, account.nextSeq(), clock.now());
        calendar.put(edited);
        return edited;
    }

    public StoredEvent delete(CalendarAccount account, StoredCalendar calendar, StoredEvent current) {
        StoredEvent deleted = current.asDeleted(account.nextSeq(), clock.now());
        calendar.put(deleted);
        return deleted;
    }

    /**
     * Moves an event to another calendar of the account: deleted in {@code from} (its listings show it removed), live in
     * {@code to} with the same id.
     */
    public StoredEvent move(CalendarAccount account, StoredCalendar from, StoredCalendar to, StoredEvent current) {
        from.put(current.asDeleted(account.nextSeq(), clock.now()));
        StoredEvent moved = current.movedTo(to.id(), account.nextSeq(), clock.now(), to.event(current.id()).orElse(null));
        to.put(moved);
        return moved;
    }

    /**
     * Cancels one occurrence, or makes it an exception with its own title or time.
     *
     * @param summary {@code null} to keep the one it has
     * @param span {@code null} to keep the one it has
     */
    public StoredEvent changeOccurrence(CalendarAccount account, StoredCalendar calendar, Occurrence occurrence, boolean cancel,
            String summary, Span span) {
        OccurrenceChange before = occurrence.series().occurrenceChanges().get(occurrence.key());
        String newSummary = summary != null ? summary : before == null ? null : before.summary();
        Span newSpan = span != null ? span : before == null ? null : before.span();
        OccurrenceChange change = new OccurrenceChange(occurrence.key(), cancel, newSummary, newSpan, account.nextSeq(), clock.now());
        StoredEvent changed = occurrence.series().withOccurrence(change);
        calendar.put(changed);
        return changed;
    }
}
