package com.crm.integrations.calendar.writes;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.crm.integrations.calendar.CalendarInfrastructure;
import com.crm.integrations.calendar.MovableClock;
import com.crm.integrations.calendar.service.CommandIntake;
import com.crm.integrations.calendar.sync.CalendarStandIn;
import com.crm.integrations.calendar.sync.LinksApi;
import com.crm.integrations.calendar.sync.PublishedEvents;
import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.Topics;
import com.crm.integrations.testing.contract.SandboxControl;
import com.crm.integrations.testing.contract.TestUser;
import com.crm.integrations.testing.events.TopicReader;
import com.crm.integrations.testing.services.TokenServiceConnections;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A command's life: stored when it arrives, carried out by the worker however long the provider or the link keeps it
 * waiting, in order per activity, and given up only for good reasons, which the CRM hears as
 * {@code calendar.command-failed.v1}.
 */
@QuarkusTest
@WithTestResource(CalendarInfrastructure.class)
class CommandLifecycleTest {

    private static final String FAILED = EventType.CALENDAR_COMMAND_FAILED.type();

    @Inject
    Pool pool;

    @Inject
    MovableClock clock;

    @AfterEach
    void clockBack() {
        clock.reset();
    }

    @Test
    void aProviderOutageDelaysCommandsAndDeadLettersNone() {
        // Given: a linked user, and Google failing every insert
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google(GoogleWritesTest.account());
        GoogleWritesTest.linked(user, google);
        String outage = SandboxControl.fault("POST", "/google/calendar/v3/calendars/primary/events", 503);
        try {
            // When: two commands arrive during the outage
            String first = Commands.send(user, Commands.create(user, "act-o1", Commands.timed("One", GoogleWritesTest.at(2, "09:00"),
                    GoogleWritesTest.at(2, "09:30"))));
            String second = Commands.send(user, Commands.create(user, "act-o2", Commands.timed("Two", GoogleWritesTest.at(2, "10:00"),
                    GoogleWritesTest.at(2, "10:30"))));

            // Then: they are tried again and again, and wait
            await().atMost(Commands.WAIT).until(() -> Commands.row(pool, user, first) != null
                    && Commands.row(pool, user, first).getInteger("attempts") >= 3);
            Row waiting = await().atMost(Commands.WAIT).until(() -> Commands.row(pool, user, second),
                    row -> row != null && "pending".equals(row.getString("state")) && row.getInteger("attempts") >= 2);
            assertEquals("transient", waiting.getString("failure_category"));
            assertEquals(0, google.events().size());
        } finally {
            SandboxControl.removeRule(outage);
        }

        // When: Google recovers. Then: both are written, once each, and nothing went to the dead-letter topic
        Commands.awaitState(pool, user, commandOf(user, "act-o1"), "succeeded");
        Commands.awaitState(pool, user, commandOf(user, "act-o2"), "succeeded");
        assertEquals(2, google.events().size());
        try (TopicReader deadLetters = TopicReader.of(Topics.deadLetterOf(CommandIntake.CONSUMER))) {
            assertEquals(List.of(), deadLetters.ofTenant(user.tenant()));
        }
    }

    @Test
    void aThrottledWriteHoldsTheLinksSyncAndOtherCommandsForTheRetryAfter() {
        // Given: a linked user, and Google throttling their next request for 3 s (longer than a call waits in itself)
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google(GoogleWritesTest.account());
        UUID link = GoogleWritesTest.linked(user, google);
        int before = google.requests().size();
        google.throttle(429, "rateLimitExceeded", "3", 1);

        // When: a command meets the throttling, and a sync and another command are asked for at once
        String first = Commands.send(user, Commands.create(user, "act-t1", GoogleWritesTest.timed("One", 2)));
        await().atMost(Commands.WAIT).until(() -> Commands.row(pool, user, first),
                row -> row != null && "rate_limit".equals(row.getString("failure_category")));
        UUID run = LinksApi.requestSync(user, link);
        String second = Commands.send(user, Commands.create(user, "act-t2", GoogleWritesTest.timed("Two", 3)));

        // Then: all three go through, none of them before Google's Retry-After was over
        Commands.awaitState(pool, user, first, "succeeded");
        Commands.awaitState(pool, user, second, "succeeded");
        LinksApi.awaitRun(user, link, run, "succeeded");
        List<Map<String, Object>> requests = google.requests().subList(before, google.requests().size());
        Map<String, Object> throttled = requests.get(0);
        assertEquals(429, ((Number) throttled.get("status")).intValue(), requests.toString());
        long throttledAt = ((Number) throttled.get("at")).longValue();
        for (Map<String, Object> request : requests.subList(1, requests.size())) {
            assertTrue(((Number) request.get("at")).longValue() - throttledAt >= 2900, "too early after the 429: " + request);
        }
    }

