package com.crm.integrations.calendar.writes;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.crm.integrations.calendar.CalendarInfrastructure;
import com.crm.integrations.calendar.sync.CalendarStandIn;
import com.crm.integrations.calendar.sync.LinksApi;
import com.crm.integrations.calendar.sync.PublishedEvents;
import com.crm.integrations.testing.contract.SandboxControl;
import com.crm.integrations.testing.contract.TestUser;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * What a batch job may ask and how it is steered: refused whole with every problem named before anything is stored
 * or sent, idempotent by its key, private to its tenant and user; cancelled midway, its failed items retried, its
 * events selected by a filter, moved between calendars where the provider can.
 */
@QuarkusTest
@WithTestResource(CalendarInfrastructure.class)
class BatchControlTest {

    @Test
    void aJobWithABadItemOrTooManyItemsIsRefusedWholeAndNothingIsSent() {
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google(GoogleWritesTest.account());
        GoogleWritesTest.linked(user, google);
        long since = google.lastBatch();

        // 5,001 items: over the limit
        Batches.submit(user, null, Batches.job("create", Batches.creates("many", 5001))).then().statusCode(422)
                .body("detail", containsString("items: at most 5,000 per job (5,001 given)"));

        // One malformed item among good ones: named by place and field; a repeated activity named with its first place
        List<Map<String, Object>> items = new ArrayList<>(Batches.creates("ok", 5));
        items.set(3, Map.of("crmEventId", "ok-3", "event", Map.of("startsAt", GoogleWritesTest.at(1, "09:00"),
                "endsAt", GoogleWritesTest.at(1, "10:00"))));
        items.add(Map.of("crmEventId", "ok-1", "event", Commands.timed("Again", GoogleWritesTest.at(1, "11:00"),
                GoogleWritesTest.at(1, "12:00"))));
        Batches.submit(user, null, Batches.job("create", items)).then().statusCode(422)
                .body("detail", containsString("items[3].event.title: required for a create"))
                .body("detail", containsString("items[5].crmEventId: the activity appears again (first at items[1])"));

        // A delete naming an event the link does not hold; a move at Graph is refused (below); a move without destination
        Batches.submit(user, null, Batches.job("delete", List.of(Map.of("eventId", "no-such-event")))).then().statusCode(422)
                .body("detail", containsString("items[0].eventId: the link's calendar holds no event with this id"));
        Batches.submit(user, null, Batches.job("move", List.of(Map.of("crmEventId", "x")))).then().statusCode(422)
                .body("detail", containsString("destinationCalendarId: required for a move"));
        Map<String, Object> both = Batches.job("delete", List.of(Map.of("crmEventId", "x")));
        both.put("filter", Map.of("endedBefore", Instant.now().toString()));
        Batches.submit(user, null, both).then().statusCode(422).body("detail", containsString("filter: a job names its items or a filter"));

        // Nothing stored, nothing sent
        assertEquals(0, Batches.list(user).size());
        assertEquals(0, google.batchesSince(since).size());
        assertEquals(0, BatchJobsTest.liveEvents(google).size());
    }

    @Test
    void onlyTheBatchRouteTakesBodiesOverOneMebibyteAndUpToFour() {
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google(GoogleWritesTest.account());
        GoogleWritesTest.linked(user, google);
        String padding = "x".repeat(400);
        List<Map<String, Object>> items = new ArrayList<>();
        for (Map<String, Object> item : Batches.creates("big", 3000)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> event = new HashMap<>((Map<String, Object>) item.get("event"));
            event.put("description", padding);
            items.add(Map.of("crmEventId", item.get("crmEventId"), "event", event));
        }

        // A job of about 1.5 MiB is taken (and done); the same bytes at another route are refused with 413
        Batches.submit(user, null, Batches.job("create", items)).then().statusCode(202);
        given().auth().oauth2(user.token()).contentType("application/json").body(Map.of("crmEventId", "big", "title", padding.repeat(4000)))
                .post("/calendar/events").then().statusCode(413).body("type", containsString("payload-too-large"));
        // Over 4 MiB at the batch route: 413 too, nothing stored
        List<Map<String, Object>> huge = new ArrayList<>();
        for (Map<String, Object> item : items) {
            @SuppressWarnings("unchecked")
            Map<String, Object> event = new HashMap<>((Map<String, Object>) item.get("event"));
            event.put("description", padding.repeat(4));
            huge.add(Map.of("crmEventId", "huge-" + item.get("crmEventId"), "event", event));
        }
        Batches.submit(user, null, Batches.job("create", huge)).then().statusCode(413);
        assertEquals(1, Batches.list(user).size());
    }

