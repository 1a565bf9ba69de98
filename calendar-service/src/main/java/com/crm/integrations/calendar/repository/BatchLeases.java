package com.crm.integrations.calendar.repository;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Which replica sends which items of a batch job: a lease on a group of the job's due items, taken with
 * {@code FOR UPDATE SKIP LOCKED} (so two replicas driving one job send different items, never the same one), each
 * take counted as an attempt. An item is due as a command is ({@link CommandLeases}): its next attempt has come, its
 * link is not throttled, and no earlier command of its CRM activity is open. A group whose replica died is due again
 * when its lease lapses.
 */
@ApplicationScoped
public class BatchLeases {

    private static final String CLAIM = """
            UPDATE calendar_command
               SET state = 'running', lease_owner = $1, lease_until = now() + $2 * interval '1 millisecond',
                   attempts = attempts + 1, version = version + 1
             WHERE id IN (SELECT c.id FROM calendar_command c
                           WHERE c.batch_id = $5
                             AND ((c.state = 'pending' AND c.next_attempt_at <= $4)
                                  OR (c.state = 'running' AND c.lease_until < now()))
                             AND (c.crm_event_id IS NULL
                                  OR NOT EXISTS (SELECT 1 FROM calendar_command o
                                                  WHERE o.tenant_id = c.tenant_id AND o.crm_event_id = c.crm_event_id
                                                    AND o.seq < c.seq AND o.state IN ('pending', 'running')))
                             AND NOT EXISTS (SELECT 1 FROM calendar_link l WHERE l.id = c.link_id AND l.throttled_until > $4)
                           ORDER BY c.seq
                           LIMIT $3
                           FOR UPDATE OF c SKIP LOCKED)
            RETURNING id""";
    private static final String NEXT_DUE = "SELECT min(next_attempt_at) FROM calendar_command WHERE batch_id = $1 AND state = 'pending'";
    private static final String OPEN_JOBS = "SELECT id FROM calendar_batch WHERE state IN ('queued', 'running') ORDER BY created_at"
            + " LIMIT $1";

    private final Pool pool;

    public BatchLeases(Pool pool) {
        this.pool = pool;
    }

    /** Leases up to {@code limit} due items of job {@code batchId} to {@code owner}, in the job's order. */
    public Uni<List<UUID>> claimGroup(UUID batchId, String owner, Duration lease, int limit, Instant now) {
        return LeaseClaims.claim(pool, CLAIM, owner, lease, limit, now, batchId);
    }

    /** When the job's next waiting item is due; empty when none waits. */
    public Uni<Optional<Instant>> nextDue(UUID batchId) {
        return pool.preparedQuery(NEXT_DUE).execute(Tuple.of(batchId)).map(rows -> {
            var due = rows.iterator().next().getOffsetDateTime(0);
            return Optional.ofNullable(due).map(OffsetDateTime::toInstant);
        });
    }

    /** The jobs not finished, oldest first. */
    public Uni<List<UUID>> openJobs(int limit) {
        return pool.preparedQuery(OPEN_JOBS).execute(Tuple.of(limit)).map(rows -> {
            List<UUID> ids = new ArrayList<>();
            rows.forEach(row -> ids.add(row.getUUID(0)));
            return ids;
        });
    }
}
