package com.crm.integrations.common.events.payload;

import java.time.Instant;

/**
 * The events a batch job takes instead of a list of items: every synced event of the job's calendar link (those
 * calendar-service holds and published as {@code calendar.event-changed.v2}, whoever made them) whose end
 * ({@code endsAt}) is before {@code endedBefore}. Only a delete or a move takes a filter.
 *
 * @param endedBefore the events that ended before this instant are the job's
 */
public record CalendarBatchFilter(Instant endedBefore) {

    public CalendarBatchFilter {
        Checks.required(endedBefore, "endedBefore");
    }
}
