package com.crm.integrations.sandbox.calendar.service;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.calendar.CalendarAccount;
import com.crm.integrations.sandbox.calendar.CalendarReset;
import com.crm.integrations.sandbox.calendar.CalendarView;
import com.crm.integrations.sandbox.calendar.Item;
import com.crm.integrations.sandbox.calendar.StoredCalendar;
import com.crm.integrations.sandbox.calendar.config.CalendarConfig;
import com.crm.integrations.sandbox.provider.Provider;
import com.crm.integrations.sandbox.provider.ProviderRefusal;

/**
 * Graph's calendar reads (PROVIDERS.md §4.1, §4.3): the calendars, {@code calendarView/delta} rounds and one event
 * (event listings: {@link GraphEventList}). Delta never carries extended properties: Graph takes no {@code $expand}
 * there, and the sandbox ignores one.
 * A round's first call takes the window and lists the occurrences in it; each page links to the next
 * ({@code @odata.nextLink}, {@code $skiptoken}) until the last links to the next round ({@code @odata.deltaLink},
 * {@code $deltatoken}), which lists what changed since: the new state of items in the window, and {@code @removed} for
 * items deleted, cancelled, or now outside the window.
 */
@Singleton
public class GraphCalendarReads {

    private final CalendarStore store;
    private final SyncPaging paging;
    private final CalendarTraffic traffic;
    private final CalendarConfig.Graph config;
    /** The last delta page each account's calendar got, for replays. */
    private final Map<String, List<Map<String, Object>>> lastPages = new ConcurrentHashMap<>();

    GraphCalendarReads(CalendarStore store, SyncPaging paging, CalendarTraffic traffic, CalendarConfig config) {
        this.store = store;
        this.paging = paging;
        this.traffic = traffic;
        this.config = config.graph();
    }

