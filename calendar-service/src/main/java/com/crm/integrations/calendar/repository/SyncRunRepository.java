package com.crm.integrations.calendar.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.crm.integrations.calendar.SyncRun;
import com.crm.integrations.calendar.SyncRunState;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** Sync runs: the one running per link, one of a link's by id, and pruning. */
@ApplicationScoped
public class SyncRunRepository implements PanacheRepositoryBase<SyncRun, UUID> {

    /** The code of a run ended because its link moved to another calendar or account. */
    public static final String SUPERSEDED = "superseded";

    public Uni<SyncRun> running(UUID linkId) {
        return find("linkId = ?1 and state = ?2", linkId, SyncRunState.RUNNING).firstResult();
    }

    public Uni<SyncRun> ofLink(UUID linkId, UUID runId) {
        return find("id = ?1 and linkId = ?2", runId, linkId).firstResult();
    }

    /**
     * Ends the link's running run: it lists a calendar or account the link no longer syncs. Its pages stop
     * at their next transaction, and the link's next run starts over.
     */
    public Uni<Integer> supersede(UUID linkId, Instant now) {
        return update("state = ?1, finishedAt = ?2, pageCursor = null, failureCode = ?3, failureReason = ?4"
                + " where linkId = ?5 and state = ?6", SyncRunState.FAILED, now, SUPERSEDED,
                "The link moved to another calendar or account while this run listed the old one", linkId, SyncRunState.RUNNING);
    }

    /** Forgets finished runs that finished before {@code before}. */
    public Uni<Long> pruneFinishedBefore(Instant before) {
        return delete("state <> ?1 and finishedAt < ?2", SyncRunState.RUNNING, before);
    }
}
