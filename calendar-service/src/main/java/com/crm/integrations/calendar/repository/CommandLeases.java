package com.crm.integrations.calendar.repository;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Which replica carries out which command: a lease on the command's row, taken with {@code FOR UPDATE SKIP LOCKED}
 * (one replica per command), each take counted as an attempt. A command is due when its next attempt is, its link
 * is not throttled ({@code throttled_until}, set by the sync's and the commands' calls alike), and no earlier command of the same CRM activity is open: an activity's commands run one at a
 * time, in arrival order. A lease that lapses (its replica died) makes the command due again.
 */
@ApplicationScoped
public class CommandLeases {

    private static final String CLAIM = """
            UPDATE calendar_command
               SET state = 'running', lease_owner = $1, lease_until = now() + $2 * interval '1 millisecond',
                   attempts = attempts + 1, version = version + 1
             WHERE id IN (SELECT c.id FROM calendar_command c
                           WHERE c.batch_id IS NULL
                             AND ((c.state = 'pending' AND c.next_attempt_at <= $4)
                                  OR (c.state = 'running' AND c.lease_until < now()))
                             AND NOT EXISTS (SELECT 1 FROM calendar_command o
                                              WHERE o.tenant_id = c.tenant_id AND o.crm_event_id = c.crm_event_id
                                                AND o.seq < c.seq AND o.state IN ('pending', 'running'))
                             AND NOT EXISTS (SELECT 1 FROM calendar_link l WHERE l.id = c.link_id AND l.throttled_until > $4)
                           ORDER BY c.seq
                           LIMIT $3
                           FOR UPDATE OF c SKIP LOCKED)
            RETURNING id""";
    private static final String HELD = "SELECT id FROM calendar_command WHERE id IN (?1) AND lease_owner = ?2 AND state = 'running'"
            + " ORDER BY id FOR UPDATE";
    private static final String OWNS = "SELECT 1 FROM calendar_command WHERE id = ?1 AND lease_owner = ?2 AND state = 'running'"
            + " FOR UPDATE";

    private final Pool pool;

    public CommandLeases(Pool pool) {
        this.pool = pool;
    }

    /** Leases up to {@code limit} due commands to {@code owner}, the oldest first. */
    public Uni<List<UUID>> claimDue(String owner, Duration lease, int limit, Instant now) {
        return LeaseClaims.claim(pool, CLAIM, owner, lease, limit, now);
    }

    /**
     * Whether {@code owner} still holds the command, locking its row for the session's transaction: false when the
     * lease lapsed and another replica took it, and the transaction must then write nothing.
     */
    public Uni<Boolean> holds(Mutiny.Session session, UUID commandId, String owner) {
        return session.createNativeQuery(OWNS).setParameter(1, commandId).setParameter(2, owner).getResultList()
                .map(rows -> !rows.isEmpty());
    }

    /**
     * Which of {@code ids} {@code owner} still holds, locking them (in id order) for the session's transaction: a command
     * whose lease lapsed was taken by another replica, which records it itself.
     */
    @SuppressWarnings("unchecked")
    public Uni<List<UUID>> held(Mutiny.Session session, List<UUID> ids, String owner) {
        return session.createNativeQuery(HELD).setParameter(1, ids).setParameter(2, owner).getResultList()
                .map(rows -> (List<UUID>) (List<?>) rows);
    }
}