    public Map<String, Object> calendars(GraphCall call) {
        return store.withAccount(Provider.MICROSOFT, call.account(), state -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("@odata.context", root(call) + "/$metadata#users('" + call.account() + "')/calendars");
            body.put("value", state.calendars().stream().map(calendar -> GraphEventJson.calendar(calendar, state)).toList());
            return body;
        });
    }

    /** @param calendarId {@code null}: the default calendar */
    public Map<String, Object> delta(GraphCall call, String calendarId, Map<String, List<String>> query) {
        int pageSize = pageSize(call);
        return store.withAccount(Provider.MICROSOFT, call.account(), state -> {
            StoredCalendar calendar = calendar(state, calendarId, call);
            String skipToken = first(query, "$skiptoken");
            String deltaToken = first(query, "$deltatoken");
            Listings.Page page;
            if (skipToken != null) {
                page = paging.next(state, calendar, skipToken, pageSize, () -> syncStateNotFound(call), () -> syncStateNotFound(call));
            } else if (deltaToken != null) {
                SyncState since = paging.since(state, calendar, deltaToken, config.deltaTokenLifetime(), () -> syncStateNotFound(call));
                List<Item> changed = new ArrayList<>();
                for (Item item : CalendarView.INSTANCES.changedSince(calendar, since.seq(), store.limits())) {
                    boolean shown = !item.removed() && CalendarView.within(item, since.windowStart(), since.windowEnd(), calendar.zone(), store.limits());
                    changed.add(shown ? item : item.asRemoved());
                }
                page = paging.open(state, calendar, changed, true, SyncState.graph(since.windowStart(), since.windowEnd()), pageSize);
            } else {
                Instant start = window(query, "startDateTime", call);
                Instant end = window(query, "endDateTime", call);
                List<Item> items = CalendarView.INSTANCES.all(calendar, store.limits()).stream()
                        .filter(item -> !item.removed() && CalendarView.within(item, start, end, calendar.zone(), store.limits()))
                        .sorted(Item.byStart(calendar.zone()))
                        .toList();
                page = paging.open(state, calendar, items, false, SyncState.graph(start, end), pageSize);
            }
            return page(call, state, calendar, page);
        });
    }

    /** One event; {@code $expand} may ask for one of its extended properties (an occurrence shows its series') [unconf]. */
    public Map<String, Object> get(GraphCall call, String eventId, Map<String, List<String>> query) {
        GraphQuery options = GraphQuery.of(query, false, call.clientRequestId());
        return store.withAccount(Provider.MICROSOFT, call.account(), state -> {
            GraphEvents.Found found = GraphEvents.live(state, eventId, store.limits(), call.clientRequestId());
            return GraphExtendedProperties.expand(GraphEventJson.event(found.item(), state, found.calendar(), responseZone(call)),
                    found.item().event().fields(), options.expand());
        });
    }

    /** {@code Prefer: odata.maxpagesize}, cut to the largest; else the default. */
    int pageSize(GraphCall call) {
        return call.maxPageSize() == null || call.maxPageSize() < 1 ? config.defaultPageSize() : Math.min(call.maxPageSize(), config.maxPageSize());
    }

    private Map<String, Object> page(GraphCall call, CalendarAccount state, StoredCalendar calendar, Listings.Page page) {
        GraphCall.Zone zone = responseZone(call);
        List<Map<String, Object>> value = new ArrayList<>();
        for (Item item : page.items()) {
            value.add(item.removed() ? GraphEventJson.removed(item) : GraphEventJson.event(item, state, calendar, zone));
        }
        String key = call.account() + "\n" + calendar.id();
        List<Map<String, Object>> before = lastPages.put(key, List.copyOf(value));
        if (traffic.takeReplay(Provider.MICROSOFT, call.account()) && before != null) {
            value.addAll(0, before);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("@odata.context", root(call) + "/$metadata#Collection(event)");
        String link = base(call) + call.path();
        if (page.nextToken() != null) {
            body.put("@odata.nextLink", link + "?$skiptoken=" + page.nextToken());
        } else {
            body.put("@odata.deltaLink", link + "?$deltatoken=" + paging.syncToken(page));
        }
        body.put("value", value);
        return body;
    }

    /** The zone of {@code Prefer: outlook.timezone}; else the configured one ({@code null}: each event's own). */
    GraphCall.Zone responseZone(GraphCall call) {
        GraphCall.Zone preferred = call.timeZone();
        if (preferred != null || "event".equals(config.responseTimeZone())) {
            return preferred;
        }
        return new GraphCall.Zone(config.responseTimeZone(), CalendarTimes.zone(config.responseTimeZone()).orElseThrow());
    }

    private ProviderRefusal syncStateNotFound(GraphCall call) {
        return GraphErrors.refusal(config.syncStateNotFoundStatus(), config.syncStateNotFoundCode(),
                "The sync state generation is invalid or the sync state has expired.", call.clientRequestId());
    }

    static StoredCalendar calendar(CalendarAccount state, String calendarId, GraphCall call) {
        if (calendarId == null) {
            return state.primary();
        }
        return state.calendar(calendarId).orElseThrow(() -> GraphErrors.notFound(call.clientRequestId()));
    }

    private static Instant window(Map<String, List<String>> query, String name, GraphCall call) {
        String value = first(query, name);
        if (value == null) {
            throw GraphErrors.refusal(400, "ErrorInvalidParameter",
                    "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.",
                    call.clientRequestId());
        }
        return CalendarTimes.instant(value, ZoneOffset.UTC)
                .orElseThrow(() -> GraphErrors.refusal(400, "ErrorInvalidParameter", "Invalid " + name + ": " + value, call.clientRequestId()));
    }

    static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    String root(GraphCall call) {
        return base(call) + "/graph/v1.0";
    }

    /** {@code sandbox.calendar.graph.base-url}, else the request's own scheme, host and port; no trailing slash. */
    String base(GraphCall call) {
        return config.baseUrl().orElse(call.baseUri()).replaceAll("/+$", "");
    }

    void reset(@Observes CalendarReset reset) {
        lastPages.clear();
    }
}
