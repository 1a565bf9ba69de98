package com.crm.integrations.calendar.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.crm.integrations.calendar.CalendarInfrastructure;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Work shared by replicas: a link is synced by one replica at a time. (A mailbox's limit of calls at once is common's
 * {@code slots.CallPermits}, tested there.)
 */
@QuarkusTest
@WithTestResource(CalendarInfrastructure.class)
class LinkLeasesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    LinkLeases leases;
    @Inject
    Pool pool;

    @Test
    void twoReplicasClaimingAtOnceNeverLeaseOneLinkTwice() {
        // Given: 40 links due in 100 days (the worker, on today's clock, leaves them alone), claimed as of then
        Instant later = Instant.now().plus(Duration.ofDays(101));
        List<UUID> links = dueLinks(40, Instant.now().plus(Duration.ofDays(100)));

        // When: two replicas claim at the same moment
        var both = Uni.combine().all().unis(leases.claimDue("replica-a", Duration.ofMinutes(1), 1000, later),
                leases.claimDue("replica-b", Duration.ofMinutes(1), 1000, later)).asTuple().await().atMost(WAIT);

        // Then
        Set<UUID> a = new HashSet<>(both.getItem1());
        Set<UUID> b = new HashSet<>(both.getItem2());
        Set<UUID> overlap = new HashSet<>(a);
        overlap.retainAll(b);
        assertTrue(overlap.isEmpty(), "leased twice: " + overlap);
        Set<UUID> mine = new HashSet<>(a);
        mine.addAll(b);
        mine.retainAll(links);
        assertEquals(40, mine.size(), "every due link went to one of them");
    }

    @Test
    void aLapsedLeaseIsTakenByAnotherReplicaAndTheOldOwnerCanNoLongerReleaseIt() {
        // Given: a link leased to replica-a for 1 ms
        Instant later = Instant.now().plus(Duration.ofDays(101));
        UUID link = dueLinks(1, Instant.now().plus(Duration.ofDays(100))).get(0);
        assertEquals(List.of(link), claimed(leases.claimDue("replica-a", Duration.ofMillis(1), 1000, later), link));

        // When: it lapses and replica-b claims
        sleep(Duration.ofMillis(20));
        List<UUID> taken = claimed(leases.claimDue("replica-b", Duration.ofMinutes(1), 1000, later), link);
        leases.release(link, "replica-a").await().atMost(WAIT);

        // Then
        assertEquals(List.of(link), taken);
        assertEquals("replica-b", pool.preparedQuery("SELECT lease_owner FROM calendar_link WHERE id = $1").execute(Tuple.of(link))
                .await().atMost(WAIT).iterator().next().getString(0), "a replica whose lease lapsed gives back nothing");
        assertTrue(claimed(leases.claimDue("replica-c", Duration.ofMinutes(1), 1000, later), link).isEmpty());
    }

    private List<UUID> dueLinks(int count, Instant dueAt) {
        List<UUID> ids = new ArrayList<>();
        String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < count; i++) {
            UUID id = UUID.randomUUID();
            pool.preparedQuery("INSERT INTO calendar_link (id, tenant_id, owner_user_id, connection_id, provider, state,"
                    + " connection_status, next_sync_at) VALUES ($1, $2, 'u1', $3, 'google', 'active', 'active', $4)")
                    .execute(Tuple.of(id, tenant, UUID.randomUUID().toString(), dueAt.atOffset(ZoneOffset.UTC))).await().atMost(WAIT);
            ids.add(id);
        }
        return ids;
    }

    private static List<UUID> claimed(Uni<List<UUID>> claim, UUID link) {
        return claim.await().atMost(WAIT).stream().filter(link::equals).toList();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
