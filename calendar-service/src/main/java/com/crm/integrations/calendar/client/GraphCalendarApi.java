package com.crm.integrations.calendar.client;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
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
 * Microsoft Graph calendars (PROVIDERS.md §4): {@code calendarView/delta} over the window, pages by
 * {@code @odata.nextLink} until {@code @odata.deltaLink}, both called verbatim, with the same
 * {@code Prefer} header every time: times in UTC, immutable ids, the page size.
 */
@ApplicationScoped
public class GraphCalendarApi implements CalendarApi {

    /**
     * The single-value extended property that carries the CRM activity's id on events we create (a string property
     * in our own property set; Graph returns it only when asked with {@code $expand}, and filters by it).
     */
    public static final String CRM_ID_PROPERTY = "String {66f5a359-4659-4638-ad5c-2c5ba7a2b6c4} Name crmId";

    private final CalendarHttp http;
    private final String baseUrl;
    private final Map<String, String> prefer;
    private final int batchSize;

    @Inject
    public GraphCalendarApi(CalendarHttp http, CalendarConfig config) {
        this(http, config.microsoft().baseUrl(), config.microsoft().pageSize(),
                config.microsoft().batchSize().orElse(GraphBatchFormat.MAX_REQUESTS));
    }

    GraphCalendarApi(CalendarHttp http, URI baseUrl, int pageSize, int batchSize) {
        this.http = http;
        this.baseUrl = GoogleCalendarApi.trimmed(baseUrl.toString());
        this.batchSize = Math.min(GraphBatchFormat.MAX_REQUESTS, batchSize);
        this.prefer = Map.of("Prefer", "outlook.timezone=\"UTC\", IdType=\"ImmutableId\", odata.maxpagesize=" + pageSize);
    }