    @Test
    void anUpdateJobChangesTheActivitiesEventsAndADeleteJobByActivityRemovesThem() {
        // Given: three activities written by a job
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google(GoogleWritesTest.account());
        GoogleWritesTest.linked(user, google);
        Batches.awaitState(user, Batches.start(user, Batches.job("create", Batches.creates("upd", 3))), "completed");

        // When: their titles change in one job, then two of them are deleted by activity (and an unknown activity with them)
        UUID update = Batches.start(user, Batches.job("update", List.of(Map.of("crmEventId", "upd-0", "event", Map.of("title", "Moved 0")),
                Map.of("crmEventId", "upd-1", "event", Map.of("title", "Moved 1")), Map.of("crmEventId", "upd-2", "event",
                        Map.of("title", "Moved 2")))));
        Batches.awaitState(user, update, "completed");
        UUID delete = Batches.start(user, Batches.job("delete", List.of(Map.of("crmEventId", "upd-0"), Map.of("crmEventId", "upd-1"),
                Map.of("crmEventId", "never-written"))));

        // Then: the titles changed at Google, two events are gone, the unknown one was nothing to delete; the CRM heard
        // three creates, three updates and two deletions, all from us
        JsonPath deleted = Batches.awaitState(user, delete, "completed");
        assertEquals(List.of(3, 3, 0, 0, 0), BatchJobsTest.counts(deleted));
        assertEquals(List.of("Moved 2"), BatchJobsTest.liveEvents(google).stream().map(event -> event.get("title")).toList());
        assertEquals(List.of("updated", "updated", "updated"), Batches.items(user, update, null).stream().map(item -> item.get("outcome"))
                .toList());
        assertEquals(List.of("deleted", "deleted", "nothing_to_delete"), Batches.items(user, delete, null).stream()
                .map(item -> item.get("outcome")).toList());
        List<JsonPath> changes = PublishedEvents.awaitAll(user, PublishedEvents.CHANGED, 8);
        assertEquals(List.of("created/crm", "created/crm", "created/crm", "updated/crm", "updated/crm", "updated/crm", "deleted/crm",
                "deleted/crm"), changes.stream().map(change -> change.getString("change") + "/" + change.getString("origin")).toList());

        // And: an update of an activity that has no event here is refused before anything is sent
        Batches.submit(user, null, Batches.job("update", List.of(Map.of("crmEventId", "upd-0", "event", Map.of("title", "Again")))))
                .then().statusCode(422).body("detail", containsString("items[0].crmEventId: the activity has no event in this calendar"));
    }

    @Test
    void aMoveAtOutlookIsRefusedBecauseGraphHasNone() {
        TestUser user = TestUser.fresh();
        CalendarStandIn graph = CalendarStandIn.microsoft(GoogleWritesTest.account());
        GoogleWritesTest.linked(user, graph);
        Map<String, Object> move = Batches.job("move", List.of(Map.of("crmEventId", "x")));
        move.put("destinationCalendarId", "other");
        Batches.submit(user, null, move).then().statusCode(422)
                .body("detail", containsString("Outlook (Microsoft Graph) has no move"));
    }

