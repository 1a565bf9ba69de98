package com.crm.integrations.sandbox.calendar.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.calendar.CalendarAccount;
import com.crm.integrations.sandbox.calendar.Item;
import com.crm.integrations.sandbox.calendar.StoredCalendar;
import com.crm.integrations.sandbox.calendar.StoredEvent;
import com.crm.integrations.sandbox.provider.Provider;
import com.crm.integrations.sandbox.provider.ProviderRefusal;

/**
 * Graph's event listings, {@code GET /me/events} (the default calendar [mem]) and {@code /me/calendars/{id}/events}: the
 * calendar's live single events and series masters (occurrences are calendarView's), by start, optionally only those
 * with one extended property's value ({@code $filter}) and showing it ({@code $expand}): how a client finds the events
 * it tagged. Paged as the other listings: a snapshot taken by the first page, {@code @odata.nextLink} with a
 * {@code $skiptoken} (real Graph pages this list with {@code $skip} [mem]; follow the link verbatim either way).
 */
@Singleton
public class GraphEventList {

    private final CalendarStore store;
    private final SyncPaging paging;
    private final GraphCalendarReads reads;

    GraphEventList(CalendarStore store, SyncPaging paging, GraphCalendarReads reads) {
        this.store = store;
        this.paging = paging;
        this.reads = reads;
    }

    /** @param calendarId {@code null}: the default calendar */
    public Map<String, Object> list(GraphCall call, String calendarId, Map<String, List<String>> query) {
        GraphQuery options = GraphQuery.of(query, true, call.clientRequestId());
        int pageSize = reads.pageSize(call);
        return store.withAccount(Provider.MICROSOFT, call.account(), state -> {
            StoredCalendar calendar = GraphCalendarReads.calendar(state, calendarId, call);
            String skipToken = GraphCalendarReads.first(query, "$skiptoken");
            Listings.Page page = skipToken != null
                    ? paging.next(state, calendar, skipToken, pageSize, () -> unknownSkipToken(call), () -> unknownSkipToken(call))
                    : paging.open(state, calendar, items(calendar, options.filter()), false, SyncState.graph(null, null), pageSize);
            return page(call, state, calendar, calendarId, options, page);
        });
    }

    private static List<Item> items(StoredCalendar calendar, GraphQuery.PropertyMatch filter) {
        List<Item> items = new ArrayList<>();
        for (StoredEvent event : calendar.events()) {
            if (!event.deleted() && (filter == null || filter.matches(event.fields()))) {
                items.add(new Item(event, null, false));
            }
        }
        items.sort(Item.byStart(calendar.zone()));
        return items;
    }

    private Map<String, Object> page(GraphCall call, CalendarAccount state, StoredCalendar calendar, String calendarId, GraphQuery options,
            Listings.Page page) {
        GraphCall.Zone zone = reads.responseZone(call);
        List<Map<String, Object>> value = new ArrayList<>();
        for (Item item : page.items()) {
            value.add(GraphExtendedProperties.expand(GraphEventJson.event(item, state, calendar, zone), item.event().fields(), options.expand()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("@odata.context", reads.root(call) + "/$metadata#users('" + call.account() + "')"
                + (calendarId == null ? "" : "/calendars('" + calendarId + "')") + "/events");
        if (page.nextToken() != null) {
            body.put("@odata.nextLink", reads.base(call) + call.path() + "?" + options.linkQuery() + "$skiptoken=" + page.nextToken());
        }
        body.put("value", value);
        return body;
    }

    /** [unconf: Graph's answer to a skip token it does not know] */
    private static ProviderRefusal unknownSkipToken(GraphCall call) {
        return GraphErrors.refusal(400, "ErrorInvalidUrlQuery", "The $skiptoken is invalid or has expired.", call.clientRequestId());
    }
}