    @Test
    void aCommandForAUserWithoutACalendarWaitsForTheLink() {
        // Given: a command for a user who has connected no calendar yet
        TestUser user = TestUser.fresh();
        String id = Commands.send(user, Commands.create(user, "act-later", Commands.timed("Later", GoogleWritesTest.at(3, "09:00"),
                GoogleWritesTest.at(3, "10:00"))));
        Row waiting = await().atMost(Commands.WAIT).until(() -> Commands.row(pool, user, id),
                row -> row != null && "no_link".equals(row.getString("failure_code")));
        assertEquals("pending", waiting.getString("state"));

        // When: the user connects their Google calendar
        CalendarStandIn google = CalendarStandIn.google(GoogleWritesTest.account());
        TokenServiceConnections.connect(user, "google", google.account());

        // Then: the command is carried out on the new link (woken by it, not after the next minute's look)
        Row done = Commands.awaitState(pool, user, id, "succeeded");
        assertEquals("Later", google.event(done.getString("provider_event_id")).get("title"));
    }

    @Test
    void aCommandWhoseTimeIsUpFailsWithTheReason() {
        // Given: a command waiting for a link that never comes
        TestUser user = TestUser.fresh();
        String id = Commands.send(user, Commands.create(user, "act-never", Commands.timed("Never", GoogleWritesTest.at(3, "09:00"),
                GoogleWritesTest.at(3, "10:00"))));
        await().atMost(Commands.WAIT).until(() -> Commands.row(pool, user, id),
                row -> row != null && "no_link".equals(row.getString("failure_code")));

        // When: its day is over and it is looked at again
        clock.advance(Duration.ofHours(25));
        pool.preparedQuery("UPDATE calendar_command SET next_attempt_at = now() WHERE command_id = $1")
                .execute(Tuple.of(id)).await().atMost(Commands.WAIT);

        // Then
        Commands.awaitState(pool, user, id, "failed");
        JsonPath failed = PublishedEvents.await(user, FAILED, 1);
        assertEquals(List.of(id, "create", "act-never", user.user(), "permanent", "no_link"),
                List.of(failed.getString("commandId"), failed.getString("action"), failed.getString("crmEventId"),
                        failed.getString("ownerUserId"), failed.getString("category"), failed.getString("code")));
        PublishedEvents.assertConformToTheCatalogue(user);
    }

    @Test
    void aWriteTheProviderRefusesForGoodFailsAtOnce() {
        // Given
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google(GoogleWritesTest.account());
        GoogleWritesTest.linked(user, google);
        String refusal = SandboxControl.fault("POST", "/google/calendar/v3/calendars/primary/events", 400,
                "{\"error\":{\"errors\":[{\"domain\":\"calendar\",\"reason\":\"invalid\",\"message\":\"Invalid value\"}],"
                        + "\"code\":400,\"message\":\"Invalid value\"}}", null, 1);

        // When
        String id = Commands.send(user, Commands.create(user, "act-refused", Commands.timed("Refused", GoogleWritesTest.at(3, "09:00"),
                GoogleWritesTest.at(3, "10:00"))));

        // Then: no retries, one failure event
        Row failed = Commands.awaitState(pool, user, id, "failed");
        SandboxControl.removeRule(refusal);
        assertEquals(1, failed.getInteger("attempts"));
        JsonPath event = PublishedEvents.await(user, FAILED, 1);
        assertEquals(List.of("permanent", "provider_refused", "invalid"),
                List.of(event.getString("category"), event.getString("code"), event.getString("providerCode")));
        assertEquals(0, google.events().size());
    }

    @Test
    void aCommandThatNamesNoUsableTargetFailsWithItsReason() {
        // Given: a user with a Google and an Outlook calendar
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google(GoogleWritesTest.account());
        CalendarStandIn graph = CalendarStandIn.microsoft(GoogleWritesTest.account());
        TokenServiceConnections.Connection googleConnection = TokenServiceConnections.connect(user, "google", google.account());
        UUID googleLink = LinksApi.awaitLink(user, googleConnection.id());
        LinksApi.awaitSuccess(user, googleLink);
        GoogleWritesTest.linked(user, graph);

        // When / Then: an update of an activity never written
        String update = Commands.send(user, Commands.update(user, "act-unwritten", Map.of("title", "Renamed")));
        assertEquals("not_found", Commands.awaitState(pool, user, update, "failed").getString("failure_code"));

        // When / Then: a create that names neither link nor provider
        String ambiguous = Commands.send(user, Commands.create(user, "act-which", GoogleWritesTest.timed("Which", 2)));
        assertEquals("ambiguous_link", Commands.awaitState(pool, user, ambiguous, "failed").getString("failure_code"));

        // When / Then: naming the provider picks its link
        Map<String, Object> toOutlook = new HashMap<>(Commands.create(user, "act-which", GoogleWritesTest.timed("Which", 2)));
        toOutlook.put("provider", "microsoft");
        Commands.awaitState(pool, user, Commands.send(user, toOutlook), "succeeded");
        assertEquals(1, graph.events().size());
        assertEquals(0, google.events().size());

        // When: the Google connection is revoked, and a command names its (now ended) link
        TokenServiceConnections.disconnect(googleConnection);
        await().atMost(Commands.WAIT).until(() -> "ended".equals(LinksApi.link(user, googleLink).getString("state")));
        Map<String, Object> toEnded = new HashMap<>(Commands.create(user, "act-ended", GoogleWritesTest.timed("Ended", 3)));
        toEnded.put("linkId", googleLink.toString());
        String ended = Commands.send(user, toEnded);

        // Then
        assertEquals("link_ended", Commands.awaitState(pool, user, ended, "failed").getString("failure_code"));
        List<JsonPath> failures = PublishedEvents.awaitAll(user, FAILED, 3);
        assertEquals(List.of("not_found", "ambiguous_link", "link_ended"), failures.stream().map(failure -> failure.getString("code")).toList());
        PublishedEvents.assertConformToTheCatalogue(user);
    }

