package com.crm.integrations.calendar.writes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.crm.integrations.calendar.CalendarInfrastructure;
import com.crm.integrations.calendar.sync.CalendarStandIn;
import com.crm.integrations.calendar.sync.LinksApi;
import com.crm.integrations.calendar.sync.PublishedEvents;
import com.crm.integrations.common.events.EventType;
import com.crm.integrations.testing.contract.TestUser;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Batch jobs through the providers' batch endpoints: 1,000 creates as 20 Google batches of 50 and as 50 Graph batches
 * of 20, every event once, the CRM told of each (origin crm) and of the job's end; items throttled or failing for now
 * sent again until they succeed, none doubled; items refused for good reported one by one, their neighbours done.
 */
@QuarkusTest
@WithTestResource(CalendarInfrastructure.class)
class BatchJobsTest {

    static final String COMPLETED = EventType.CALENDAR_BATCH_COMPLETED_V2.type();

    @Test
    void aThousandCreatesGoToGoogleAsTwentyBatchesOfFiftyEachEventOnce() {
        // Given: a user whose Google calendar is linked
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google(GoogleWritesTest.account());
        UUID link = GoogleWritesTest.linked(user, google);
        long since = google.lastBatch();

        // When: the CRM imports 1,000 visits as one job
        UUID job = Batches.start(user, Batches.job("create", Batches.creates("imp", 1000)));

        // Then: done, each item once, in 20 batches of 50 that Google's MIME parser read as valid, every part answered 200
        JsonPath done = Batches.awaitState(user, job, "completed");
        assertEquals(List.of(1000, 1000, 0, 0, 0), counts(done));
        List<Map<String, Object>> batches = google.batchesSince(since);
        assertEquals(20, batches.size());
        batches.forEach(batch -> {
            assertEquals(200, batch.get("status"));
            assertEquals(50, batch.get("parts"));
            assertTrue(String.valueOf(batch.get("contentType")).startsWith("multipart/mixed; boundary="), String.valueOf(batch.get("contentType")));
            assertTrue(outcomes(batch).stream().allMatch(outcome -> Integer.valueOf(200).equals(outcome.get("status"))));
        });
        assertEquals(1000, liveEvents(google).size());
        assertEquals(1000, distinctActivities(google));

        // And: the CRM heard of each event once (origin crm) and of the job's end
        List<JsonPath> changes = PublishedEvents.awaitAll(user, PublishedEvents.CHANGED, 1000);
        assertEquals(Set.of("created/crm"), changes.stream().map(change -> change.getString("change") + "/" + change.getString("origin"))
                .collect(Collectors.toSet()));
        assertEquals(1000, changes.stream().map(change -> change.getString("crmEventId")).distinct().count());
        JsonPath completed = PublishedEvents.await(user, COMPLETED, 1);
        assertEquals(List.of(job.toString(), "completed", 1000, 1000, 0, 0), List.of(completed.getString("batchId"),
                completed.getString("state"), completed.getInt("requested"), completed.getInt("succeeded"), completed.getInt("failed"),
                completed.getInt("cancelled")));
        PublishedEvents.assertConformToTheCatalogue(user);

        // And: a sync that lists the 1,000 events sees our own writes: it publishes nothing
        LinksApi.awaitRun(user, link, LinksApi.requestSync(user, link), "succeeded");
        assertEquals(1000, PublishedEvents.of(user, PublishedEvents.CHANGED).size());
    }

    @Test
    void aThousandCreatesGoToGraphAsFiftyBatchesOfTwentyEachEventOnce() {
        TestUser user = TestUser.fresh();
        CalendarStandIn graph = CalendarStandIn.microsoft(GoogleWritesTest.account());
        GoogleWritesTest.linked(user, graph);
        long since = graph.lastBatch();

        UUID job = Batches.start(user, Batches.job("create", Batches.creates("imp", 1000)));

        JsonPath done = Batches.awaitState(user, job, "completed");
        assertEquals(List.of(1000, 1000, 0, 0, 0), counts(done));
        List<Map<String, Object>> batches = graph.batchesSince(since);
        assertEquals(50, batches.size());
        batches.forEach(batch -> {
            assertEquals(200, batch.get("status"));
            assertEquals(20, batch.get("parts"));
            assertTrue(String.valueOf(batch.get("contentType")).startsWith("application/json"));
            JsonPath envelope = JsonPath.from(String.valueOf(batch.get("body")));
            List<Map<String, Object>> requests = envelope.getList("requests");
            assertEquals(20, requests.stream().map(request -> request.get("id")).distinct().count());
            requests.forEach(request -> {
                assertEquals("POST", request.get("method"));
                assertTrue(String.valueOf(request.get("url")).startsWith("/"), String.valueOf(request.get("url")));
                assertTrue(!request.containsKey("dependsOn"));
            });
        });
        assertEquals(1000, liveEvents(graph).size());
        assertEquals(1000, distinctActivities(graph));
        assertEquals(1000, PublishedEvents.awaitAll(user, PublishedEvents.CHANGED, 1000).size());
        assertEquals("completed", PublishedEvents.await(user, COMPLETED, 1).getString("state"));
    }

