package com.crm.integrations.calendar.writes;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.crm.integrations.calendar.CalendarInfrastructure;
import com.crm.integrations.calendar.sync.CalendarStandIn;
import com.crm.integrations.calendar.sync.PublishedEvents;
import com.crm.integrations.testing.contract.TestUser;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Batch jobs the CRM's services send on {@code calendar.commands} ({@code calendar.batch-command.v1}): run like a REST
 * job, once per command id however often the record is delivered; a command that cannot run is answered with a failed
 * {@code calendar.batch-completed.v2} saying why, and nothing is sent.
 */
@QuarkusTest
@WithTestResource(CalendarInfrastructure.class)
class BatchCommandsTest {

    @Test
    void aBatchCommandRunsAsAJobOnceHoweverOftenItIsDelivered() {
        // Given
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google(GoogleWritesTest.account());
        GoogleWritesTest.linked(user, google);
        String id = UUID.randomUUID().toString();
        Map<String, Object> command = new HashMap<>(Batches.job("create", Batches.creates("kafka", 120)));
        command.put("userId", user.user());

        // When: the record arrives twice
        Commands.sendBatch(user, id, command);
        Commands.sendBatch(user, id, command);

        // Then: one job under the command's id, every event once, and one batch-completed naming the command
        JsonPath completed = PublishedEvents.await(user, BatchJobsTest.COMPLETED, 1);
        assertEquals(List.of(id, "completed", 120, 120), List.of(completed.getString("requestKey"), completed.getString("state"),
                completed.getInt("requested"), completed.getInt("succeeded")));
        List<Map<String, Object>> jobs = Batches.list(user);
        assertEquals(1, jobs.size());
        assertEquals(id, jobs.get(0).get("key"));
        assertEquals(120, BatchJobsTest.liveEvents(google).size());
        assertEquals(120, BatchJobsTest.distinctActivities(google));
        assertEquals(1, PublishedEvents.of(user, BatchJobsTest.COMPLETED).size());
        PublishedEvents.assertConformToTheCatalogue(user);
    }

    @Test
    void aBatchCommandThatCannotRunIsAnsweredWithAFailedJobAndSendsNothing() {
        // Given: a user with no calendar link, and one with a link but a command with a bad item
        TestUser unlinked = TestUser.fresh();
        Map<String, Object> noLink = new HashMap<>(Batches.job("create", Batches.creates("lost", 2)));
        noLink.put("userId", unlinked.user());
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google(GoogleWritesTest.account());
        GoogleWritesTest.linked(user, google);
        Map<String, Object> badItem = new HashMap<>(Batches.job("create", List.of(Map.of("crmEventId", "x", "event",
                Map.of("title", "No time")))));
        badItem.put("userId", user.user());

        // When
        Commands.sendBatch(unlinked, "no-link-" + UUID.randomUUID(), noLink);
        Commands.sendBatch(user, "bad-" + UUID.randomUUID(), badItem);

        // Then: each answered as failed, with its reason; nothing written
        JsonPath lost = PublishedEvents.await(unlinked, BatchJobsTest.COMPLETED, 1);
        assertEquals(List.of("failed", 2, 2), List.of(lost.getString("state"), lost.getInt("requested"), lost.getInt("failed")));
        assertNull(lost.getString("linkId"));
        assertTrue(lost.getString("failureReason").startsWith("The user has no calendar link"), lost.getString("failureReason"));
        JsonPath bad = PublishedEvents.await(user, BatchJobsTest.COMPLETED, 1);
        assertEquals("failed", bad.getString("state"));
        assertTrue(bad.getString("failureReason").contains("items[0].event"), bad.getString("failureReason"));
        assertEquals(0, BatchJobsTest.liveEvents(google).size());
        PublishedEvents.assertConformToTheCatalogue(unlinked);
        PublishedEvents.assertConformToTheCatalogue(user);
        given().auth().oauth2(user.token()).get("/calendar/batches").then().statusCode(200);
    }
}