    @Test
    void theSameRequestUnderItsKeyIsOneJobAndAnotherRequestUnderItIsRefused() {
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google(GoogleWritesTest.account());
        GoogleWritesTest.linked(user, google);
        Map<String, Object> body = Batches.job("create", Batches.creates("key", 3));
        String key = "import-" + UUID.randomUUID();

        Response first = Batches.submit(user, key, body);
        first.then().statusCode(202).header("Location", containsString("/calendar/batches/"));
        Response again = Batches.submit(user, key, body);
        again.then().statusCode(200);
        assertEquals(first.jsonPath().getString("id"), again.jsonPath().getString("id"));
        Batches.submit(user, key, Batches.job("create", Batches.creates("other", 3))).then().statusCode(409);

        Batches.awaitState(user, UUID.fromString(first.jsonPath().getString("id")), "completed");
        assertEquals(3, BatchJobsTest.liveEvents(google).size());
        assertEquals(1, Batches.list(user).size());
    }

    @Test
    void anotherTenantsOrUsersJobIsNotFound() {
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google(GoogleWritesTest.account());
        GoogleWritesTest.linked(user, google);
        UUID job = Batches.start(user, Batches.job("create", Batches.creates("mine", 2)));
        Batches.awaitState(user, job, "completed");

        TestUser stranger = TestUser.fresh();
        for (String path : List.of("", "/items")) {
            given().auth().oauth2(stranger.token()).get("/calendar/batches/" + job + path).then().statusCode(404);
        }
        given().auth().oauth2(stranger.token()).post("/calendar/batches/" + job + "/cancellation").then().statusCode(404);
        given().auth().oauth2(stranger.token()).post("/calendar/batches/" + job + "/retries").then().statusCode(404);
        assertEquals(0, Batches.list(stranger).size());
    }

    @Test
    void aCancelledJobStopsSendingAndReportsWhatItDid() {
        // Given: Google answering each batch in 400 ms, and a job of 500 creates (10 batches)
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google(GoogleWritesTest.account());
        GoogleWritesTest.linked(user, google);
        String slow = SandboxControl.latency("POST", "/google/batch/*", 400, 1000);
        try {
            UUID job = Batches.start(user, Batches.job("create", Batches.creates("cancel", 500)));
            await().atMost(Batches.WAIT).until(() -> Batches.get(user, job).getInt("counts.succeeded") > 0);

            // When
            given().auth().oauth2(user.token()).post("/calendar/batches/" + job + "/cancellation").then().statusCode(200)
                    .body("cancelRequested", equalTo(true));

            // Then: cancelled; what was written is reported, the rest was never sent
            JsonPath done = Batches.awaitState(user, job, "cancelled");
            int succeeded = done.getInt("counts.succeeded");
            int cancelled = done.getInt("counts.cancelled");
            assertTrue(succeeded >= 50 && succeeded < 500 && cancelled > 0, done.prettify());
            assertEquals(500, succeeded + cancelled);
            assertEquals(succeeded, BatchJobsTest.liveEvents(google).size());
            assertEquals(cancelled, Batches.items(user, job, "cancelled").size());
            JsonPath completed = PublishedEvents.await(user, BatchJobsTest.COMPLETED, 1);
            assertEquals(List.of("cancelled", succeeded, cancelled), List.of(completed.getString("state"), completed.getInt("succeeded"),
                    completed.getInt("cancelled")));
        } finally {
            SandboxControl.removeRule(slow);
        }
    }

