package com.crm.integrations.calendar.rest;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.crm.integrations.calendar.CalendarCommand;
import com.crm.integrations.calendar.CommandOutcome;
import com.crm.integrations.calendar.CommandState;
import com.crm.integrations.common.events.payload.CalendarCommandAction;
import com.crm.integrations.common.retry.FailureCategory;
import com.fasterxml.jackson.annotation.JsonInclude;

/** A CRM command and where it stands. */
@Schema(name = "CalendarCommand", description = "A CRM command to calendar-service and where it stands")
public record CommandView(
        UUID id,
        @Schema(description = "The CRM's id of the command (ce_id, or the Idempotency-Key)") String commandId,
        CalendarCommandAction action,
        String crmEventId,
        String userId,
        @Schema(description = "The calendar link it writes to, once chosen") UUID linkId,
        CommandState state,
        @Schema(description = "What it did, once finished") CommandOutcome outcome,
        String providerEventId,
        @Schema(description = "How often it was tried") int attempts,
        @Schema(description = "When it is tried next (pending)") Instant nextAttemptAt,
        @Schema(description = "Why it failed, or why its last attempt did") Failure failure,
        Instant receivedAt,
        Instant finishedAt) {

    @Schema(name = "CalendarCommandFailure")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Failure(FailureCategory category, String code, String providerCode, String reason) {
    }

    static CommandView of(CalendarCommand command) {
        Failure failure = command.failureReason == null ? null
                : new Failure(command.failureCategory, command.failureCode, command.providerCode, command.failureReason);
        return new CommandView(command.id, command.commandId, command.action, command.crmEventId, command.userId, command.linkId,
                command.state, command.outcome, command.providerEventId, command.attempts,
                command.state == CommandState.PENDING ? command.nextAttemptAt : null, failure, command.receivedAt,
                command.finishedAt);
    }
}
