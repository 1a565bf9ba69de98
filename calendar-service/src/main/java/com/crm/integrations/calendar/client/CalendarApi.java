package com.crm.integrations.calendar.client;

import java.util.List;
import java.util.Optional;

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
}
