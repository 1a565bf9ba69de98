package com.crm.integrations.calendar.rest;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.crm.integrations.calendar.BatchState;
import com.crm.integrations.calendar.CalendarBatch;
import com.crm.integrations.common.events.payload.CalendarCommandAction;

/** A batch job and where it stands. */
@Schema(name = "CalendarBatch", description = "A batch job and where it stands")
public record BatchView(
        UUID id,
        @Schema(description = "The Idempotency-Key (or the command's ce_id) it was stored under") String key,
        UUID linkId,
        String ownerUserId,
        CalendarCommandAction operation,
        String destinationCalendarId,
        BatchState state,
        Counts counts,
        @Schema(description = "Whether cancelling was asked for") boolean cancelRequested,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        @Schema(description = "Items finished per second since the job started") double rate,
        @Schema(description = "Why the job could not run at all (state failed)") String failureReason) {

    @Schema(name = "CalendarBatchCounts")
    public record Counts(int total, int succeeded, int failed, int cancelled, int pending) {
    }

    static BatchView of(CalendarBatch batch, Clock clock) {
        return new BatchView(batch.id, batch.batchKey, batch.linkId, batch.ownerUserId, batch.operation, batch.destinationCalendarId,
                batch.state, new Counts(batch.total, batch.succeeded, batch.failed, batch.cancelled, batch.pending()),
                batch.cancelRequestedAt != null, batch.createdAt, batch.startedAt, batch.finishedAt,
                Math.round(batch.rate(clock.instant()) * 10) / 10.0, batch.failureReason);
    }
}
