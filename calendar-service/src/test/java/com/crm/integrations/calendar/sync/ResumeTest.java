package com.crm.integrations.calendar.sync;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.crm.integrations.calendar.CalendarInfrastructure;
import com.crm.integrations.testing.contract.TestUser;
import com.crm.integrations.testing.services.TokenServiceConnections;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A listing that fails mid-way is not a success and removes nothing; it goes on from its stored page
 * cursor, whichever replica picks it up (a restart is the same: the cursor is in the database).
 */
@QuarkusTest
@WithTestResource(CalendarInfrastructure.class)
class ResumeTest {


    @Inject
    Pool pool;

    @Test
    void anErrorMidPagingIsNoSuccessAndTheRunResumesFromItsStoredPage() {
        // Given: 120 events (three pages of 50); the provider fails every call after the first page
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google(GoogleSyncTest.account());
        google.seed(120, GoogleSyncTest.day(1) + "T08:00:00Z", 60, 30);
        google.throttleAfter(1, 503, "backendError", null, null);

        // When
        UUID link = LinksApi.awaitLink(user, TokenServiceConnections.connect(user, "google", google.account()).id());

        // Then: the failure is reported, the first page is kept, nothing else happened
        assertEquals("transient", PublishedEvents.await(user, PublishedEvents.FAILED, 1).getString("category"));
        Row run = await().atMost(LinksApi.WAIT).until(() -> runOf(link), row -> row != null && row.getInteger("pages") == 1);
        assertEquals("running", run.getString("state"));
        assertTrue(run.getString("page_cursor") != null, "the next page's cursor is stored");
        assertEquals(50, new StoredEvents(pool).count(link));
        assertTrue(PublishedEvents.of(user, PublishedEvents.SYNCED).isEmpty(), "no success reported");

        // When: the provider recovers
        google.clearThrottles();

        // Then: the same run went on from its second page
        await().atMost(LinksApi.WAIT).until(() -> "succeeded".equals(runOf(link).getString("state")));
        Row finished = runOf(link);
        assertEquals(run.getUUID("id"), finished.getUUID("id"));
        assertEquals(List.of(3, 120, 0), List.of(finished.getInteger("pages"), finished.getInteger("created"), finished.getInteger("deleted")));
        assertEquals(120, new StoredEvents(pool).count(link));
        List<Map<String, Object>> listings = google.requests().stream()
                .filter(request -> String.valueOf(request.get("path")).endsWith("/events")).toList();
        assertEquals(1, listings.stream().filter(request -> !String.valueOf(request.get("query")).contains("pageToken")).count(),
                "the listing started from its first page once");
        assertEquals(200, ((Number) listings.get(listings.size() - 1).get("status")).intValue());
    }

    private Row runOf(UUID link) {
        var rows = pool.preparedQuery("SELECT id, state, pages, created, deleted, page_cursor FROM sync_run WHERE link_id = $1"
                + " ORDER BY started_at DESC LIMIT 1").execute(Tuple.of(link)).await().atMost(Duration.ofSeconds(10));
        return rows.iterator().hasNext() ? rows.iterator().next() : null;
    }
}
