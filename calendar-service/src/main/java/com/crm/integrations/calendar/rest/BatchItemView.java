package com.crm.integrations.calendar.rest;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.crm.integrations.calendar.CalendarCommand;
import com.crm.integrations.calendar.CommandOutcome;
import com.crm.integrations.calendar.CommandState;
import com.crm.integrations.common.retry.FailureCategory;
import com.fasterxml.jackson.annotation.JsonInclude;

/** One item of a batch job and what came of it. */
@Schema(name = "CalendarBatchItemState", description = "One item of a batch job and what came of it")
public record BatchItemView(
        @Schema(description = "Its place in the job's request (items[seq])") int seq,
        String crmEventId,
        @Schema(description = "The provider's event id: the one the item named, or the event it wrote") String eventId,
        CommandState state,
        CommandOutcome outcome,
        int attempts,
        @Schema(description = "When it is sent next (pending)") Instant nextAttemptAt,
        @Schema(description = "Why it failed, or why its last attempt did") Failure failure,
        Instant finishedAt) {

    @Schema(name = "CalendarBatchItemFailure")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Failure(FailureCategory category, String code, String providerCode, String reason,
            @Schema(description = "Whether POST …/retries sends it again") boolean retryable) {
    }

    /** One page of items, and the next page's address while there may be more. */
    @Schema(name = "CalendarBatchItems")
    public record Page(List<BatchItemView> items, @Schema(description = "The next page, absent on the last") String next) {
    }

    static BatchItemView of(CalendarCommand item) {
        Failure failure = item.failureReason == null ? null
                : new Failure(item.failureCategory, item.failureCode, item.providerCode, item.failureReason, item.retryable);
        return new BatchItemView(item.batchSeq, item.crmEventId, item.targetEventId != null ? item.targetEventId : item.providerEventId,
                item.state, item.outcome, item.attempts, item.state == CommandState.PENDING ? item.nextAttemptAt : null, failure,
                item.finishedAt);
    }
}
