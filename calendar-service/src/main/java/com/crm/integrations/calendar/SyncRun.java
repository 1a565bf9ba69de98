package com.crm.integrations.calendar;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import com.crm.integrations.common.retry.FailureCategory;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * One listing of a link's calendar, stored page by page: a restart resumes it from {@link #pageCursor}.
 * At most one runs per link.
 */
@Entity
@Table(name = "sync_run")
public class SyncRun extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID linkId;
    public String tenantId;
    public SyncKind kind;
    public SyncReason reason;
    public SyncRunState state;
    public Instant windowFrom;
    public Instant windowUntil;
    public String pageCursor;
    public int pages;
    public int created;
    public int updated;
    public int deleted;
    public boolean allowMassDelete;
    public FailureCategory failureCategory;
    public String failureCode;
    public String failureReason;
    public String requestedBy;
    public Instant startedAt;
    public Instant finishedAt;

    /** A run of {@code link} that starts now over {@code window}. */
    public static SyncRun start(CalendarLink link, SyncKind kind, SyncReason reason, SyncWindow window, String requestedBy,
            Instant now) {
        SyncRun run = new SyncRun();
        run.id = UUID.randomUUID();
        run.linkId = link.id;
        run.tenantId = link.tenantId;
        run.kind = kind;
        run.reason = reason;
        run.state = SyncRunState.RUNNING;
        run.windowFrom = window.from();
        run.windowUntil = window.until();
        run.requestedBy = requestedBy;
        run.startedAt = now;
        return run;
    }
}