    @Override
    public CalendarProvider provider() {
        return CalendarProvider.MICROSOFT;
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    /**
     * Sends the calls as one JSON {@code $batch}, all in parallel. A call's path is from the version
     * ({@code /me/events}); the batch keeps the {@code Prefer} header of every call (times in UTC, immutable ids) on
     * each request. An outer 424 still carries the requests' answers (PROVIDERS.md §4.4: sources disagree).
     */
    @Override
    public Uni<Map<String, BatchAnswer>> batch(String accessToken, List<BatchCall> calls) {
        List<BatchCall> preferring = calls.stream().map(call -> {
            Map<String, String> headers = new HashMap<>(prefer);
            headers.putAll(call.headers());
            return new BatchCall(call.id(), call.method(), call.path(), headers, call.body());
        }).toList();
        JsonObject envelope = GraphBatchFormat.request(preferring);
        return http.batch(CalendarProvider.MICROSOFT, baseUrl + "/$batch", accessToken, Map.of(), "application/json",
                Buffer.buffer(envelope.encode()), Set.of(424))
                .map(answer -> GraphBatchFormat.response(answer.body()));
    }

    @Override
    public Uni<ListingPage> list(String accessToken, ListingRequest request) {
        String url;
        if (request.nextPage() != null) {
            url = request.nextPage();
        } else if (!request.isFull()) {
            url = request.syncCursor();
        } else {
            url = baseUrl + calendarPath(request.calendarId()) + "/calendarView/delta?startDateTime="
                    + GoogleCalendarApi.encode(request.window().from().toString()) + "&endDateTime="
                    + GoogleCalendarApi.encode(request.window().until().toString());
        }
        return http.get(CalendarProvider.MICROSOFT, "calendarView.delta", url, accessToken, prefer, false)
                .map(answer -> page(answer.body()));
    }

    @Override
    public Uni<List<ProviderCalendar>> calendars(String accessToken) {
        return http.get(CalendarProvider.MICROSOFT, "calendars.list", baseUrl + "/me/calendars", accessToken, prefer, false)
                .map(answer -> {
                    List<ProviderCalendar> calendars = new ArrayList<>();
                    for (Object item : answer.body().getJsonArray("value", new JsonArray())) {
                        JsonObject calendar = (JsonObject) item;
                        calendars.add(new ProviderCalendar(calendar.getString("id"), calendar.getString("name"),
                                calendar.getBoolean("isDefaultCalendar", false), calendar.getBoolean("canEdit", false)));
                    }
                    return calendars;
                });
    }

    @Override
    public Uni<Optional<ProviderEvent>> event(String accessToken, String calendarId, String providerEventId) {
        return http.get(CalendarProvider.MICROSOFT, "events.get", baseUrl + "/me/events/" + GoogleCalendarApi.encode(providerEventId),
                accessToken, prefer, true)
                .map(answer -> !answer.found() || answer.body().getBoolean("isCancelled", false)
                        ? Optional.<ProviderEvent>empty()
                        : Optional.of(event(answer.body())));
    }

    @Override
    public Uni<WriteResult> create(String accessToken, String calendarId, NewEvent event) {
        // A repeated transactionId answers the event the first call made (PROVIDERS.md §4.1).
        return alone(accessToken, "events.create", createCall("create", calendarId, event), Set.of())
                .map(answer -> new WriteResult.Written(event(answer.body())));
    }

    @Override
    public Uni<WriteResult> update(String accessToken, String calendarId, String providerEventId, String ifMatch,
            CalendarEventFields changes) {
        return alone(accessToken, "events.update", updateCall("update", calendarId, providerEventId, ifMatch, changes),
                GoogleCalendarApi.WRITE_ANSWERS)
                .map(answer -> switch (answer.status()) {
                    case 412 -> new WriteResult.Stale();
                    case 404, 410 -> new WriteResult.Gone();
                    default -> new WriteResult.Written(event(answer.body()));
                });
    }

    @Override
    public Uni<WriteResult> delete(String accessToken, String calendarId, String providerEventId, String ifMatch) {
        return alone(accessToken, "events.delete", deleteCall("delete", calendarId, providerEventId, ifMatch),
                GoogleCalendarApi.WRITE_ANSWERS)
                .map(answer -> answer.status() == 412 ? new WriteResult.Stale() : new WriteResult.Removed());
    }

    @Override
    public BatchCall createCall(String id, String calendarId, NewEvent event) {
        JsonObject body = GraphEventBodies.of(event.fields())
                .put("transactionId", event.key())
                .put("singleValueExtendedProperties", new JsonArray()
                        .add(new JsonObject().put("id", CRM_ID_PROPERTY).put("value", event.crmEventId())));
        return new BatchCall(id, HttpMethod.POST, calendarPath(calendarId) + "/events", Map.of(), body);
    }

    @Override
    public BatchCall updateCall(String id, String calendarId, String providerEventId, String ifMatch, CalendarEventFields changes) {
        return new BatchCall(id, HttpMethod.PATCH, eventPath(providerEventId), ifMatch(ifMatch), GraphEventBodies.of(changes));
    }

    @Override
    public BatchCall deleteCall(String id, String calendarId, String providerEventId, String ifMatch) {
        return new BatchCall(id, HttpMethod.DELETE, eventPath(providerEventId), ifMatch(ifMatch), null);
    }

    @Override
    public Optional<BatchCall> moveCall(String id, String calendarId, String providerEventId, String destinationCalendarId) {
        return Optional.empty();
    }

    /** One call on its own, with the {@code Prefer} header every call of ours carries. */
    private Uni<CalendarHttp.Answer> alone(String accessToken, String operation, BatchCall call, Set<Integer> answers) {
        Map<String, String> headers = new HashMap<>(prefer);
        headers.putAll(call.headers());
        return http.send(CalendarProvider.MICROSOFT, operation, call.method(), baseUrl + call.path(), accessToken, headers, call.body(),
                answers);
    }

    @Override
    public Uni<Optional<ProviderEvent>> findCreated(String accessToken, String calendarId, String key, String crmEventId) {
        return http.get(CalendarProvider.MICROSOFT, "events.list", baseUrl + createdPath(calendarId, crmEventId), accessToken, prefer, false)
                .map(answer -> created(answer.body(), key));
    }

    @Override
    public Optional<BatchCall> findCreatedCall(String id, String calendarId, String crmEventId) {
        return Optional.of(new BatchCall(id, HttpMethod.GET, createdPath(calendarId, crmEventId), Map.of(), null));
    }

    @Override
    public Optional<ProviderEvent> createdIn(BatchAnswer answer, String key) {
        return created(answer.body(), key);
    }

    /** The calendar's events that carry the CRM id in their single-value extended property. */
    private static String createdPath(String calendarId, String crmEventId) {
        String filter = "singleValueExtendedProperties/Any(ep: ep/id eq '" + CRM_ID_PROPERTY + "' and ep/value eq '"
                + crmEventId.replace("'", "''") + "')";
        return calendarPath(calendarId) + "/events?$filter=" + GoogleCalendarApi.encode(filter);
    }

    private static Optional<ProviderEvent> created(JsonObject body, String key) {
        return body.getJsonArray("value", new JsonArray()).stream()
                .map(JsonObject.class::cast)
                .filter(item -> key.equals(item.getString("transactionId")) && !item.getBoolean("isCancelled", false))
                .findFirst()
                .map(GraphCalendarApi::event);
    }

    private static String eventPath(String providerEventId) {
        return "/me/events/" + GoogleCalendarApi.encode(providerEventId);
    }

    private static Map<String, String> ifMatch(String changeKey) {
        return changeKey == null ? Map.of() : Map.of("If-Match", "W/\"" + changeKey + "\"");
    }

    private static String locationOf(JsonObject item) {
        JsonObject location = item.getJsonObject("location");
        String name = location == null ? null : location.getString("displayName");
        return name == null || name.isEmpty() ? null : name;
    }

    /** A calendar's path from the version: the default calendar's {@code /me}, another's {@code /me/calendars/{id}}. */
    private static String calendarPath(String calendarId) {
        return "primary".equals(calendarId) ? "/me" : "/me/calendars/" + GoogleCalendarApi.encode(calendarId);
    }

    static ListingPage page(JsonObject body) {
        List<ListingPage.Change> changes = new ArrayList<>();
        for (Object item : body.getJsonArray("value", new JsonArray())) {
            JsonObject event = (JsonObject) item;
            if (event.containsKey("@removed")) {
                changes.add(new ListingPage.Removal(event.getString("id"), null, null, true));
            } else if (event.getBoolean("isCancelled", false)) {
                changes.add(new ListingPage.Removal(event.getString("id"), event.getString("seriesMasterId"),
                        instant(event.getString("originalStart")), false));
            } else {
                changes.add(new ListingPage.Upsert(event(event)));
            }
        }
        return new ListingPage(changes, body.getString("@odata.nextLink"), body.getString("@odata.deltaLink"));
    }

    static ProviderEvent event(JsonObject item) {
        JsonObject start = item.getJsonObject("start", new JsonObject());
        JsonObject end = item.getJsonObject("end", new JsonObject());
        LocalDateTime startLocal = LocalDateTime.parse(start.getString("dateTime"));
        LocalDateTime endLocal = LocalDateTime.parse(end.getString("dateTime"));
        // All-day: midnight to midnight, at least a day (Graph refuses anything else on create).
        boolean allDay = item.getBoolean("isAllDay", false) && startLocal.toLocalTime().equals(LocalTime.MIDNIGHT)
                && endLocal.toLocalTime().equals(LocalTime.MIDNIGHT) && endLocal.toLocalDate().isAfter(startLocal.toLocalDate());
        LocalDate startDate = allDay ? startLocal.toLocalDate() : null;
        LocalDate endDate = allDay ? endLocal.toLocalDate() : null;
        String type = item.getString("type", "singleInstance");
        boolean occurrence = type.equals("occurrence") || type.equals("exception");
        String seriesId = occurrence ? item.getString("seriesMasterId") : null;
        Instant originalStart = occurrence ? instant(item.getString("originalStart")) : null;
        String modified = item.getString("lastModifiedDateTime");
        return new ProviderEvent(item.getString("id"), item.getString("iCalUId"), item.getString("changeKey"),
                item.getString("subject"), locationOf(item), "tentative".equals(item.getString("showAs")) ? "tentative" : "confirmed", allDay,
                allDay ? ProviderEvent.midnight(startDate) : at(startLocal, start.getString("timeZone")),
                allDay ? ProviderEvent.midnight(endDate) : at(endLocal, end.getString("timeZone")),
                startDate, endDate, item.getString("originalStartTimeZone"), originalStart == null ? null : seriesId, originalStart,
                null, item.getString("transactionId"), instant(modified));
    }

    /** A {@code dateTimeTimeZone}: local time in the named zone (UTC, since we ask for it). */
    private static Instant at(LocalDateTime local, String zone) {
        if (zone == null || zone.equalsIgnoreCase("UTC") || zone.equalsIgnoreCase("Etc/UTC")) {
            return local.toInstant(ZoneOffset.UTC);
        }
        return local.atZone(ZoneId.of(zone)).toInstant();
    }

    private static Instant instant(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException local) {
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        }
    }
}
