package com.crm.integrations.calendar.writes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import com.crm.integrations.calendar.CalendarInfrastructure;
import com.crm.integrations.calendar.sync.CalendarStandIn;
import com.crm.integrations.testing.contract.TestUser;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * More batch jobs claimed at once than the reactive pool has connections: each claim holds at most one connection at a
 * time. A claim that read its job in a session and then asked the pool for the tenant's settings while still holding the
 * session's connection deadlocked the pool (found by the reliability suite: every claim waited for the acquisition
 * timeout, and items gave up).
 */
@QuarkusTest
@WithTestResource(CalendarInfrastructure.class)
@TestProfile(BatchClaimsOnASmallPoolTest.SmallPool.class)
class BatchClaimsOnASmallPoolTest {

    /** Two connections, eight jobs driven at once. */
    public static class SmallPool implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.reactive.max-size", "2", "integrations.calendar.batches.concurrency", "8");
        }
    }

    @Test
    void sixJobsAtOnceOnTwoConnectionsAllComplete() {
        // Given: six users, each with a linked Google calendar
        List<TestUser> users = new ArrayList<>();
        List<CalendarStandIn> calendars = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            TestUser user = TestUser.fresh();
            CalendarStandIn google = CalendarStandIn.google(GoogleWritesTest.account());
            Batches.linked(user, google);
            users.add(user);
            calendars.add(google);
        }

        // When: each starts a job of 10 creates at the same moment
        List<UUID> jobs = users.stream().map(user -> CompletableFuture.supplyAsync(() -> Batches.start(user,
                Batches.job("create", Batches.creates("pool", 10))))).toList().stream().map(CompletableFuture::join).toList();

        // Then: every job completes well within a claim's acquisition timeout and lease, each event once
        for (int i = 0; i < jobs.size(); i++) {
            JsonPath done = Batches.awaitState(users.get(i), jobs.get(i), "completed", Duration.ofSeconds(25));
            assertEquals(List.of(10, 10, 0, 0, 0), BatchJobsTest.counts(done), done.prettify());
            assertEquals(10, Batches.liveEvents(calendars.get(i)).size());
            assertEquals(10, Batches.distinctActivities(calendars.get(i)));
        }
    }
}
