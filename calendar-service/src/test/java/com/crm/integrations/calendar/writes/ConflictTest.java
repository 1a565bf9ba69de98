package com.crm.integrations.calendar.writes;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * The CRM and the user change one event: the provider's 412 is never overwritten silently. By default the user's edit
 * stays and the CRM is told of it (origin provider); a tenant that lets the CRM win has its change written over it.
 * Whatever the sync sees of an event while a command for it is open waits for the command, and a provider change is
 * never written back to the provider.
 */
@QuarkusTest
@WithTestResource(CalendarInfrastructure.class)
class ConflictTest {

    @Inject
    Pool pool;

    @Test
    void theUsersEditWinsAndTheCrmIsToldOfIt() {
        // Given: an activity's event, which the user then renames in Google
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google(GoogleWritesTest.account());
        UUID link = GoogleWritesTest.linked(user, google);
        String eventId = written(user, "act-c1");
        google.edit(eventId, Map.of("title", "The user's title", "start", GoogleWritesTest.at(2, "14:00"),
                "end", GoogleWritesTest.at(2, "15:00")));

        // When: the CRM renames it too, based on the version it knew
        String update = Commands.send(user, Commands.update(user, "act-c1", Map.of("title", "The CRM's title")));

        // Then: the user's version stays; the command says so; the CRM gets the user's version
        Row settled = Commands.awaitState(pool, user, update, "conflict");
        assertEquals("provider_version_kept", settled.getString("outcome"));
        assertEquals("The user's title", google.event(eventId).get("title"));
        JsonPath told = PublishedEvents.await(user, PublishedEvents.CHANGED, 2);
        assertEquals(List.of("updated", "provider", "act-c1", GoogleWritesTest.at(2, "14:00")), List.of(told.getString("change"),
                told.getString("origin"), told.getString("crmEventId"), told.getString("startsAt")));

        // And: the next sync has nothing more to say
        LinksApi.awaitRun(user, link, LinksApi.requestSync(user, link), "succeeded");
        assertEquals(2, PublishedEvents.of(user, PublishedEvents.CHANGED).size());
    }

    @Test
    void aTenantThatLetsTheCrmWinHasItsChangeWrittenOverTheUsers() {
        // Given
        TestUser user = TestUser.fresh();
        given().auth().oauth2(user.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("pastDays", 30, "futureDays", 365, "direction", "two_way", "conflictRule", "crm_wins"))
                .put("/calendar/settings").then().statusCode(200);
        CalendarStandIn google = CalendarStandIn.google(GoogleWritesTest.account());
        GoogleWritesTest.linked(user, google);
        String eventId = written(user, "act-c2");
        google.edit(eventId, Map.of("title", "The user's title"));

        // When
        String update = Commands.send(user, Commands.update(user, "act-c2", Map.of("title", "The CRM's title")));

        // Then: written over the user's version, deliberately, and the CRM told it was its change
        assertEquals("updated", Commands.awaitState(pool, user, update, "succeeded").getString("outcome"));
        assertEquals("The CRM's title", google.event(eventId).get("title"));
        JsonPath told = PublishedEvents.await(user, PublishedEvents.CHANGED, 2);
        assertEquals(List.of("updated", "crm"), List.of(told.getString("change"), told.getString("origin")));
    }

    @Test
    void whatTheSyncSeesWhileACommandIsOpenWaitsForTheCommand() {
        // Given: an activity's event, and Google failing every change for now
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google(GoogleWritesTest.account());
        UUID link = GoogleWritesTest.linked(user, google);
        String eventId = written(user, "act-c3");
        String outage = SandboxControl.fault("PATCH", "/google/calendar/v3/calendars/primary/events/" + eventId, 503);
        String update;
        try {
            update = Commands.send(user, Commands.update(user, "act-c3", Map.of("title", "The CRM's title")));
            await().atMost(Commands.WAIT)
                    .until(() -> Commands.row(pool, user, update) != null && Commands.row(pool, user, update).getInteger("attempts") >= 1);

            // When: meanwhile the user moves the event, and a sync lists it
            google.edit(eventId, Map.of("start", GoogleWritesTest.at(3, "16:00"), "end", GoogleWritesTest.at(3, "17:00")));
            LinksApi.awaitRun(user, link, LinksApi.requestSync(user, link), "succeeded");

            // Then: the sync stored it but told the CRM nothing yet: the command is open
            assertEquals(1, PublishedEvents.of(user, PublishedEvents.CHANGED).size());
        } finally {
            SandboxControl.removeRule(outage);
        }

        // When: Google recovers. Then: the command meets the user's move (412), keeps it, and the CRM hears of it once
        assertEquals("provider_version_kept", Commands.awaitState(pool, user, update, "conflict").getString("outcome"));
        JsonPath told = PublishedEvents.await(user, PublishedEvents.CHANGED, 2);
        assertEquals(List.of("updated", "provider", GoogleWritesTest.at(3, "16:00")),
                List.of(told.getString("change"), told.getString("origin"), told.getString("startsAt")));
        LinksApi.awaitRun(user, link, LinksApi.requestSync(user, link), "succeeded");
        assertEquals(2, PublishedEvents.of(user, PublishedEvents.CHANGED).size());
    }

    @Test
    void aProviderChangeIsNeverWrittenBackToTheProvider() {
        // Given: an activity's event
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google(GoogleWritesTest.account());
        UUID link = GoogleWritesTest.linked(user, google);
        String eventId = written(user, "act-c4");
        int before = google.requests().size();

        // When: the user edits it, and two syncs run
        google.edit(eventId, Map.of("title", "Edited in Google"));
        LinksApi.awaitRun(user, link, LinksApi.requestSync(user, link), "succeeded");
        LinksApi.awaitRun(user, link, LinksApi.requestSync(user, link), "succeeded");

        // Then: the CRM heard of it once; we only read from Google since
        JsonPath told = PublishedEvents.await(user, PublishedEvents.CHANGED, 2);
        assertEquals(List.of("updated", "provider"), List.of(told.getString("change"), told.getString("origin")));
        assertEquals(2, PublishedEvents.of(user, PublishedEvents.CHANGED).size());
        List<Map<String, Object>> since = google.requests().subList(before, google.requests().size());
        assertTrue(since.stream().allMatch(request -> "GET".equals(request.get("method"))), since.toString());
    }

    /** An activity's event written by a command; answers the provider's id. */
    private String written(TestUser user, String crmEventId) {
        String create = Commands.send(user, Commands.create(user, crmEventId, Commands.timed("Visit", GoogleWritesTest.at(2, "09:00"),
                GoogleWritesTest.at(2, "10:00"))));
        String eventId = Commands.awaitState(pool, user, create, "succeeded").getString("provider_event_id");
        PublishedEvents.await(user, PublishedEvents.CHANGED, 1);
        return eventId;
    }
}
