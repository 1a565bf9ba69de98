package com.crm.integrations.sandbox.calendar.service;

import java.util.Map;

import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.calendar.CalendarAccount;
import com.crm.integrations.sandbox.calendar.CalendarView;
import com.crm.integrations.sandbox.calendar.EventFields;
import com.crm.integrations.sandbox.calendar.Item;
import com.crm.integrations.sandbox.calendar.Occurrence;
import com.crm.integrations.sandbox.calendar.StoredCalendar;
import com.crm.integrations.sandbox.calendar.StoredEvent;
import com.crm.integrations.sandbox.provider.Provider;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Google Calendar's writes (PROVIDERS.md §2.2): insert with an optional client id (409 {@code duplicate} on reuse),
 * patch, update and delete, each with {@code If-Match} (412 {@code conditionNotMet} when stale). An instance id
 * ({@code <seriesId>_<start>}) changes that one occurrence: patch and update make it an exception, delete cancels it.
 */
@Singleton
public class GoogleCalendarWrites {

    private final CalendarStore store;
    private final EventChanges changes;
    private final ObjectMapper json;

    GoogleCalendarWrites(CalendarStore store, EventChanges changes, ObjectMapper json) {
        this.store = store;
        this.changes = changes;
        this.json = json;
    }

    /** 200 and the new event. */
    public Map<String, Object> insert(String account, String calendarId, String body) {
        JsonNode event = parse(body);
        String id = event.hasNonNull("id") ? event.get("id").asText() : null;
        if (id != null && !CalendarIds.GOOGLE_EVENT_ID.matcher(id).matches()) {
            throw GoogleErrors.invalid("Invalid resource id value.");
        }
        EventFields fields = GoogleEventInput.read(event, EventFields.builder(), false);
        String iCalUid = event.hasNonNull("iCalUID") ? event.get("iCalUID").asText() : null;
        return store.withAccount(Provider.GOOGLE, account, state -> {
            StoredCalendar calendar = GoogleCalendarReads.calendar(state, calendarId);
            if (id != null && calendar.event(id).isPresent()) {
                throw GoogleErrors.duplicate();
            }
            StoredEvent created = changes.create(state, calendar, id, iCalUid, null, fields);
            return GoogleEventJson.event(new Item(created, null, false), calendar, account, true);
        });
    }

    public Map<String, Object> patch(String account, String calendarId, String eventId, String ifMatch, String body) {
        return change(account, calendarId, eventId, ifMatch, parse(body), true);
    }

    public Map<String, Object> update(String account, String calendarId, String eventId, String ifMatch, String body) {
        return change(account, calendarId, eventId, ifMatch, parse(body), false);
    }

    /** 410 {@code deleted} when it already was; an instance id cancels that occurrence. */
    public void delete(String account, String calendarId, String eventId, String ifMatch) {
        store.withAccount(Provider.GOOGLE, account, state -> {
            StoredCalendar calendar = GoogleCalendarReads.calendar(state, calendarId);
            Item item = live(calendar, eventId, ifMatch);
            if (item.occurrence() != null) {
                changes.changeOccurrence(state, calendar, item.occurrence(), true, null, null);
            } else {
                changes.delete(state, calendar, item.event());
            }
            return null;
        });
    }

    /**
     * events.move [mem: not in PROVIDERS.md]: the event leaves {@code calendarId} (deleted there) for {@code destination},
     * keeping its id; 200 and the event as it is there. An instance cannot move alone (400); an id live in the destination
     * is a 409 {@code duplicate} [unconf].
     */
    public Map<String, Object> move(String account, String calendarId, String eventId, String destination) {
        if (destination == null || destination.isBlank()) {
            throw GoogleErrors.requiredParameter("destination");
        }
        return store.withAccount(Provider.GOOGLE, account, state -> {
            StoredCalendar from = GoogleCalendarReads.calendar(state, calendarId);
            StoredCalendar to = GoogleCalendarReads.calendar(state, destination);
            Item item = live(from, eventId, null);
            if (item.occurrence() != null) {
                throw GoogleErrors.badRequest("Cannot move an instance of a recurring event: move the series.");
            }
            if (to == from) {
                return GoogleEventJson.event(item, from, account, true);
            }
            if (to.event(eventId).filter(event -> !event.deleted()).isPresent()) {
                throw GoogleErrors.duplicate();
            }
            StoredEvent moved = changes.move(state, from, to, item.event());
            return GoogleEventJson.event(new Item(moved, null, false), to, account, true);
        });
    }

    private Map<String, Object> change(String account, String calendarId, String eventId, String ifMatch, JsonNode body, boolean patch) {
        return store.withAccount(Provider.GOOGLE, account, state -> {
            StoredCalendar calendar = GoogleCalendarReads.calendar(state, calendarId);
            Item item = live(calendar, eventId, ifMatch);
            Item changed = item.occurrence() != null
                    ? changeOccurrence(state, calendar, item.occurrence(), body, patch)
                    : edit(state, calendar, item.event(), body, patch);
            return GoogleEventJson.event(changed, calendar, account, true);
        });
    }

    private Item edit(CalendarAccount state, StoredCalendar calendar, StoredEvent event, JsonNode body, boolean patch) {
        EventFields fields = GoogleEventInput.read(body, patch ? event.fields().toBuilder() : EventFields.builder(), patch);
        return new Item(changes.edit(state, calendar, event, fields), null, false);
    }

    /** An occurrence takes its own title and time; the rest stays the series'. */
    private Item changeOccurrence(CalendarAccount state, StoredCalendar calendar, Occurrence occurrence, JsonNode body, boolean patch) {
        EventFields.Builder base = occurrence.series().fields().toBuilder().summary(occurrence.summary()).span(occurrence.span()).recurrence(null);
        EventFields fields = GoogleEventInput.read(body, patch ? base : EventFields.builder().zone(base.zone()), patch);
        changes.changeOccurrence(state, calendar, occurrence, false, fields.summary(), fields.span());
        return CalendarView.find(calendar, occurrence.id(), store.limits()).orElseThrow(GoogleErrors::notFound);
    }

    /** The item, unless it is gone (404), deleted (410) or {@code If-Match} names another version (412). */
    private Item live(StoredCalendar calendar, String eventId, String ifMatch) {
        Item item = CalendarView.find(calendar, eventId, store.limits()).orElseThrow(GoogleErrors::notFound);
        if (item.removed()) {
            throw GoogleErrors.deleted();
        }
        if (ifMatch != null && !"*".equals(ifMatch.trim()) && !ifMatch.trim().equals(CalendarIds.googleEtag(item))) {
            throw GoogleErrors.conditionNotMet();
        }
        return item;
    }

    private JsonNode parse(String body) {
        try {
            JsonNode node = body == null || body.isBlank() ? null : json.readTree(body);
            if (node == null || !node.isObject()) {
                throw GoogleErrors.parseError();
            }
            return node;
        } catch (JsonProcessingException malformed) {
            throw GoogleErrors.parseError();
        }
    }
}
