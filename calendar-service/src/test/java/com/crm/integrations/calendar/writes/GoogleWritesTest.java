package com.crm.integrations.calendar.writes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.crm.integrations.calendar.CalendarInfrastructure;
import com.crm.integrations.calendar.sync.CalendarStandIn;
import com.crm.integrations.calendar.sync.LinksApi;
import com.crm.integrations.calendar.sync.PublishedEvents;
import com.crm.integrations.testing.contract.SandboxControl;
import com.crm.integrations.testing.contract.TestUser;
import com.crm.integrations.testing.services.TokenServiceConnections;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * The CRM's activities into Google Calendar: each command written once, under an id derived from the activity, with
 * the CRM id in a private property; the CRM told with origin crm; and our own writes, when the sync lists them, never
 * published back.
 */
@QuarkusTest
@WithTestResource(CalendarInfrastructure.class)
class GoogleWritesTest {

    @Inject
    Pool pool;

    @Test
    void createsUpdatesAndDeletesAnActivitysEventAndTheSyncEchoesNoneOfIt() {
        // Given: a user whose Google calendar is linked and synced
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google(account());
        UUID link = linked(user, google);

        // When: the CRM creates an activity's event
        String create = Commands.send(user, Commands.create(user, "act-1", Commands.timed("Call with ACME", at(2, "10:00"), at(2, "10:30"))));

        // Then: written once, with a key derived from the activity and the CRM id in its private property
        Row done = Commands.awaitState(pool, user, create, "succeeded");
        assertEquals("created", done.getString("outcome"));
        String eventId = done.getString("provider_event_id");
        assertTrue(eventId.matches("crm[0-9a-v]{26}"), eventId);
        Map<String, Object> stored = google.event(eventId);
        assertEquals("Call with ACME", stored.get("title"));
        assertEquals(Map.of("crmId", "act-1"), stored.get("privateProperties"));
        JsonPath created = PublishedEvents.await(user, PublishedEvents.CHANGED, 1);
        assertEquals(List.of("created", "crm", "act-1", eventId), List.of(created.getString("change"), created.getString("origin"),
                created.getString("crmEventId"), created.getString("providerEventId")));

        // When: the CRM moves it, and a sync runs
        String update = Commands.send(user, Commands.update(user, "act-1", Map.of("startsAt", at(2, "11:00"), "endsAt", at(2, "12:00"))));
        Commands.awaitState(pool, user, update, "succeeded");
        LinksApi.awaitRun(user, link, LinksApi.requestSync(user, link), "succeeded");

        // Then: the provider holds the move; the CRM heard of it once, from us
        assertEquals(at(2, "11:00").replace("Z", ""), String.valueOf(google.event(eventId).get("start")).substring(0, 19));
        List<JsonPath> changes = PublishedEvents.awaitAll(user, PublishedEvents.CHANGED, 2);
        assertEquals(List.of("crm", "crm"), changes.stream().map(change -> change.getString("origin")).toList());

        // When: the CRM deletes it, and two more syncs run
        String delete = Commands.send(user, Commands.delete(user, "act-1"));
        Commands.awaitState(pool, user, delete, "succeeded");
        LinksApi.awaitRun(user, link, LinksApi.requestSync(user, link), "succeeded");
        LinksApi.awaitRun(user, link, LinksApi.requestSync(user, link), "succeeded");

        // Then: gone at the provider; three changes in all, each from us; our writes never came back as provider changes
        assertEquals("deleted", google.event(eventId).get("status"));
        List<JsonPath> all = PublishedEvents.awaitAll(user, PublishedEvents.CHANGED, 3);
        assertEquals(List.of("created/crm", "updated/crm", "deleted/crm"),
                all.stream().map(change -> change.getString("change") + "/" + change.getString("origin")).toList());
        assertEquals(3, PublishedEvents.of(user, PublishedEvents.CHANGED).size());
        PublishedEvents.assertConformToTheCatalogue(user);
    }

    @Test
    void aCommandDeliveredTwiceIsWrittenOnce() {
        // Given
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google(account());
        linked(user, google);
        Map<String, Object> command = Commands.create(user, "act-twice", Commands.timed("Visit", at(3, "09:00"), at(3, "10:00")));

        // When: the same command (same ce_id) arrives twice
        String id = Commands.send(user, command);
        Commands.send(user, id, command);

        // Then: one command, one event
        Commands.awaitState(pool, user, id, "succeeded");
        assertEquals(1, google.events().size());
        assertEquals(1, PublishedEvents.awaitAll(user, PublishedEvents.CHANGED, 1).size());
    }

