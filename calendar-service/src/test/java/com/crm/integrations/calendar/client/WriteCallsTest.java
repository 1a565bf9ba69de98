package com.crm.integrations.calendar.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.payload.CalendarEventFields;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

/** The writes as calls (PROVIDERS.md §2.2, §4.1): the same whether sent alone or in a batch. */
class WriteCallsTest {

    private static final CalendarEventFields VISIT = new CalendarEventFields("Visit", null, "ACME", Instant.parse("2026-12-02T09:00:00Z"),
            Instant.parse("2026-12-02T10:00:00Z"), null, null, null, "Europe/Berlin");
    private static final NewEvent NEW = new NewEvent("crmabc", "act-1", VISIT);

    private final GoogleCalendarApi google = new GoogleCalendarApi(null, URI.create("https://www.googleapis.com/calendar/v3"), 250,
            Optional.empty(), 50);
    private final GraphCalendarApi graph = new GraphCalendarApi(null, URI.create("https://graph.microsoft.com/v1.0"), 100, 20);

    @Test
    void googleCallsCarryTheKeyTheCrmIdAndIfMatch() {
        BatchCall create = google.createCall("1", "primary", NEW);
        assertEquals(HttpMethod.POST, create.method());
        assertEquals("/calendars/primary/events?sendUpdates=none", create.path());
        assertEquals("crmabc", create.body().getString("id"));
        assertEquals(new JsonObject().put("private", new JsonObject().put("crmId", "act-1")), create.body().getJsonObject("extendedProperties"));
        assertEquals(new JsonObject().put("dateTime", "2026-12-02T09:00:00Z").put("timeZone", "Europe/Berlin"), create.body().getJsonObject("start"));

        BatchCall update = google.updateCall("2", "team@group.calendar.google.com", "ev 1", "\"7\"",
                new CalendarEventFields(null, "", null, null, null, true, LocalDate.parse("2026-12-03"), LocalDate.parse("2026-12-04"), null));
        assertEquals("/calendars/team%40group.calendar.google.com/events/ev%201?sendUpdates=none", update.path());
        assertEquals(Map.of("If-Match", "\"7\""), update.headers());
        assertEquals(new JsonObject().put("description", "").put("start", new JsonObject().put("date", "2026-12-03"))
                .put("end", new JsonObject().put("date", "2026-12-04")), update.body());

        assertEquals(HttpMethod.DELETE, google.deleteCall("3", "primary", "ev1", null).method());
        assertEquals(Map.of(), google.deleteCall("3", "primary", "ev1", null).headers());
        assertEquals("/calendars/primary/events/ev1/move?destination=other%40example.com&sendUpdates=none",
                google.moveCall("4", "primary", "ev1", "other@example.com").orElseThrow().path());
    }

    @Test
    void graphCallsCarryTheTransactionIdTheExtendedPropertyAndTheChangeKey() {
        BatchCall create = graph.createCall("1", "AAMkCal=", NEW);
        assertEquals("/me/calendars/AAMkCal%3D/events", create.path());
        assertEquals("crmabc", create.body().getString("transactionId"));
        assertEquals(GraphCalendarApi.CRM_ID_PROPERTY, create.body().getJsonArray("singleValueExtendedProperties").getJsonObject(0).getString("id"));
        assertEquals(new JsonObject().put("dateTime", "2026-12-02T10:00:00").put("timeZone", "Europe/Berlin"), create.body().getJsonObject("start"));
        assertEquals("/me/events", graph.createCall("1", "primary", NEW).path());

        BatchCall update = graph.updateCall("2", "primary", "AAMkE=", "ck7", new CalendarEventFields("Renamed", null, null, null, null, null,
                null, null, null));
        assertEquals("/me/events/AAMkE%3D", update.path());
        assertEquals(Map.of("If-Match", "W/\"ck7\""), update.headers());
        assertEquals(new JsonObject().put("subject", "Renamed"), update.body());
        assertTrue(graph.moveCall("3", "primary", "AAMkE=", "AAMkOther=").isEmpty(), "Graph has no move");
        assertEquals(Optional.empty(), graph.moveCall("3", "primary", "AAMkE=", "AAMkOther="));
    }
}