    @Test
    void anInvalidCommandIsRefusedWithTheProblemsNamed() {
        // Given: a linked user
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google(GoogleWritesTest.account());
        GoogleWritesTest.linked(user, google);

        // When: a create without a title whose end comes before its start
        String id = Commands.send(user, Commands.create(user, "act-bad", Map.of("startsAt", GoogleWritesTest.at(3, "10:00"),
                "endsAt", GoogleWritesTest.at(3, "09:00"))));

        // Then
        Row failed = Commands.awaitState(pool, user, id, "failed");
        assertEquals("invalid_command", failed.getString("failure_code"));
        String reason = PublishedEvents.await(user, FAILED, 1).getString("reason");
        assertTrue(reason.contains("event.title") && reason.contains("event.endsAt"), reason);
        assertEquals(0, google.events().size());
    }

    @Test
    void importOnlyWritesNothingAndExportOnlyPublishesNoProviderChange() {
        // Given: an import_only tenant
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google(GoogleWritesTest.account());
        UUID link = GoogleWritesTest.linked(user, google);
        direction(user, "import_only");

        // When: a command comes, and the same over REST
        String id = Commands.send(user, Commands.create(user, "act-import", Commands.timed("No", GoogleWritesTest.at(3, "09:00"),
                GoogleWritesTest.at(3, "10:00"))));

        // Then: refused with the reason, nothing written
        assertEquals("import_only", Commands.awaitState(pool, user, id, "failed").getString("failure_code"));
        Commands.post(user, "key-" + UUID.randomUUID(), Map.of("crmEventId", "act-import-rest", "title", "No",
                "startsAt", GoogleWritesTest.at(3, "09:00"), "endsAt", GoogleWritesTest.at(3, "10:00")))
                .then().statusCode(409).contentType("application/problem+json");
        assertEquals(0, google.events().size());

        // When: the tenant turns export_only, the CRM writes an event and the user adds one of their own
        direction(user, "export_only");
        String written = Commands.send(user, Commands.create(user, "act-export", Commands.timed("Yes", GoogleWritesTest.at(3, "11:00"),
                GoogleWritesTest.at(3, "12:00"))));
        Commands.awaitState(pool, user, written, "succeeded");
        google.createTimed("The user's own", GoogleWritesTest.at(4, "09:00").substring(0, 19), GoogleWritesTest.at(4, "10:00")
                .substring(0, 19), "UTC");
        LinksApi.awaitRun(user, link, LinksApi.requestSync(user, link), "succeeded");

        // Then: the CRM heard of its own write only
        List<JsonPath> changes = PublishedEvents.of(user, PublishedEvents.CHANGED);
        assertEquals(List.of("crm"), changes.stream().map(change -> change.getString("origin")).toList());
    }

    @Test
    void anActivitysCommandsRunInTheOrderTheyCame() {
        // Given
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google(GoogleWritesTest.account());
        GoogleWritesTest.linked(user, google);

        // When: create, move and delete of one activity arrive back to back
        Commands.send(user, Commands.create(user, "act-seq", Commands.timed("Seq", GoogleWritesTest.at(2, "09:00"), GoogleWritesTest.at(2, "10:00"))));
        Commands.send(user, Commands.update(user, "act-seq", Map.of("title", "Seq moved")));
        String delete = Commands.send(user, Commands.delete(user, "act-seq"));

        // Then: carried out in that order
        Commands.awaitState(pool, user, delete, "succeeded");
        List<JsonPath> changes = PublishedEvents.awaitAll(user, PublishedEvents.CHANGED, 3);
        assertEquals(List.of("created", "updated", "deleted"), changes.stream().map(change -> change.getString("change")).toList());
        assertEquals("deleted", google.events().get(0).get("status"));
    }

    private String commandOf(TestUser user, String crmEventId) {
        return pool.preparedQuery("SELECT command_id FROM calendar_command WHERE tenant_id = $1 AND crm_event_id = $2")
                .execute(Tuple.of(user.tenant(), crmEventId)).await().atMost(Commands.WAIT)
                .iterator().next().getString(0);
    }

    static void direction(TestUser user, String direction) {
        given().auth().oauth2(user.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("pastDays", 30, "futureDays", 365, "direction", direction))
                .put("/calendar/settings").then().statusCode(200);
    }
}
