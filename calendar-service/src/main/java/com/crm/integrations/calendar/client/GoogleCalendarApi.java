package com.crm.integrations.calendar.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.crm.integrations.calendar.config.CalendarConfig;
import com.crm.integrations.common.events.payload.CalendarProvider;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Google Calendar API v3 (PROVIDERS.md §2): {@code events.list} with {@code singleEvents=true}, so
 * series come as their occurrences; a full listing bounded by the window, an incremental one by the
 * {@code syncToken} alone (Google refuses the window with it; changes outside the window are the
 * sync's to filter). The parameters of both stay equal, as Google requires.
 */
@ApplicationScoped
public class GoogleCalendarApi implements CalendarApi {

    private final CalendarHttp http;
    private final String baseUrl;
    private final int pageSize;

    public GoogleCalendarApi(CalendarHttp http, CalendarConfig config) {
        this.http = http;
        this.baseUrl = trimmed(config.google().baseUrl().toString());
        this.pageSize = config.google().pageSize();
    }

    @Override
    public CalendarProvider provider() {
        return CalendarProvider.GOOGLE;
    }

    @Override
    public Uni<ListingPage> list(String accessToken, ListingRequest request) {
        StringBuilder url = new StringBuilder(baseUrl).append("/calendars/").append(encode(request.calendarId()))
                .append("/events?singleEvents=true&maxResults=").append(pageSize);
        if (request.isFull()) {
            url.append("&timeMin=").append(encode(request.window().from().toString()))
                    .append("&timeMax=").append(encode(request.window().until().toString()));
        } else {
            url.append("&syncToken=").append(encode(request.syncCursor()));
        }
        if (request.nextPage() != null) {
            url.append("&pageToken=").append(encode(request.nextPage()));
        }
        return http.get(CalendarProvider.GOOGLE, "events.list", url.toString(), accessToken, Map.of(), false)
                .map(answer -> page(answer.body()));
    }

    @Override
    public Uni<List<ProviderCalendar>> calendars(String accessToken) {
        return http.get(CalendarProvider.GOOGLE, "calendarList.list", baseUrl + "/users/me/calendarList", accessToken, Map.of(),
                false)
                .map(answer -> {
                    List<ProviderCalendar> calendars = new ArrayList<>();
                    for (Object item : answer.body().getJsonArray("items", new JsonArray())) {
                        JsonObject calendar = (JsonObject) item;
                        String role = calendar.getString("accessRole", "");
                        calendars.add(new ProviderCalendar(calendar.getString("id"), calendar.getString("summary"),
                                calendar.getBoolean("primary", false), role.equals("owner") || role.equals("writer")));
                    }
                    return calendars;
                });
    }

    @Override
    public Uni<Optional<ProviderEvent>> event(String accessToken, String calendarId, String providerEventId) {
        String url = baseUrl + "/calendars/" + encode(calendarId) + "/events/" + encode(providerEventId);
        return http.get(CalendarProvider.GOOGLE, "events.get", url, accessToken, Map.of(), true)
                .map(answer -> {
                    if (!answer.found() || "cancelled".equals(answer.body().getString("status"))) {
                        return Optional.empty();
                    }
                    return Optional.of(event(answer.body()));
                });
    }

    static ListingPage page(JsonObject body) {
        List<ListingPage.Change> changes = new ArrayList<>();
        for (Object item : body.getJsonArray("items", new JsonArray())) {
            changes.add(change((JsonObject) item));
        }
        return new ListingPage(changes, body.getString("nextPageToken"), body.getString("nextSyncToken"));
    }

    /** A listed item: a deleted event or cancelled occurrence carries little more than its id. */
    static ListingPage.Change change(JsonObject item) {
        if ("cancelled".equals(item.getString("status"))) {
            String seriesId = item.getString("recurringEventId");
            Instant originalStart = seriesId == null ? null : instantOf(item.getJsonObject("originalStartTime"));
            return new ListingPage.Removal(item.getString("id"), originalStart == null ? null : seriesId, originalStart, false);
        }
        return new ListingPage.Upsert(event(item));
    }

    static ProviderEvent event(JsonObject item) {
        JsonObject start = item.getJsonObject("start", new JsonObject());
        JsonObject end = item.getJsonObject("end", new JsonObject());
        boolean allDay = start.containsKey("date");
        LocalDate startDate = allDay ? LocalDate.parse(start.getString("date")) : null;
        LocalDate endDate = allDay ? LocalDate.parse(end.getString("date")) : null;
        String seriesId = item.getString("recurringEventId");
        Instant originalStart = seriesId == null ? null : instantOf(item.getJsonObject("originalStartTime"));
        JsonObject privateProperties = item.getJsonObject("extendedProperties", new JsonObject())
                .getJsonObject("private", new JsonObject());
        String updated = item.getString("updated");
        return new ProviderEvent(item.getString("id"), item.getString("iCalUID"), item.getString("etag"),
                item.getString("summary"), item.getString("status", "confirmed"), allDay,
                allDay ? ProviderEvent.midnight(startDate) : instantOf(start), allDay ? ProviderEvent.midnight(endDate) : instantOf(end),
                startDate, endDate, start.getString("timeZone"), originalStart == null ? null : seriesId, originalStart,
                privateProperties.getString("crmId"), null, updated == null ? null : Instant.parse(updated));
    }

    /** A Google time: {@code dateTime} with its offset, or an all-day {@code date} at midnight UTC. */
    private static Instant instantOf(JsonObject time) {
        if (time == null) {
            return null;
        }
        if (time.containsKey("dateTime")) {
            return OffsetDateTime.parse(time.getString("dateTime")).toInstant();
        }
        String date = time.getString("date");
        return date == null ? null : ProviderEvent.midnight(LocalDate.parse(date));
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String trimmed(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
