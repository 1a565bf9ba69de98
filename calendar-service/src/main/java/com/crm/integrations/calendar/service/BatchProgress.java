package com.crm.integrations.calendar.service;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import com.crm.integrations.calendar.BatchState;
import com.crm.integrations.calendar.CalendarBatch;
import com.crm.integrations.calendar.CalendarCommand;
import com.crm.integrations.calendar.CalendarLink;
import com.crm.integrations.calendar.CommandState;
import com.crm.integrations.calendar.repository.CalendarBatchRepository;
import com.crm.integrations.calendar.repository.CalendarLinkRepository;
import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.payload.CalendarBatchCompletedV2;
import com.crm.integrations.common.events.payload.CalendarBatchOutcome;
import com.crm.integrations.common.outbox.SessionOutbox;
import com.crm.integrations.common.security.TenantId;

import io.smallrye.mutiny.Uni;

/**
 * A job's counts and progress, moved in the transaction that finishes its items: the job's row (locked, so the
 * transactions of two groups count one after the other), a progress row with the job's sequence (the progress stream's
 * event id), a {@code pg_notify} on {@link #CHANNEL} that wakes the streams following it on every replica (once per
 * recorded group, not per item), and, when no item is left, the job's end: its state and
 * {@code calendar.batch-completed.v2} through the outbox.
 */
@ApplicationScoped
public class BatchProgress {

    /** The channel progress is announced on; the payload is the job's id. */
    public static final String CHANNEL = "calendar_batch_progress";

    private static final String INSERT = "INSERT INTO calendar_batch_progress"
            + " (batch_id, seq, state, succeeded, failed, cancelled, pending, final, recorded_at)"
            + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
    private static final String NOTIFY = "SELECT pg_notify('" + CHANNEL + "', ?1)";

    private final CalendarBatchRepository batches;
    private final CalendarLinkRepository links;
    private final SessionOutbox outbox;

    public BatchProgress(CalendarBatchRepository batches, CalendarLinkRepository links, SessionOutbox outbox) {
        this.batches = batches;
        this.links = links;
        this.outbox = outbox;
    }

    /**
     * Counts {@code items} of the job that are finished (each must have finished in this transaction: a claimed item is
     * running until then), marks the job started, and records the step.
     */
    Uni<CalendarBatch> record(Mutiny.Session session, UUID batchId, Collection<CalendarCommand> items, Instant now) {
        int succeeded = 0;
        int failed = 0;
        int cancelled = 0;
        for (CalendarCommand item : items) {
            if (item.state == CommandState.SUCCEEDED) {
                succeeded++;
            } else if (item.state == CommandState.FAILED || item.state == CommandState.CONFLICT) {
                failed++;
            } else if (item.state == CommandState.CANCELLED) {
                cancelled++;
            }
        }
        int done = succeeded;
        int refused = failed;
        int dropped = cancelled;
        return batches.findLocked(batchId).chain(batch -> {
            boolean starting = batch.state == BatchState.QUEUED;
            if (starting) {
                batch.state = BatchState.RUNNING;
                batch.startedAt = now;
            }
            if (!starting && done + refused + dropped == 0) {
                return Uni.createFrom().item(batch);
            }
            batch.succeeded += done;
            batch.failed += refused;
            batch.cancelled += dropped;
            return step(session, batch, now);
        });
    }

    /** Records the job as it stands now (its counts moved by the caller), and ends it if nothing is pending. */
    Uni<CalendarBatch> step(Mutiny.Session session, CalendarBatch batch, Instant now) {
        return step(session, batch, batch.finishIfDone(now), now);
    }

    /** Records a job that could not run at all ({@link BatchState#FAILED}, stored so): its one step, and its end. */
    Uni<CalendarBatch> refused(Mutiny.Session session, CalendarBatch batch, Instant now) {
        return step(session, batch, true, now);
    }

    private Uni<CalendarBatch> step(Mutiny.Session session, CalendarBatch batch, boolean finished, Instant now) {
        batch.progressSeq++;
        Uni<Void> recorded = session.createNativeQuery(INSERT)
                .setParameter(1, batch.id).setParameter(2, batch.progressSeq).setParameter(3, batch.state.wireName())
                .setParameter(4, batch.succeeded).setParameter(5, batch.failed).setParameter(6, batch.cancelled)
                .setParameter(7, batch.pending()).setParameter(8, batch.state.isFinished())
                .setParameter(9, now.atOffset(ZoneOffset.UTC))
                .executeUpdate()
                .chain(() -> session.createNativeQuery(NOTIFY).setParameter(1, batch.id.toString()).getResultList())
                .replaceWithVoid();
        return recorded.chain(() -> finished ? completed(session, batch) : Uni.createFrom().voidItem()).replaceWith(batch);
    }

    private Uni<Void> completed(Mutiny.Session session, CalendarBatch batch) {
        Uni<CalendarLink> link = batch.linkId == null ? Uni.createFrom().nullItem() : links.findById(batch.linkId);
        return link.chain(found -> outbox.append(session, EventType.CALENDAR_BATCH_COMPLETED_V2, new TenantId(batch.tenantId),
                completedEvent(batch, found))).replaceWithVoid();
    }

    /** @param link the job's link; null for a job that never had one */
    static CalendarBatchCompletedV2 completedEvent(CalendarBatch batch, CalendarLink link) {
        return new CalendarBatchCompletedV2(batch.id.toString(), batch.batchKey, link == null ? null : link.id.toString(),
                link == null ? null : link.connectionId, link == null ? null : link.provider, batch.ownerUserId, batch.operation, outcome(batch.state), batch.total, batch.succeeded, batch.failed, batch.cancelled,
                batch.state == BatchState.FAILED ? batch.failureReason : null, batch.startedAt, batch.finishedAt);
    }

    private static CalendarBatchOutcome outcome(BatchState state) {
        return switch (state) {
            case COMPLETED -> CalendarBatchOutcome.COMPLETED;
            case COMPLETED_WITH_FAILURES -> CalendarBatchOutcome.COMPLETED_WITH_FAILURES;
            case CANCELLED -> CalendarBatchOutcome.CANCELLED;
            case FAILED -> CalendarBatchOutcome.FAILED;
            default -> throw new IllegalStateException("The job is not finished: " + state);
        };
    }
}