    @Test
    void aUsersWritesAndSyncTogetherStayWithinTheMailboxsConcurrency() {
        // Given: a linked user, and Google answering each call of theirs in 100 ms
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google(account());
        UUID link = linked(user, google);
        String slowWrites = SandboxControl.latency("POST", "/google/calendar/v3/*", 100, 1000);
        String slowReads = SandboxControl.latency("GET", "/google/calendar/v3/*", 100, 1000);
        try {
            // When: twelve activities arrive at once, and a sync is asked for meanwhile
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                ids.add(Commands.send(user, Commands.create(user, "act-many-" + i, timed("Visit " + i, 2))));
            }
            UUID run = LinksApi.requestSync(user, link);

            // Then: all written, never more than 4 of the user's calls at Google at once (the default mailbox slots)
            ids.forEach(id -> Commands.awaitState(pool, user, id, "succeeded"));
            LinksApi.awaitRun(user, link, run, "succeeded");
            assertEquals(12, google.events().size());
            int highest = google.highestConcurrency();
            assertTrue(highest <= 4 && highest >= 2, "highest concurrency " + highest);
        } finally {
            SandboxControl.removeRule(slowWrites);
            SandboxControl.removeRule(slowReads);
        }
    }

    @Test
    void anActivityCreatedAgainAfterItsDeleteGetsANewEvent() {
        // Given: an activity written, then deleted
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google(account());
        linked(user, google);
        String first = Commands.send(user, Commands.create(user, "act-again", Commands.timed("Visit", at(4, "09:00"), at(4, "10:00"))));
        String firstEvent = Commands.awaitState(pool, user, first, "succeeded").getString("provider_event_id");
        Commands.awaitState(pool, user, Commands.send(user, Commands.delete(user, "act-again")), "succeeded");

        // When: the CRM creates the activity again
        String again = Commands.send(user, Commands.create(user, "act-again", Commands.timed("Visit again", at(5, "09:00"), at(5, "10:00"))));

        // Then: a second event, under the next generation's id (the deleted one's would be refused as a duplicate)
        Row done = Commands.awaitState(pool, user, again, "succeeded");
        assertEquals("created", done.getString("outcome"));
        assertNotEquals(firstEvent, done.getString("provider_event_id"));
        assertEquals("Visit again", google.event(done.getString("provider_event_id")).get("title"));
        assertEquals(2, Commands.crmEvent(pool, user, "act-again").getInteger("generation"));
    }

    @Test
    void writesWhoseAnswersAreLostAreEachCarriedOutOnce() {
        // Given
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google(account());
        UUID link = linked(user, google);
        String events = "/google/calendar/v3/calendars/primary/events";

        // When: the insert is stored but its answer is a 500, then its retry's connection is lost too (twice)
        SandboxControl.faultAfter("POST", events, 500, 1);
        String first = Commands.send(user, Commands.create(user, "act-lost-1", timed("Lost once", 2)));
        Row one = Commands.awaitState(pool, user, first, "succeeded");
        SandboxControl.closeAfter("POST", events, 2);
        String second = Commands.send(user, Commands.create(user, "act-lost-2", timed("Lost twice", 3)));
        Row two = Commands.awaitState(pool, user, second, "succeeded");

        // Then: one event each (the repeats met 409 duplicate and read what the first made), both reported created
        assertEquals(2, google.events().size());
        assertEquals(List.of("created", "created"), List.of(one.getString("outcome"), two.getString("outcome")));
        assertTrue(two.getInteger("attempts") >= 2, "the lost call was the command's attempt to repeat");

        // When: an update lands but its answers are lost, so its repeat meets its own change (412)
        String eventId = two.getString("provider_event_id");
        SandboxControl.closeAfter("PATCH", events + "/" + eventId, 2);
        String update = Commands.send(user, Commands.update(user, "act-lost-2", Map.of("title", "Renamed")));

        // Then: recognised as our own write, not a conflict
        assertEquals("updated", Commands.awaitState(pool, user, update, "succeeded").getString("outcome"));
        assertEquals("Renamed", google.event(eventId).get("title"));

        // When: a delete lands but its answers are lost
        SandboxControl.closeAfter("DELETE", events + "/" + eventId, 2);
        String delete = Commands.send(user, Commands.delete(user, "act-lost-2"));

        // Then: done; the CRM heard of each write once, from us, and a sync brings none of them back
        assertEquals("deleted", Commands.awaitState(pool, user, delete, "succeeded").getString("outcome"));
        assertEquals("deleted", google.event(eventId).get("status"));
        LinksApi.awaitRun(user, link, LinksApi.requestSync(user, link), "succeeded");
        List<JsonPath> changes = PublishedEvents.awaitAll(user, PublishedEvents.CHANGED, 4);
        assertEquals(List.of("created/crm", "created/crm", "updated/crm", "deleted/crm"),
                changes.stream().map(change -> change.getString("change") + "/" + change.getString("origin")).toList());
        assertEquals(4, PublishedEvents.of(user, PublishedEvents.CHANGED).size());
    }

    static Map<String, Object> timed(String title, int days) {
        return Commands.timed(title, at(days, "09:00"), at(days, "10:00"));
    }

    static UUID linked(TestUser user, CalendarStandIn google) {
        TokenServiceConnections.Connection connection = TokenServiceConnections.connect(user, google.provider(), google.account());
        UUID link = LinksApi.awaitLink(user, connection.id());
        LinksApi.awaitSuccess(user, link);
        return link;
    }

    static String account() {
        return "writes-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /** {@code time} (HH:mm, UTC) {@code days} from today, as an RFC 3339 instant. */
    static String at(int days, String time) {
        return LocalDate.now(ZoneOffset.UTC).plusDays(days) + "T" + time + ":00Z";
    }
}
