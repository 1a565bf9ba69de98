package com.crm.integrations.calendar.sync;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.crm.integrations.calendar.CalendarInfrastructure;
import com.crm.integrations.testing.contract.TestUser;
import com.crm.integrations.testing.services.TokenServiceConnections;
import com.crm.integrations.testing.services.TokenServiceConnections.Connection;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/** Outlook (Microsoft Graph) into the CRM: calendarView/delta rounds, @removed, replays, syncStateNotFound. */
@QuarkusTest
@WithTestResource(CalendarInfrastructure.class)
class GraphSyncTest {


    @Inject
    Pool pool;

    @Test
    void listsTheCalendarInDeltaRoundsAndAppliesReplaysOnce() {
        // Given: 120 events (three pages of 50) and a connected account
        TestUser user = TestUser.fresh();
        CalendarStandIn graph = CalendarStandIn.microsoft(GoogleSyncTest.account());
        List<String> ids = graph.seed(120, GoogleSyncTest.day(1) + "T08:00:00Z", 60, 30);
        UUID link = firstSync(user, graph);
        assertEquals(120, new StoredEvents(pool).count(link));

        // When: the user edits one and deletes one, and the next delta pages replay what came before
        graph.edit(ids.get(5), Map.of("title", "Renamed"));
        graph.delete(ids.get(6));
        given().contentType("application/json").body(Map.of("pages", 2))
                .post(com.crm.integrations.testing.contract.SandboxControl.url() + "/control/calendar/microsoft/accounts/"
                        + graph.account() + "/replays")
                .then().statusCode(204);
        JsonPath run = LinksApi.awaitRun(user, link, LinksApi.requestSync(user, link), "succeeded");

        // Then: the round used the stored delta link, and each change counted once
        assertEquals("incremental", run.getString("kind"));
        assertEquals(List.of(0, 1, 1), List.of(run.getInt("created"), run.getInt("updated"), run.getInt("deleted")));
        assertEquals(119, new StoredEvents(pool).count(link));
        assertEquals(1, changes(user, "updated").size());
        assertEquals(1, changes(user, "deleted").size());
        List<Map<String, Object>> deltas = graph.requests().stream()
                .filter(request -> String.valueOf(request.get("path")).endsWith("/calendarView/delta")).toList();
        Map<String, Object> firstCall = deltas.get(0);
        assertTrue(String.valueOf(firstCall.get("query")).contains("startDateTime="), firstCall.toString());
        String prefer = String.valueOf(firstCall.get("prefer"));
        assertTrue(prefer.contains("outlook.timezone=\"UTC\"") && prefer.contains("IdType=\"ImmutableId\""), prefer);
        assertTrue(String.valueOf(deltas.get(deltas.size() - 1).get("query")).contains("deltatoken"),
                "the next round starts from the stored delta link");
        PublishedEvents.assertConformToTheCatalogue(user);
    }

    @Test
    void anExpiredDeltaTokenBringsAFullRoundAndAnEventThatLeftTheWindowIsNotDeleted() {
        // Given
        TestUser user = TestUser.fresh();
        CalendarStandIn graph = CalendarStandIn.microsoft(GoogleSyncTest.account());
        List<String> ids = graph.seed(6, GoogleSyncTest.day(1) + "T08:00:00Z", 60, 30);
        UUID link = firstSync(user, graph);

        // When: one event moves far beyond the window (Graph says @removed), then the delta token expires
        LocalDate far = GoogleSyncTest.day(500);
        graph.edit(ids.get(0), Map.of("start", far + "T08:00:00Z", "end", far + "T09:00:00Z"));
        JsonPath moved = LinksApi.awaitRun(user, link, LinksApi.requestSync(user, link), "succeeded");
        graph.delete(ids.get(1));
        graph.expireSyncTokens();
        JsonPath resynced = LinksApi.awaitRun(user, link, LinksApi.requestSync(user, link), "succeeded");

        // Then: the moved event is an update with its new time, never a deletion
        assertEquals(List.of(0, 1, 0), List.of(moved.getInt("created"), moved.getInt("updated"), moved.getInt("deleted")));
        JsonPath update = changes(user, "updated").get(0);
        assertEquals(ids.get(0), update.getString("providerEventId"));
        assertEquals(far + "T08:00:00Z", update.getString("startsAt"));
        // and the full round after syncStateNotFound removed only the deleted one (the moved one left the window quietly)
        assertEquals("full", resynced.getString("kind"));
        assertEquals("resync", resynced.getString("reason"));
        assertEquals(List.of(ids.get(1)), changes(user, "deleted").stream().map(c -> c.getString("providerEventId")).toList());
        assertEquals(4, new StoredEvents(pool).count(link));
    }

    @Test
    void allDayEventsAndOccurrences() {
        // Given: an all-day event and a daily series of three with its middle occurrence cancelled
        TestUser user = TestUser.fresh();
        CalendarStandIn graph = CalendarStandIn.microsoft(GoogleSyncTest.account());
        LocalDate day = GoogleSyncTest.day(3);
        graph.create(Map.of("title", "Holiday", "start", day.toString(), "end", day.plusDays(1).toString(), "allDay", true));
        String series = graph.create(Map.of("title", "Daily", "start", day + "T07:00:00", "end", day + "T07:15:00", "zone", "UTC",
                "rrule", "FREQ=DAILY;COUNT=3")).getString("id");
        graph.cancelOccurrence(series, day.plusDays(1) + "T07:00:00Z");

        // When
        UUID link = firstSync(user, graph);

        // Then
        StoredEvents stored = new StoredEvents(pool);
        Row holiday = stored.byTitle(link, "Holiday");
        assertTrue(holiday.getBoolean("all_day"));
        assertEquals(day, holiday.getLocalDate("start_date"));
        assertEquals(day.plusDays(1), holiday.getLocalDate("end_date"));
        List<Instant> daily = stored.rows(link).stream().filter(row -> "Daily".equals(row.getString("title")))
                .map(row -> row.getOffsetDateTime("original_start").toInstant()).toList();
        assertEquals(List.of(Instant.parse(day + "T07:00:00Z"), Instant.parse(day.plusDays(2) + "T07:00:00Z")), daily);
    }

    private UUID firstSync(TestUser user, CalendarStandIn graph) {
        Connection connection = TokenServiceConnections.connect(user, "microsoft", graph.account());
        UUID link = LinksApi.awaitLink(user, connection.id());
        PublishedEvents.await(user, PublishedEvents.SYNCED, 1);
        return link;
    }

    private static List<JsonPath> changes(TestUser user, String change) {
        return PublishedEvents.changes(user, change);
    }
}
