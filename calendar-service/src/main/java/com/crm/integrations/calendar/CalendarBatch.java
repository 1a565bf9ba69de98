package com.crm.integrations.calendar;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.DynamicUpdate;

import com.crm.integrations.common.events.payload.CalendarCommandAction;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * A batch job: one operation of the CRM over many events of one link, each item a {@link CalendarCommand} of the job.
 * The counts move as items finish (in the transaction that records them), so they are what the items say.
 */
@Entity
@Table(name = "calendar_batch")
@DynamicUpdate
public class CalendarBatch extends PanacheEntityBase {

    /** The most items one job holds. */
    public static final int MAX_ITEMS = 5_000;

    @Id
    public UUID id;
    public String tenantId;
    public String batchKey;
    public String requestHash;
    public String source;
    public UUID linkId;
    public String ownerUserId;
    public String requestedBy;
    public CalendarCommandAction operation;
    public String destinationCalendarId;
    public BatchState state;
    public int total;
    public int succeeded;
    public int failed;
    public int cancelled;
    public long progressSeq;
    public Instant cancelRequestedAt;
    public String failureReason;
    public Instant createdAt;
    public Instant startedAt;
    public Instant finishedAt;
    @Version
    public long version;

    /** Items not finished yet: waiting, or being sent. */
    public int pending() {
        return total - succeeded - failed - cancelled;
    }

    /** Items finished per second since the job started (to its end, or now). */
    public double rate(Instant now) {
        if (startedAt == null) {
            return 0;
        }
        long millis = Duration.between(startedAt, finishedAt != null ? finishedAt : now).toMillis();
        int done = succeeded + failed;
        return millis <= 0 ? 0 : done * 1000.0 / millis;
    }

    /** Ends the job when no item is pending any more: its state follows from its counts. */
    public boolean finishIfDone(Instant now) {
        if (state.isFinished() || pending() > 0) {
            return false;
        }
        state = cancelRequestedAt != null && cancelled > 0 ? BatchState.CANCELLED
                : failed > 0 ? BatchState.COMPLETED_WITH_FAILURES : BatchState.COMPLETED;
        finishedAt = now;
        return true;
    }
}
