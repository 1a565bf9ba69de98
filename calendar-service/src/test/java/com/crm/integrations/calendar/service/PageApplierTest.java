package com.crm.integrations.calendar.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import jakarta.inject.Inject;

import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

import com.crm.integrations.calendar.CalendarInfrastructure;
import com.crm.integrations.calendar.CalendarLink;
import com.crm.integrations.calendar.SyncKind;
import com.crm.integrations.calendar.SyncReason;
import com.crm.integrations.calendar.SyncRun;
import com.crm.integrations.calendar.SyncWindow;
import com.crm.integrations.calendar.client.ListingPage;
import com.crm.integrations.calendar.client.ProviderEvent;
import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.payload.CalendarProvider;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** A page as large as a provider sends (Google's maxResults goes to 2,500) is applied in one transaction. */
@QuarkusTest
@WithTestResource(CalendarInfrastructure.class)
class PageApplierTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int EVENTS = 3_000;

    @Inject
    PageApplier applier;
    @Inject
    Vertx vertx;
    @Inject
    Pool pool;

    @Test
    void appliesAPageOfThousandsOfEventsOnceAndTheirRemovalsOnce() {
        // Given: a link and its full run, and a page of 3,000 new events
        Instant now = Instant.now();
        CalendarLink link = CalendarLink.forConnection("t-" + UUID.randomUUID().toString().substring(0, 8), "u1",
                UUID.randomUUID().toString(), CalendarProvider.GOOGLE, null, now);
        link.nextSyncAt = now.plus(Duration.ofDays(100)); // not the worker's to sync: its connection does not exist
        SyncRun run = SyncRun.start(link, SyncKind.FULL, SyncReason.FIRST, new SyncWindow(now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(400))), null, now);
        inTransaction(session -> session.persistAll(link, run));
        List<ListingPage.Change> page = new ArrayList<>();
        List<ListingPage.Change> removals = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            Instant start = now.plus(Duration.ofMinutes(30L * i));
            page.add(new ListingPage.Upsert(new ProviderEvent("ev" + i, null, "\"1\"", "Visit " + i, null, "confirmed", false, start,
                    start.plus(Duration.ofMinutes(25)), null, null, "UTC", null, null, null, null, now)));
            removals.add(new ListingPage.Removal("ev" + i, null, null, false));
        }

        // When: applied, applied again (a replay), and removed
        PageApplier.Counts first = apply(link, run, page);
        PageApplier.Counts again = apply(link, run, page);
        PageApplier.Counts removed = apply(link, run, removals);

        // Then
        assertEquals(new PageApplier.Counts(EVENTS, 0, 0), first);
        assertEquals(new PageApplier.Counts(0, 0, 0), again, "an unchanged event is no change");
        assertEquals(new PageApplier.Counts(0, 0, EVENTS), removed);
        assertEquals(0, pool.preparedQuery("SELECT count(*) FROM synced_event WHERE link_id = $1").execute(Tuple.of(link.id))
                .await().atMost(WAIT).iterator().next().getLong(0));
        assertEquals(2L * EVENTS, pool.preparedQuery("SELECT count(*) FROM outbox WHERE tenant_id = $1 AND type = $2")
                .execute(Tuple.of(link.tenantId, EventType.CALENDAR_EVENT_CHANGED_V2.type()))
                .await().atMost(WAIT).iterator().next().getLong(0), "each creation and deletion published once");
    }

    private PageApplier.Counts apply(CalendarLink link, SyncRun run, List<ListingPage.Change> changes) {
        return inTransaction(session -> session.find(CalendarLink.class, link.id).chain(managedLink -> session.find(SyncRun.class, run.id)
                .chain(managedRun -> applier.apply(session, managedLink, managedRun, changes, true, Instant.now()))));
    }

    private <T> T inTransaction(Function<Mutiny.Session, Uni<T>> work) {
        return OwnContext.run(vertx, () -> Panache.withTransaction(() -> Panache.getSession().chain(session -> work.apply(session)))).await().atMost(WAIT);
    }
}
