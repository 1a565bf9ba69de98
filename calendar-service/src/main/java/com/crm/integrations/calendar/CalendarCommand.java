package com.crm.integrations.calendar;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import com.crm.integrations.common.events.payload.CalendarCommandAction;
import com.crm.integrations.common.events.payload.CalendarProvider;
import com.crm.integrations.common.retry.FailureCategory;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * A CRM command (from {@code calendar.commands} or the REST API), stored as it arrives and carried out by the
 * command worker: idempotent by the CRM's command id within the tenant, run in arrival order per CRM activity,
 * retried with backoff until it is done or its time is up.
 */
@Entity
@Table(name = "calendar_command")
public class CalendarCommand extends PanacheEntityBase {

    /** It came from {@code calendar.commands}. */
    public static final String FROM_KAFKA = "kafka";
    /** It came from the REST API. */
    public static final String FROM_REST = "rest";

    @Id
    public UUID id;
    /** Arrival order (a database sequence). */
    @Column(insertable = false, updatable = false)
    public Long seq;
    public String tenantId;
    public String commandId;
    public String source;
    public CalendarCommandAction action;
    public String crmEventId;
    public String userId;
    public UUID wantedLinkId;
    public CalendarProvider wantedProvider;
    /** The event's fields as JSON ({@code CalendarEventFields}); null for a delete. */
    public String fields;
    /** The link it is carried out on, once chosen. */
    public UUID linkId;
    public CommandState state;
    /** Written by the worker's claim only (each claim is an attempt). */
    @Column(insertable = false, updatable = false)
    public int attempts;
    public Instant nextAttemptAt;
    public Instant giveUpAt;
    @Column(insertable = false, updatable = false)
    public String leaseOwner;
    @Column(insertable = false, updatable = false)
    public Instant leaseUntil;
    public String providerEventId;
    public CommandOutcome outcome;
    public FailureCategory failureCategory;
    public String failureCode;
    public String providerCode;
    public String failureReason;
    public String requestedBy;
    /** The batch job this command is an item of; null for a single command. */
    public UUID batchId;
    /** The item's place in its job's request (0 the first). */
    public Integer batchSeq;
    /** The provider's event an item names when it is no CRM activity's (a batch's delete or move); else null. */
    public String targetEventId;
    /** Whether a failed item may be sent again ({@code POST /calendar/batches/{id}/retries}): it failed for a passing reason. */
    public boolean retryable;
    public Instant receivedAt;
    public Instant finishedAt;
    @Version
    public long version;

    /** Whether it is finished, one way or another. */
    public boolean isFinished() {
        return state == CommandState.SUCCEEDED || state == CommandState.CONFLICT || state == CommandState.FAILED
                || state == CommandState.CANCELLED;
    }

    /** Done: the calendar holds what the CRM asked for, or the conflict rule settled it. */
    public void finish(CommandState state, CommandOutcome outcome, String providerEventId, Instant now) {
        this.state = state;
        this.outcome = outcome;
        if (providerEventId != null) {
            this.providerEventId = providerEventId;
        }
        this.failureCategory = null;
        this.failureCode = null;
        this.providerCode = null;
        this.failureReason = null;
        this.retryable = false;
        this.finishedAt = now;
    }

    /** Given up for good. */
    public void fail(FailureCategory category, String code, String providerCode, String reason, Instant now) {
        this.state = CommandState.FAILED;
        this.retryable = category != FailureCategory.PERMANENT && category != FailureCategory.MISCONFIGURED;
        this.outcome = CommandOutcome.NOT_DONE;
        this.failureCategory = category;
        this.failureCode = code;
        this.providerCode = providerCode;
        this.failureReason = reason;
        this.finishedAt = now;
    }

    /** Tried again at {@code at}; what went wrong this time is kept for whoever looks. */
    public void retryAt(Instant at, FailureCategory category, String code, String providerCode, String reason) {
        this.state = CommandState.PENDING;
        this.nextAttemptAt = at;
        this.failureCategory = category;
        this.failureCode = code;
        this.providerCode = providerCode;
        this.failureReason = reason;
    }
}
