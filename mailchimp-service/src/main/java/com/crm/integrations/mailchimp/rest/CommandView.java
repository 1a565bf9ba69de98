package com.crm.integrations.mailchimp.rest;

import java.time.Instant;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.crm.integrations.common.events.payload.MailchimpCommandKind;
import com.crm.integrations.mailchimp.command.MailchimpCommand;
import com.fasterxml.jackson.annotation.JsonInclude;

/** A CRM command to mailchimp-service and where it stands. */
@Schema(name = "MailchimpCommand", description = "A CRM command to mailchimp-service and where it stands")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommandView(
        @Schema(description = "The command's id: its ce_id, or the REST call's Idempotency-Key (or the id given it)") String commandId,
        MailchimpCommandKind command,
        String action,
        @Schema(description = "pending, running, completed or failed") String state,
        @Schema(description = "The audience it writes to", nullable = true) String audienceId,
        @Schema(description = "How often it was tried") int attempts,
        @Schema(description = "When it is tried next (pending)", nullable = true) Instant nextAttemptAt,
        @Schema(description = "Why its last attempt failed (pending)", nullable = true) String lastError,
        @Schema(description = "Its answer once finished: the payload of mailchimp.command-completed.v1", nullable = true)
        Map<String, Object> completed,
        @Schema(description = "Its answer once failed: the payload of mailchimp.command-failed.v1", nullable = true)
        Map<String, Object> failed,
        Instant receivedAt,
        @Schema(nullable = true) Instant finishedAt) {

    static CommandView of(MailchimpCommand command) {
        var result = command.result();
        return new CommandView(command.commandId(), command.kind(), command.action(), command.state().wireName(), command.audienceId(),
                command.attempts(), command.state() == MailchimpCommand.CommandState.PENDING ? command.nextAttemptAt() : null,
                command.state().finished() ? null : command.lastError(),
                result == null || result.getJsonObject("completed") == null ? null : result.getJsonObject("completed").getMap(),
                result == null || result.getJsonObject("failed") == null ? null : result.getJsonObject("failed").getMap(),
                command.receivedAt(), command.finishedAt());
    }
}