    @Test
    void retriesSendOnlyTheFailedRetryableItemsAgain() {
        // Given: every batched request of the account failing with 503 for now, and a job of 5 creates whose items give up
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google(GoogleWritesTest.account());
        GoogleWritesTest.linked(user, google);
        google.itemFaults(1.0, 503, null, null, 3);
        UUID job = Batches.start(user, Batches.job("create", Batches.creates("later", 5)));
        JsonPath failed = Batches.awaitState(user, job, "completed_with_failures");
        assertEquals(5, failed.getInt("counts.failed"));
        Batches.items(user, job, "failed").forEach(item -> assertEquals(true, ((Map<?, ?>) item.get("failure")).get("retryable")));

        // When: Google recovers and the items are retried
        google.clearItemFaults();
        long since = google.lastBatch();
        given().auth().oauth2(user.token()).post("/calendar/batches/" + job + "/retries").then().statusCode(200)
                .body("state", equalTo("running"));

        // Then: all five written, in one batch of exactly those five
        JsonPath done = Batches.awaitState(user, job, "completed");
        assertEquals(List.of(5, 5, 0, 0, 0), BatchJobsTest.counts(done));
        assertEquals(1, google.batchesSince(since).size());
        assertEquals(5, google.batchesSince(since).get(0).get("parts"));
        assertEquals(5, BatchJobsTest.liveEvents(google).size());
    }

    @Test
    void aDeleteByFilterRemovesTheLinksEventsThatEndedBeforeTheInstantAndNoOthers() {
        // Given: six events the user made, three past and three to come, synced
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google(GoogleWritesTest.account());
        google.seed(3, LocalDate.now(ZoneOffset.UTC).minusDays(3) + "T08:00:00Z", 60, 30);
        List<String> future = google.seed(3, LocalDate.now(ZoneOffset.UTC).plusDays(2) + "T08:00:00Z", 60, 30);
        GoogleWritesTest.linked(user, google);

        // When: every event that ended before now is deleted
        Map<String, Object> body = new HashMap<>(Map.of("operation", "delete", "filter", Map.of("endedBefore", Instant.now().toString())));
        UUID job = Batches.start(user, body);

        // Then: the three past ones are gone, the three to come stay; after the six the sync told, the CRM heard of three
        // deletions, from us
        JsonPath done = Batches.awaitState(user, job, "completed");
        assertEquals(List.of(3, 3, 0, 0, 0), BatchJobsTest.counts(done));
        assertEquals(future.stream().sorted().toList(),
                BatchJobsTest.liveEvents(google).stream().map(event -> String.valueOf(event.get("id"))).sorted().toList());
        List<JsonPath> deleted = PublishedEvents.awaitAll(user, PublishedEvents.CHANGED, 9).stream()
                .filter(change -> "deleted".equals(change.getString("change"))).toList();
        assertEquals(3, deleted.size());
        assertTrue(deleted.stream().allMatch(change -> "crm".equals(change.getString("origin"))));
    }

    @Test
    void aMoveTakesGoogleEventsToAnotherCalendarOfTheAccount() {
        // Given: two activities written by a job, and a second calendar in the account
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google(GoogleWritesTest.account());
        UUID link = GoogleWritesTest.linked(user, google);
        Batches.awaitState(user, Batches.start(user, Batches.job("create", Batches.creates("mv", 2))), "completed");
        String team = google.addCalendar("Team visits");

        // When
        Map<String, Object> move = Batches.job("move", List.of(Map.of("crmEventId", "mv-0"), Map.of("crmEventId", "mv-1")));
        move.put("destinationCalendarId", team);
        UUID job = Batches.start(user, move);

        // Then: both live in the team calendar now, and the CRM was told where they went
        Batches.awaitState(user, job, "completed");
        assertEquals(List.of(team, team), BatchJobsTest.liveEvents(google).stream().map(event -> event.get("calendarId")).toList());
        List<JsonPath> moved = PublishedEvents.awaitAll(user, PublishedEvents.CHANGED, 4).subList(2, 4);
        assertTrue(moved.stream().allMatch(change -> team.equals(change.getString("calendarId")) && "crm".equals(change.getString("origin"))
                && "updated".equals(change.getString("change"))), moved.toString());
        assertEquals("moved", Batches.items(user, job, null).get(0).get("outcome"));
        LinksApi.awaitRun(user, link, LinksApi.requestSync(user, link), "succeeded");
        assertEquals(4, PublishedEvents.of(user, PublishedEvents.CHANGED).size(), "the sync publishes nothing of the moves");
    }
}
