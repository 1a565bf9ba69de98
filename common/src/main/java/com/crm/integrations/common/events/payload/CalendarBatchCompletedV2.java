package com.crm.integrations.common.events.payload;

import java.time.Instant;

/**
 * {@code crm.integrations.calendar.batch-completed.v2}, on {@code integrations.calendar-events}: a batch job of
 * calendar-service (one operation over many events of one calendar link, asked for with {@code POST /calendar/batches}
 * or a {@code calendar.batch-command.v1}) ended. calendar-service publishes this version only, through its outbox, when
 * the job ends. Every item is accounted for ({@code succeeded + failed + cancelled == requested}), and {@code state}
 * fits the counts: {@code completed} has no failed and no cancelled item, {@code completed_with_failures} some failed
 * and none cancelled, {@code cancelled} some cancelled; {@code failed} (the job could not run at all) alone comes with
 * a {@code failureReason}. Each event the job wrote is also a {@code calendar.event-changed.v2} with origin
 * {@code crm}, published before this one.
 *
 * @param batchId       calendar-service's id of the job: a UUID, lower case
 * @param requestKey    what the CRM named the request by: the {@code Idempotency-Key} of {@code POST /calendar/batches},
 *                      or the {@code ce_id} of the {@code calendar.batch-command.v1}
 * @param linkId        calendar-service's id of the calendar link the job wrote to: a UUID, lower case; null only for a
 *                      {@code failed} job that never had one (a batch command naming no link the user has)
 * @param connectionId  the link's connection's id in token-service; null exactly when {@code linkId} is
 * @param provider      the link's provider; null exactly when {@code linkId} is
 * @param ownerUserId   the CRM user whose calendar it is
 * @param operation     what the job did to each event
 * @param state         how the job ended
 * @param requested     how many events the job took (its items, or those its filter selected)
 * @param succeeded     how many were carried out
 * @param failed        how many failed for good (after retries)
 * @param cancelled     how many were not sent because the job was cancelled
 * @param failureReason why the job could not run, one short sentence for the CRM's UI in calendar-service's words (at
 *                      most {@value #FAILURE_REASON_MAX_LENGTH} characters): given exactly when {@code state} is
 *                      {@code failed}
 * @param startedAt     when the job sent its first item; null when it sent none
 * @param completedAt   when the job ended
 */
public record CalendarBatchCompletedV2(
        String batchId,
        String requestKey,
        String linkId,
        String connectionId,
        CalendarProvider provider,
        String ownerUserId,
        CalendarCommandAction operation,
        CalendarBatchOutcome state,
        int requested,
        int succeeded,
        int failed,
        int cancelled,
        String failureReason,
        Instant startedAt,
        Instant completedAt) {

    /** The longest {@code failureReason}, in characters (code points). */
    public static final int FAILURE_REASON_MAX_LENGTH = 500;

    public CalendarBatchCompletedV2 {
        Checks.uuid(batchId, "batchId");
        Checks.text(requestKey, "requestKey");
        Checks.required(state, "state");
        if (linkId != null || state != CalendarBatchOutcome.FAILED) {
            Checks.uuid(linkId, "linkId");
            Checks.text(connectionId, "connectionId");
            Checks.required(provider, "provider");
        } else if (connectionId != null || provider != null) {
            throw new IllegalArgumentException("A batch without a link has no connectionId and no provider");
        }
        Checks.text(ownerUserId, "ownerUserId");
        Checks.required(operation, "operation");
        Checks.required(state, "state");
        Checks.count(requested, "requested");
        Checks.count(succeeded, "succeeded");
        Checks.count(failed, "failed");
        Checks.count(cancelled, "cancelled");
        if ((long) succeeded + failed + cancelled != requested) {
            throw new IllegalArgumentException("A finished batch accounts for every item: succeeded (" + succeeded
                    + ") + failed (" + failed + ") + cancelled (" + cancelled + ") must equal requested (" + requested + ")");
        }
        checkState(state, failed, cancelled);
        if (state == CalendarBatchOutcome.FAILED) {
            Checks.required(failureReason, "failureReason (of a failed batch)");
            Checks.sentence(failureReason, "failureReason", FAILURE_REASON_MAX_LENGTH);
        } else if (failureReason != null) {
            throw new IllegalArgumentException("failureReason is given only for a failed batch, not a " + state.wireName()
                    + " one");
        }
        Checks.required(completedAt, "completedAt");
    }

    private static void checkState(CalendarBatchOutcome state, int failed, int cancelled) {
        if (state == CalendarBatchOutcome.COMPLETED && (failed != 0 || cancelled != 0)) {
            throw new IllegalArgumentException("A completed batch has no failed and no cancelled item: failed (" + failed
                    + "), cancelled (" + cancelled + ")");
        }
        if (state == CalendarBatchOutcome.COMPLETED_WITH_FAILURES && (failed == 0 || cancelled != 0)) {
            throw new IllegalArgumentException("A batch completed_with_failures has failed items and no cancelled one:"
                    + " failed (" + failed + "), cancelled (" + cancelled + ")");
        }
        if (state == CalendarBatchOutcome.CANCELLED && cancelled == 0) {
            throw new IllegalArgumentException("A cancelled batch has cancelled items: cancelled (" + cancelled + ")");
        }
    }
}
