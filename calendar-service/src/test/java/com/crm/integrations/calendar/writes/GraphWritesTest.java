package com.crm.integrations.calendar.writes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.crm.integrations.calendar.CalendarInfrastructure;
import com.crm.integrations.calendar.client.GraphCalendarApi;
import com.crm.integrations.calendar.sync.CalendarStandIn;
import com.crm.integrations.calendar.sync.LinksApi;
import com.crm.integrations.calendar.sync.PublishedEvents;
import com.crm.integrations.testing.contract.SandboxControl;
import com.crm.integrations.testing.contract.TestUser;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * The CRM's activities into Outlook: creates carry our transactionId and the CRM id in a single-value extended
 * property, a create whose answer was lost is found again instead of made twice, a stale change key is a conflict the
 * user's edit wins, and the delta brings none of our own writes back.
 */
@QuarkusTest
@WithTestResource(CalendarInfrastructure.class)
class GraphWritesTest {

    @Inject
    Pool pool;

    @Test
    void writesAnActivitysEventOnceEvenWhenTheAnswerIsLostAndEchoesNothing() {
        // Given: a linked Outlook calendar, and Graph losing the answers of the next creates
        TestUser user = TestUser.fresh();
        CalendarStandIn graph = CalendarStandIn.microsoft(GoogleWritesTest.account());
        UUID link = GoogleWritesTest.linked(user, graph);
        SandboxControl.closeAfter("POST", "/graph/v1.0/me/events", 2);

        // When
        String create = Commands.send(user, Commands.create(user, "act-g1", GoogleWritesTest.timed("Call with Contoso", 2)));

        // Then: one event, with our key as its transactionId and the CRM id in its extended property
        Row done = Commands.awaitState(pool, user, create, "succeeded");
        assertTrue(done.getInteger("attempts") >= 2);
        List<Map<String, Object>> events = graph.events();
        assertEquals(1, events.size());
        Map<String, Object> event = events.get(0);
        assertEquals(done.getString("provider_event_id"), event.get("id"));
        assertEquals(Commands.crmEvent(pool, user, "act-g1").getString("provider_key"), event.get("transactionId"));
        assertEquals(Map.of(GraphCalendarApi.CRM_ID_PROPERTY, "act-g1"), event.get("privateProperties"));

        // When: the CRM moves it and then deletes it, with a sync after each
        String update = Commands.send(user, Commands.update(user, "act-g1", Map.of("startsAt", GoogleWritesTest.at(2, "13:00"),
                "endsAt", GoogleWritesTest.at(2, "14:00"))));
        Commands.awaitState(pool, user, update, "succeeded");
        LinksApi.awaitRun(user, link, LinksApi.requestSync(user, link), "succeeded");
        String delete = Commands.send(user, Commands.delete(user, "act-g1"));
        Commands.awaitState(pool, user, delete, "succeeded");
        LinksApi.awaitRun(user, link, LinksApi.requestSync(user, link), "succeeded");

        // Then: the CRM heard of each of its writes once, and of nothing else
        List<JsonPath> changes = PublishedEvents.awaitAll(user, PublishedEvents.CHANGED, 3);
        assertEquals(List.of("created/crm", "updated/crm", "deleted/crm"),
                changes.stream().map(change -> change.getString("change") + "/" + change.getString("origin")).toList());
        assertEquals(3, PublishedEvents.of(user, PublishedEvents.CHANGED).size());
        assertEquals("deleted", graph.events().get(0).get("status"));
        PublishedEvents.assertConformToTheCatalogue(user);
    }

    @Test
    void aStaleChangeKeyKeepsTheUsersEdit() {
        // Given: an activity's event that the user then moves in Outlook
        TestUser user = TestUser.fresh();
        CalendarStandIn graph = CalendarStandIn.microsoft(GoogleWritesTest.account());
        GoogleWritesTest.linked(user, graph);
        String create = Commands.send(user, Commands.create(user, "act-g2", GoogleWritesTest.timed("Visit", 3)));
        String eventId = Commands.awaitState(pool, user, create, "succeeded").getString("provider_event_id");
        graph.edit(eventId, Map.of("start", GoogleWritesTest.at(3, "15:00"), "end", GoogleWritesTest.at(3, "16:00")));

        // When: the CRM renames it
        String update = Commands.send(user, Commands.update(user, "act-g2", Map.of("title", "Renamed by the CRM")));

        // Then: Graph's 412 keeps the user's version, which the CRM is told of
        assertEquals("provider_version_kept", Commands.awaitState(pool, user, update, "conflict").getString("outcome"));
        assertEquals("Visit", graph.event(eventId).get("title"));
        JsonPath told = PublishedEvents.await(user, PublishedEvents.CHANGED, 2);
        assertEquals(List.of("updated", "provider", GoogleWritesTest.at(3, "15:00")),
                List.of(told.getString("change"), told.getString("origin"), told.getString("startsAt")));
    }
}
