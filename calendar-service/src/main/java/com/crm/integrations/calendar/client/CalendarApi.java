package com.crm.integrations.calendar.client;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.crm.integrations.common.events.payload.CalendarEventFields;
import com.crm.integrations.common.events.payload.CalendarProvider;

import io.smallrye.mutiny.Uni;

/**
 * One provider's calendar API, in the terms the sync shares. Failures leave as classified
 * {@code ProviderCallException}s (a 401 as category {@code auth}), and an expired cursor as
 * {@link SyncCursorExpiredException}.
 */
public interface CalendarApi {

    CalendarProvider provider();

    /** One page of a listing. */
    Uni<ListingPage> list(String accessToken, ListingRequest request);

    /** The account's calendars. */
    Uni<List<ProviderCalendar>> calendars(String accessToken);

    /** One event, or empty when the provider has it no more (deleted: 404 or 410). */
    Uni<Optional<ProviderEvent>> event(String accessToken, String calendarId, String providerEventId);

    /**
     * Creates a CRM activity's event, idempotently: sent again with the same key it answers the event the first
     * call made ({@link WriteResult.Written}), or {@link WriteResult.Gone} when that event was deleted since.
     */
    Uni<WriteResult> create(String accessToken, String calendarId, NewEvent event);

    /**
     * Changes the fields given (the others stay), if the event is still at version {@code ifMatch}:
     * {@link WriteResult.Stale} when it is not, {@link WriteResult.Gone} when it was deleted.
     */
    Uni<WriteResult> update(String accessToken, String calendarId, String providerEventId, String ifMatch,
            CalendarEventFields changes);

    /**
     * Deletes the event if it is still at version {@code ifMatch} ({@code null}: whatever its version):
     * {@link WriteResult.Removed} also when it was gone already, {@link WriteResult.Stale} when it changed.
     */
    Uni<WriteResult> delete(String accessToken, String calendarId, String providerEventId, String ifMatch);

    /**
     * The event we created for a CRM activity under {@code key}, found by the key or by the CRM id in its private
     * extended property; empty when there is none (or it was deleted).
     */
    Uni<Optional<ProviderEvent>> findCreated(String accessToken, String calendarId, String key, String crmEventId);

    /** A create as a call, sent alone by {@link #create} or in a {@link #batch}; {@code id} names it in its batch. */
    BatchCall createCall(String id, String calendarId, NewEvent event);

    /** An update as a call, sent alone by {@link #update} or in a {@link #batch}. */
    BatchCall updateCall(String id, String calendarId, String providerEventId, String ifMatch, CalendarEventFields changes);

    /** A delete as a call, sent alone by {@link #delete} or in a {@link #batch}. */
    BatchCall deleteCall(String id, String calendarId, String providerEventId, String ifMatch);

    /**
     * A move of the event to another calendar of the same account, as a call: Google's {@code events.move}; empty at
     * a provider without one (Graph has no move: a copy and a delete would be a new event, not the same one).
     */
    Optional<BatchCall> moveCall(String id, String calendarId, String providerEventId, String destinationCalendarId);

    /**
     * The look-up {@link #findCreated} makes, as a call of a batch: Graph's list of the calendar's events carrying the CRM
     * id; empty at a provider whose creates need none (Google's key is the event's id: a repeated create answers 409).
     */
    Optional<BatchCall> findCreatedCall(String id, String calendarId, String crmEventId);

    /** The event a {@link #findCreatedCall}'s answer names under {@code key}, if any (not cancelled). */
    Optional<ProviderEvent> createdIn(BatchAnswer answer, String key);

    /** The most calls one batch request of this provider holds (configured, within the provider's limit). */
    int batchSize();

    /**
     * Sends {@code calls} (at most {@link #batchSize()}) as one batch request, and answers each call's own answer by
     * its id. The batch fails as a whole only when the provider refused or lost the envelope (the guard repeats it
     * then: every call we batch is safe to repeat); a call the answer lacks is absent from the map.
     */
    Uni<Map<String, BatchAnswer>> batch(String accessToken, List<BatchCall> calls);
}
