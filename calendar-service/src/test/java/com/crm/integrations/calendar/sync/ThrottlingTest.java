package com.crm.integrations.calendar.sync;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.crm.integrations.calendar.CalendarInfrastructure;
import com.crm.integrations.testing.contract.TestUser;
import com.crm.integrations.testing.services.TokenServiceConnections;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** One user's throttling backs that user off, for as long as the provider asks, and leaves other users' syncs alone. */
@QuarkusTest
@WithTestResource(CalendarInfrastructure.class)
class ThrottlingTest {


    @Test
    void aThrottledUserWaitsForRetryAfterWhileAnotherUserSyncs() {
        // Given: two users of Graph, the first throttled for 4 s (longer than a call waits)
        TestUser throttledUser = TestUser.fresh();
        CalendarStandIn throttled = CalendarStandIn.microsoft(GoogleSyncTest.account());
        throttled.seed(120, GoogleSyncTest.day(1) + "T08:00:00Z", 60, 30);
        throttled.throttle(429, null, "4", 1);
        TestUser otherUser = TestUser.fresh();
        CalendarStandIn other = CalendarStandIn.microsoft(GoogleSyncTest.account());
        other.seed(3, GoogleSyncTest.day(1) + "T08:00:00Z", 60, 30);

        // When
        UUID link = LinksApi.awaitLink(throttledUser, TokenServiceConnections.connect(throttledUser, "microsoft", throttled.account()).id());
        UUID otherLink = LinksApi.awaitLink(otherUser, TokenServiceConnections.connect(otherUser, "microsoft", other.account()).id());

        // Then: the other user synced; the throttled one was told when it goes on
        PublishedEvents.await(otherUser, PublishedEvents.SYNCED, 1);
        JsonPath failed = PublishedEvents.await(throttledUser, PublishedEvents.FAILED, 1);
        assertEquals("rate_limit", failed.getString("category"));
        assertEquals("wait_and_retry", failed.getString("requiredAction"));
        Instant retryAt = Instant.parse(failed.getString("retryAt"));
        assertTrue(!retryAt.isBefore(Instant.parse(failed.getString("failedAt")).plusSeconds(4)), failed.prettify());
        assertEquals("active", LinksApi.link(otherUser, otherLink).getString("state"));

        // And: it went on by itself once the wait was over, with the run it had started, asking nothing before
        JsonPath synced = PublishedEvents.await(throttledUser, PublishedEvents.SYNCED, 1);
        assertEquals(120, synced.getInt("totalEvents"));
        List<Map<String, Object>> calls = throttled.requests();
        long refused = ((Number) calls.get(0).get("at")).longValue();
        long next = ((Number) calls.get(1).get("at")).longValue();
        assertEquals(429, ((Number) calls.get(0).get("status")).intValue());
        assertTrue(next - refused >= Duration.ofSeconds(4).toMillis(), "the next call waited for Retry-After: " + (next - refused) + " ms");
        assertTrue(LinksApi.link(throttledUser, link).getString("lastSuccessAt") != null);
    }
}
