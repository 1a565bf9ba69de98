package com.crm.integrations.sandbox.calendar.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.calendar.CalendarAccount;
import com.crm.integrations.sandbox.calendar.CalendarView;
import com.crm.integrations.sandbox.calendar.Item;
import com.crm.integrations.sandbox.calendar.StoredCalendar;
import com.crm.integrations.sandbox.calendar.config.CalendarConfig;
import com.crm.integrations.sandbox.provider.Provider;

/**
 * Google Calendar's reads (PROVIDERS.md §2.1, §2.2): {@code calendarList.list}, {@code events.list} with its full and
 * incremental listings, and {@code events.get}. Answers are the provider's JSON as maps; refusals are
 * {@link com.crm.integrations.sandbox.provider.ProviderRefusal}s in Google's words.
 */
@Singleton
public class GoogleCalendarReads {

    private final CalendarStore store;
    private final SyncPaging paging;
    private final CalendarConfig.Google config;

    GoogleCalendarReads(CalendarStore store, SyncPaging paging, CalendarConfig config) {
        this.store = store;
        this.paging = paging;
        this.config = config.google();
    }

    public Map<String, Object> calendarList(String account) {
        return store.withAccount(Provider.GOOGLE, account, state -> GoogleEventJson.calendarList(state.calendars()));
    }

    public Map<String, Object> events(String account, String calendarId, Map<String, List<String>> query) {
        GoogleListQuery list = GoogleListQuery.parse(query, config);
        return store.withAccount(Provider.GOOGLE, account, state -> {
            StoredCalendar calendar = calendar(state, calendarId);
            Listings.Page page;
            if (list.pageToken() != null) {
                page = paging.next(state, calendar, list.pageToken(), list.maxResults(),
                        () -> GoogleErrors.invalidParameter("pageToken", "Invalid page token value."), GoogleErrors::fullSyncRequired);
            } else if (list.syncToken() != null) {
                SyncState since = paging.since(state, calendar, list.syncToken(), config.syncTokenLifetime(), GoogleErrors::fullSyncRequired);
                if (since.singleEvents() != list.singleEvents()) {
                    throw GoogleErrors.invalidParameter("singleEvents", "singleEvents must be as in the listing that issued the sync token.");
                }
                List<Item> changed = list.view().changedSince(calendar, since.seq(), store.limits());
                page = paging.open(state, calendar, changed, true, SyncState.google(list.singleEvents()), list.maxResults());
            } else {
                page = paging.open(state, calendar, full(calendar, list), false, SyncState.google(list.singleEvents()), list.maxResults());
            }
            List<Map<String, Object>> items = new ArrayList<>(page.items().size());
            for (Item item : page.items()) {
                items.add(GoogleEventJson.event(item, calendar, account, false));
            }
            return GoogleEventJson.events(calendar, items, page.nextToken(), paging.syncToken(page));
        });
    }

    public Map<String, Object> get(String account, String calendarId, String eventId) {
        return store.withAccount(Provider.GOOGLE, account, state -> {
            StoredCalendar calendar = calendar(state, calendarId);
            Item item = CalendarView.find(calendar, eventId, store.limits()).orElseThrow(GoogleErrors::notFound);
            return GoogleEventJson.event(item, calendar, account, true);
        });
    }

    private List<Item> full(StoredCalendar calendar, GoogleListQuery list) {
        Comparator<Item> order = "updated".equals(list.orderBy())
                ? Comparator.comparing(Item::updated).thenComparing(Item::id)
                : Item.byStart(calendar.zone());
        return list.view().all(calendar, store.limits()).stream()
                .filter(item -> list.shows(item, calendar.zone(), store.limits()))
                .sorted(order)
                .toList();
    }

    /** {@code primary} or the primary calendar's own id (the account), or another calendar's id. */
    static StoredCalendar calendar(CalendarAccount account, String calendarId) {
        if ("primary".equals(calendarId)) {
            return account.primary();
        }
        return account.calendar(calendarId).orElseThrow(GoogleErrors::notFound);
    }
}
