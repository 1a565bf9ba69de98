package com.crm.integrations.calendar.repository;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Which replica syncs which link: a lease on the link's row ({@code lease_owner}, {@code lease_until}),
 * taken with {@code FOR UPDATE SKIP LOCKED} so that two replicas never sync one link at once, renewed
 * by every page's transaction and given back when the run stops. Only these statements write the lease
 * columns (the entity maps them read-only).
 */
@ApplicationScoped
public class LinkLeases {

    private static final String CLAIM = """
            UPDATE calendar_link SET lease_owner = $1, lease_until = now() + $2 * interval '1 millisecond'
             WHERE id IN (SELECT id FROM calendar_link
                           WHERE state = 'active' AND next_sync_at <= $4
                             AND (retry_at IS NULL OR retry_at <= $4)
                             AND (throttled_until IS NULL OR throttled_until <= $4)
                             AND (lease_until IS NULL OR lease_until < now())
                           ORDER BY next_sync_at
                           LIMIT $3
                           FOR UPDATE SKIP LOCKED)
            RETURNING id""";
    private static final String RENEW = "UPDATE calendar_link SET lease_until = now() + ?3 * interval '1 millisecond'"
            + " WHERE id = ?1 AND lease_owner = ?2";
    private static final String RELEASE = "UPDATE calendar_link SET lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2";

    private final Pool pool;

    public LinkLeases(Pool pool) {
        this.pool = pool;
    }

    /**
     * Leases up to {@code limit} links due at {@code now} (the service's clock, which set their times) to
     * {@code owner}, the longest waiting first. Leases run on the database's clock, shared by all replicas.
     */
    public Uni<List<UUID>> claimDue(String owner, Duration lease, int limit, Instant now) {
        return LeaseClaims.claim(pool, CLAIM, owner, lease, limit, now);
    }

    /**
     * Renews the lease within the session's transaction: false when {@code owner} no longer holds it
     * (it lapsed and another replica took the link), and the transaction must then write nothing.
     */
    public Uni<Boolean> renew(Mutiny.Session session, UUID linkId, String owner, Duration lease) {
        return session.createNativeQuery(RENEW).setParameter(1, linkId).setParameter(2, owner).setParameter(3, lease.toMillis())
                .executeUpdate().map(updated -> updated == 1);
    }

    /** Gives the link back (its next run is due at its {@code next_sync_at}). */
    public Uni<Void> release(UUID linkId, String owner) {
        return pool.preparedQuery(RELEASE).execute(Tuple.of(linkId, owner)).replaceWithVoid();
    }
}
