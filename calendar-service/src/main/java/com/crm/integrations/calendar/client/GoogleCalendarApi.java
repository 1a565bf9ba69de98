package com.crm.integrations.calendar.client;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.crm.integrations.calendar.config.CalendarConfig;
import com.crm.integrations.common.events.payload.CalendarEventFields;
import com.crm.integrations.common.events.payload.CalendarProvider;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.mutiny.core.buffer.Buffer;
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

    /** The private extended property that carries the CRM activity's id on events we create. */
    public static final String CRM_ID = "crmId";
    /** What a conditional write may answer besides success: changed meanwhile, or gone. */
    static final Set<Integer> WRITE_ANSWERS = Set.of(404, 410, 412);

    private final CalendarHttp http;
    /** Google's limit of calls per batch (PROVIDERS.md §2.4). */
    static final int MAX_BATCH = 1000;
    private static final String API_PATH = "/calendar/v3";

    private final String baseUrl;
    private final int pageSize;
    private final String batchUrl;
    private final String batchPathPrefix;
    private final int batchSize;

    @Inject
    public GoogleCalendarApi(CalendarHttp http, CalendarConfig config) {
        this(http, config.google().baseUrl(), config.google().pageSize(), config.google().batchUrl(),
                config.google().batchSize().orElse(50));
    }

    GoogleCalendarApi(CalendarHttp http, URI baseUrl, int pageSize, Optional<URI> batchUrl, int batchSize) {
        this.http = http;
        this.baseUrl = trimmed(baseUrl.toString());
        this.pageSize = pageSize;
        this.batchUrl = batchUrl.map(url -> trimmed(url.toString())).orElseGet(() -> batchUrlOf(this.baseUrl));
        this.batchPathPrefix = URI.create(this.baseUrl).getRawPath();
        this.batchSize = Math.min(MAX_BATCH, batchSize);
    }

    /** {@code https://www.googleapis.com/calendar/v3} → {@code https://www.googleapis.com/batch/calendar/v3}. */
    static String batchUrlOf(String baseUrl) {
        if (!baseUrl.endsWith(API_PATH)) {
            throw new IllegalArgumentException("Google's base URL ends with " + API_PATH + " (else set its batch-url): " + baseUrl);
        }
        return baseUrl.substring(0, baseUrl.length() - API_PATH.length()) + "/batch" + API_PATH;
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    /**
     * Sends the calls as one {@code multipart/mixed} batch. A call's path is the API's ({@code /calendars/…}); in
     * the batch it goes from the host, as Google asks ({@code /calendar/v3/calendars/…}).
     */
    @Override
    public Uni<Map<String, BatchAnswer>> batch(String accessToken, List<BatchCall> calls) {
        if (calls.isEmpty() || calls.size() > batchSize) {
            throw new IllegalArgumentException("A Google batch holds 1 to " + batchSize + " calls, not " + calls.size());
        }
        List<BatchCall> fromHost = calls.stream()
                .map(call -> new BatchCall(call.id(), call.method(), batchPathPrefix + call.path(), call.headers(), call.body()))
                .toList();
        String boundary = GoogleBatchFormat.boundary();
        return http.batch(CalendarProvider.GOOGLE, batchUrl, accessToken, Map.of(), "multipart/mixed; boundary=" + boundary,
                Buffer.buffer(GoogleBatchFormat.request(boundary, fromHost)), Set.of())
                .map(answer -> GoogleBatchFormat.response(answer.contentType(), answer.raw()));
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

    @Override
    public Uni<WriteResult> create(String accessToken, String calendarId, NewEvent event) {
        return alone(accessToken, "events.insert", createCall("insert", calendarId, event), Set.of(409))
                .chain(answer -> {
                    if (answer.found()) {
                        return Uni.createFrom().item(new WriteResult.Written(event(answer.body())));
                    }
                    // 409 duplicate: an earlier try made it (its answer was lost); read what it made.
                    return event(accessToken, calendarId, event.key())
                            .map(made -> made.<WriteResult>map(WriteResult.Written::new).orElseGet(WriteResult.Gone::new));
                });
    }

    @Override
    public Uni<WriteResult> update(String accessToken, String calendarId, String providerEventId, String ifMatch,
            CalendarEventFields changes) {
        return alone(accessToken, "events.patch", updateCall("patch", calendarId, providerEventId, ifMatch, changes), WRITE_ANSWERS)
                .map(answer -> switch (answer.status()) {
                    case 412 -> new WriteResult.Stale();
                    case 404, 410 -> new WriteResult.Gone();
                    default -> new WriteResult.Written(event(answer.body()));
                });
    }

    @Override
    public Uni<WriteResult> delete(String accessToken, String calendarId, String providerEventId, String ifMatch) {
        return alone(accessToken, "events.delete", deleteCall("delete", calendarId, providerEventId, ifMatch), WRITE_ANSWERS)
                .map(answer -> answer.status() == 412 ? new WriteResult.Stale() : new WriteResult.Removed());
    }

    @Override
    public BatchCall createCall(String id, String calendarId, NewEvent event) {
        JsonObject body = GoogleEventBodies.of(event.fields(), event.key())
                .put("extendedProperties", new JsonObject().put("private", new JsonObject().put(CRM_ID, event.crmEventId())));
        return new BatchCall(id, HttpMethod.POST, eventsPath(calendarId) + "?sendUpdates=none", Map.of(), body);
    }

    @Override
    public BatchCall updateCall(String id, String calendarId, String providerEventId, String ifMatch, CalendarEventFields changes) {
        return new BatchCall(id, HttpMethod.PATCH, eventsPath(calendarId) + "/" + encode(providerEventId) + "?sendUpdates=none",
                ifMatch(ifMatch), GoogleEventBodies.of(changes, null));
    }

    @Override
    public BatchCall deleteCall(String id, String calendarId, String providerEventId, String ifMatch) {
        return new BatchCall(id, HttpMethod.DELETE, eventsPath(calendarId) + "/" + encode(providerEventId) + "?sendUpdates=none",
                ifMatch(ifMatch), null);
    }

    @Override
    public Optional<BatchCall> moveCall(String id, String calendarId, String providerEventId, String destinationCalendarId) {
        return Optional.of(new BatchCall(id, HttpMethod.POST, eventsPath(calendarId) + "/" + encode(providerEventId)
                + "/move?destination=" + encode(destinationCalendarId) + "&sendUpdates=none", Map.of(), null));
    }

    /** One call on its own: the path is the API's, from the base URL. */
    private Uni<CalendarHttp.Answer> alone(String accessToken, String operation, BatchCall call, Set<Integer> answers) {
        return http.send(CalendarProvider.GOOGLE, operation, call.method(), baseUrl + call.path(), accessToken, call.headers(), call.body(),
                answers);
    }

    @Override
    public Uni<Optional<ProviderEvent>> findCreated(String accessToken, String calendarId, String key, String crmEventId) {
        // Our creates choose the event's id, so the key finds it (the CRM id in its private property is for people).
        return event(accessToken, calendarId, key);
    }

    @Override
    public Optional<BatchCall> findCreatedCall(String id, String calendarId, String crmEventId) {
        return Optional.empty();
    }

    @Override
    public Optional<ProviderEvent> createdIn(BatchAnswer answer, String key) {
        return answer.succeeded() ? Optional.of(event(answer.body())) : Optional.empty();
    }

    private static String eventsPath(String calendarId) {
        return "/calendars/" + encode(calendarId) + "/events";
    }

    private static Map<String, String> ifMatch(String etag) {
        return etag == null ? Map.of() : Map.of("If-Match", etag);
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
                item.getString("summary"), item.getString("location"), item.getString("status", "confirmed"), allDay,
                allDay ? ProviderEvent.midnight(startDate) : instantOf(start), allDay ? ProviderEvent.midnight(endDate) : instantOf(end),
                startDate, endDate, start.getString("timeZone"), originalStart == null ? null : seriesId, originalStart,
                privateProperties.getString(CRM_ID), null, updated == null ? null : Instant.parse(updated));
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
