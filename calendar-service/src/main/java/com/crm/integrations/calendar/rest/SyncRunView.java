package com.crm.integrations.calendar.rest;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.crm.integrations.calendar.SyncKind;
import com.crm.integrations.calendar.SyncReason;
import com.crm.integrations.calendar.SyncRun;
import com.crm.integrations.calendar.SyncRunState;
import com.crm.integrations.common.retry.FailureCategory;
import com.fasterxml.jackson.annotation.JsonInclude;

/** A sync run as the API shows it. */
@Schema(name = "SyncRun", description = "One listing of a link's calendar: full or incremental, and how far it got")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SyncRunView(
        UUID id,
        UUID linkId,
        SyncKind kind,
        SyncReason reason,
        SyncRunState state,
        @Schema(description = "Pages applied so far") int pages,
        int created,
        int updated,
        int deleted,
        boolean allowMassDelete,
        @Schema(description = "Why it stopped (failed or halted), or the last error it resumes after") Failure failure,
        Instant startedAt,
        Instant finishedAt) {

    @Schema(name = "SyncRunFailure")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Failure(FailureCategory category, String providerCode, String reason) {
    }

    static SyncRunView of(SyncRun run) {
        Failure failure = run.failureCategory == null ? null : new Failure(run.failureCategory, run.failureCode, run.failureReason);
        return new SyncRunView(run.id, run.linkId, run.kind, run.reason, run.state, run.pages, run.created, run.updated,
                run.deleted, run.allowMassDelete, failure, run.startedAt, run.finishedAt);
    }
}