    @Test
    void itemsThrottledOrFailingForNowAreSentAgainUntilAllSucceedNoneTwice() {
        sentAgainUntilAllSucceed(CalendarStandIn.google(GoogleWritesTest.account()), "rateLimitExceeded", "backendError");
    }

    @Test
    void graphItemsThrottledOrFailingForNowAreLookedUpAndSentAgainNoneTwice() {
        // A Graph create tried before is looked up first (in a batch of look-ups), then sent again
        sentAgainUntilAllSucceed(CalendarStandIn.microsoft(GoogleWritesTest.account()), null, null);
    }

    private static void sentAgainUntilAllSucceed(CalendarStandIn standIn, String throttledReason, String failingReason) {
        // Given: a fifth of the account's batched requests answer 429 (Retry-After 1 s), another slice 503
        TestUser user = TestUser.fresh();
        GoogleWritesTest.linked(user, standIn);
        standIn.itemFaults(0.2, 429, throttledReason, "1", 7);
        standIn.itemFaults(0.1, 503, failingReason, null, 11);
        long since = standIn.lastBatch();

        // When
        UUID job = Batches.start(user, Batches.job("create", Batches.creates("flaky", 300)));

        // Then: every item succeeded in the end, each event exists once, and faulted items were sent again
        JsonPath done = Batches.awaitState(user, job, "completed");
        assertEquals(List.of(300, 300, 0, 0, 0), counts(done));
        assertEquals(300, liveEvents(standIn).size());
        assertEquals(300, distinctActivities(standIn));
        List<Map<String, Object>> batches = standIn.batchesSince(since);
        long faulted = batches.stream().flatMap(batch -> outcomes(batch).stream())
                .filter(outcome -> Boolean.TRUE.equals(outcome.get("faulted"))).count();
        assertTrue(faulted > 0, "some items were faulted");
        long sent = batches.stream().mapToLong(batch -> ((Number) batch.get("parts")).longValue()).sum();
        if (standIn.provider().equals("google")) {
            assertEquals(300 + faulted, sent, "each faulted item sent once more, no other repeats");
        } else {
            // Each faulted create is looked up (a GET in a batch of look-ups) before it is sent again
            long lookUps = batches.stream().flatMap(batch -> JsonPath.from(String.valueOf(batch.get("body")))
                    .<Map<String, Object>>getList("requests").stream()).filter(request -> "GET".equals(request.get("method"))).count();
            assertTrue(lookUps > 0, "look-ups sent");
            assertTrue(sent <= 300 + 2 * faulted, sent + " requests for 300 creates and " + faulted + " faults");
        }
        standIn.clearItemFaults();
    }

    @Test
    void itemsRefusedForGoodAreReportedOneByOneAndTheirNeighboursSucceed() {
        // Given: a tenth of the batched requests are refused (400)
        TestUser user = TestUser.fresh();
        CalendarStandIn graph = CalendarStandIn.microsoft(GoogleWritesTest.account());
        GoogleWritesTest.linked(user, graph);
        graph.itemFaults(0.1, 400, null, null, 5);
        long since = graph.lastBatch();

        // When
        UUID job = Batches.start(user, Batches.job("create", Batches.creates("bad", 100)));

        // Then: the refused ones failed, not retryable, with the provider's code and words; the others were written
        JsonPath done = Batches.awaitState(user, job, "completed_with_failures");
        long refused = graph.batchesSince(since).stream().flatMap(batch -> outcomes(batch).stream())
                .filter(outcome -> Boolean.TRUE.equals(outcome.get("faulted"))).count();
        assertTrue(refused > 0);
        assertEquals(List.of(100, (int) (100 - refused), (int) refused, 0, 0), counts(done));
        List<Map<String, Object>> failed = Batches.items(user, job, "failed");
        assertEquals(refused, failed.size());
        failed.forEach(item -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> failure = (Map<String, Object>) item.get("failure");
            assertEquals("provider_refused", failure.get("code"));
            assertEquals("ErrorInvalidRequest", failure.get("providerCode"));
            assertEquals(false, failure.get("retryable"));
            assertTrue(String.valueOf(failure.get("reason")).contains("HTTP 400"), String.valueOf(failure.get("reason")));
        });
        assertEquals(100 - refused, liveEvents(graph).size());
        assertEquals((int) (100 - refused), Batches.items(user, job, "succeeded").size());
        graph.clearItemFaults();
    }

    static List<Integer> counts(JsonPath job) {
        return List.of(job.getInt("counts.total"), job.getInt("counts.succeeded"), job.getInt("counts.failed"), job.getInt("counts.cancelled"),
                job.getInt("counts.pending"));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> outcomes(Map<String, Object> batch) {
        return (List<Map<String, Object>>) batch.get("outcomes");
    }

    static List<Map<String, Object>> liveEvents(CalendarStandIn standIn) {
        return Batches.liveEvents(standIn);
    }

    static int distinctActivities(CalendarStandIn standIn) {
        return Batches.distinctActivities(standIn);
    }
}
