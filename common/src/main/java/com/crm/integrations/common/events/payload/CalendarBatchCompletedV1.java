package com.crm.integrations.common.events.payload;

import java.time.Instant;

/**
 * {@code crm.integrations.calendar.batch-completed.v1}, on {@code integrations.calendar-events}: calendar-service
 * finished a batch of event writes the CRM asked for; every item either succeeded or failed
 * ({@code succeeded + failed == requested}). Each written event is also a {@code calendar.event-changed} with
 * origin {@code crm}.
 *
 * <p>Superseded by {@code calendar.batch-completed.v2} ({@link CalendarBatchCompletedV2}) for new publishers:
 * calendar-service publishes v2 only, so no one publishes this version. It stays in the catalog until it is removed.
 *
 * @param batchId      the batch's id, as the CRM's command named it
 * @param connectionId the connection's id in token-service
 * @param provider     the calendar's provider
 * @param requested    how many writes the batch held
 * @param succeeded    how many the provider accepted
 * @param failed       how many failed for good (after retries)
 * @param completedAt  when the last item finished
 * @deprecated publish and read {@link CalendarBatchCompletedV2}
 */
@Deprecated
public record CalendarBatchCompletedV1(
        String batchId,
        String connectionId,
        CalendarProvider provider,
        int requested,
        int succeeded,
        int failed,
        Instant completedAt) {

    public CalendarBatchCompletedV1 {
        Checks.text(batchId, "batchId");
        Checks.text(connectionId, "connectionId");
        Checks.required(provider, "provider");
        Checks.count(requested, "requested");
        Checks.count(succeeded, "succeeded");
        Checks.count(failed, "failed");
        if (succeeded + failed != requested) {
            throw new IllegalArgumentException("A completed batch accounts for every item: succeeded (" + succeeded
                    + ") + failed (" + failed + ") must equal requested (" + requested + ")");
        }
        Checks.required(completedAt, "completedAt");
    }
}
