package com.crm.integrations.calendar.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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

/**
 * Google Calendar into the CRM: a new connection's link lists the calendar in full, then each sync
 * lists what changed since, and the CRM hears of each change once, in the catalogue's shapes.
 */
@QuarkusTest
@WithTestResource(CalendarInfrastructure.class)
class GoogleSyncTest {


    @Inject
    Pool pool;

    @Test
    void listsTheCalendarInFullThenOnlyWhatChanged() {
        // Given: 120 events in the user's calendar (three pages of 50), then a connection
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google(account());
        List<String> ids = google.seed(120, day(1) + "T08:00:00Z", 60, 30);
        Connection connection = TokenServiceConnections.connect(user, "google", google.account());

        // When: the new link's first sync runs on its own
        UUID link = LinksApi.awaitLink(user, connection.id());

        // Then
        JsonPath first = PublishedEvents.await(user, PublishedEvents.SYNCED, 1);
        assertTrue(first.getBoolean("fullSync"));
        assertEquals(120, first.getInt("created"));
        assertEquals(120, first.getInt("totalEvents"));
        assertEquals(120, first.getInt("upcomingEvents"));
        assertEquals(link.toString(), first.getString("linkId"));
        assertEquals(120, changes(user, "created").size());
        assertEquals(120, new StoredEvents(pool).count(link));

        // When: the user moves one event, deletes another and adds one, and a sync is asked for
        google.edit(ids.get(0), Map.of("title", "Moved visit", "start", day(2) + "T15:00:00Z", "end", day(2) + "T16:00:00Z"));
        google.delete(ids.get(1));
        String added = google.createTimed("New visit", day(3) + "T10:00:00", day(3) + "T11:00:00", "UTC");
        UUID run = LinksApi.requestSync(user, link);

        // Then
        JsonPath second = LinksApi.awaitRun(user, link, run, "succeeded");
        assertEquals("incremental", second.getString("kind"));
        assertEquals(List.of(1, 1, 1), List.of(second.getInt("created"), second.getInt("updated"), second.getInt("deleted")));
        JsonPath synced = PublishedEvents.await(user, PublishedEvents.SYNCED, 2);
        assertFalse(synced.getBoolean("fullSync"));
        assertEquals(120, synced.getInt("totalEvents"));
        assertEquals(ids.get(0), only(changes(user, "updated")).getString("providerEventId"));
        assertEquals(ids.get(1), only(changes(user, "deleted")).getString("providerEventId"));
        assertEquals(added, changes(user, "created").stream().filter(c -> c.getString("providerEventId").equals(added))
                .findFirst().orElseThrow().getString("providerEventId"));
        assertEquals(OffsetDateTime.parse(day(2) + "T15:00:00Z").toInstant().toString(),
                new StoredEvents(pool).byTitle(link, "Moved visit").getOffsetDateTime("starts_at").toInstant().toString());

        // And: the full listing was bounded by the window; the incremental one by the sync token alone
        List<Map<String, Object>> listings = google.requests().stream()
                .filter(request -> String.valueOf(request.get("path")).endsWith("/events")).toList();
        assertTrue(String.valueOf(listings.get(0).get("query")).contains("timeMin="), listings.get(0).toString());
        assertTrue(String.valueOf(listings.get(0).get("query")).contains("singleEvents=true"));
        Map<String, Object> last = listings.get(listings.size() - 1);
        assertTrue(String.valueOf(last.get("query")).contains("syncToken="), last.toString());
        assertFalse(String.valueOf(last.get("query")).contains("timeMin="), last.toString());

        // And: every event the sync published conforms to the catalogue
        PublishedEvents.assertConformToTheCatalogue(user);
    }

    private static List<JsonPath> changes(TestUser user, String change) {
        return PublishedEvents.changes(user, change);
    }

    private static JsonPath only(List<JsonPath> payloads) {
        assertEquals(1, payloads.size(), () -> payloads.stream().map(JsonPath::prettify).toList().toString());
        return payloads.get(0);
    }

    static String account() {
        return "cal-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /** The date {@code days} from today (UTC). */
    static LocalDate day(int days) {
        return LocalDate.now(ZoneOffset.UTC).plusDays(days);
    }
}
