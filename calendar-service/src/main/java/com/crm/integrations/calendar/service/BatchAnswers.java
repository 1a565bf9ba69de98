package com.crm.integrations.calendar.service;

import java.time.Instant;
import java.util.Optional;

import com.crm.integrations.calendar.client.BatchAnswer;
import com.crm.integrations.calendar.client.BatchItemResult;
import com.crm.integrations.calendar.client.CalendarApi;
import com.crm.integrations.calendar.client.WriteResult;
import com.crm.integrations.common.events.payload.CalendarCommandAction;
import com.crm.integrations.common.retry.FailureCategory;

import io.smallrye.mutiny.Uni;

/**
 * Reads one batched write's answer as its command's result, as the single call's answer would be read: Google's 409
 * {@code duplicate} on a create reads the event our earlier send made, a 412 goes through the tenant's conflict rule
 * (re-read, then written over or kept, as for a single command), a missing or failed item leaves as a
 * {@link BatchItemFailure}.
 */
final class BatchAnswers {

    /** The longest provider message kept for an item. */
    static final int MESSAGE_MAX = 500;

    private BatchAnswers() {
    }

    /**
     * @param runner settles a 412 as a single command's would be
     * @param answer the item's answer; null when the batch's answer lacked it
     */
    static Uni<CommandResult> resolve(CommandRunner runner, CalendarApi api, String token, CommandPlan plan, BatchAnswer answer,
            Instant now) {
        if (answer == null) {
            return Uni.createFrom().failure(new BatchItemFailure(FailureCategory.TRANSIENT, 0, null, Optional.empty(),
                    "The provider's batch answer lacked this item: it is sent again."));
        }
        // A move is answered with the moved event, read like an update's.
        CalendarCommandAction read = plan.action() == CalendarCommandAction.MOVE ? CalendarCommandAction.UPDATE : plan.action();
        BatchItemResult result = BatchItemResult.of(api.provider(), read, answer, now);
        String calendarId = plan.link().calendarId;
        String eventId = plan.providerEventId() != null ? plan.providerEventId() : plan.key();
        if (result instanceof BatchItemResult.Written written) {
            return Uni.createFrom().item(new CommandResult.Written(written.event()));
        }
        if (result instanceof BatchItemResult.Duplicate) {
            // Our earlier send made it (its answer was lost): the event is read by its id, our key.
            return api.event(token, calendarId, plan.key()).map(found -> found.isPresent()
                    ? new CommandResult.Written(found.get())
                    : new CommandResult.Gone());
        }
        if (result instanceof BatchItemResult.Removed) {
            return Uni.createFrom().item(new CommandResult.Removed());
        }
        if (result instanceof BatchItemResult.Gone) {
            return runner.afterWrite(api, token, calendarId, plan, eventId, new WriteResult.Gone());
        }
        if (result instanceof BatchItemResult.Stale) {
            return runner.afterWrite(api, token, calendarId, plan, eventId, new WriteResult.Stale());
        }
        if (result instanceof BatchItemResult.Retry retry) {
            return Uni.createFrom().failure(new BatchItemFailure(retry.category(), answer.status(), retry.providerCode(),
                    retry.retryAfter(), "The provider answered HTTP " + answer.status()
                            + (retry.providerCode() == null ? "" : " (" + retry.providerCode() + ")") + " for this item: it is sent again."));
        }
        BatchItemResult.Failed failed = (BatchItemResult.Failed) result;
        String message = failed.message() == null || failed.message().isBlank() ? "no message" : failed.message();
        if (message.length() > MESSAGE_MAX) {
            message = message.substring(0, MESSAGE_MAX) + "…";
        }
        return Uni.createFrom().failure(new BatchItemFailure(FailureCategory.PERMANENT, failed.status(), failed.providerCode(),
                Optional.empty(), "The provider refused this item (HTTP " + failed.status() + "): " + message));
    }
}
