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

    public Uni<SyncRun> running(UUID linkId) {
        return find("linkId = ?1 and state = ?2", linkId, SyncRunState.RUNNING).firstResult();
    }

    public Uni<SyncRun> ofLink(UUID linkId, UUID runId) {
        return find("id = ?1 and linkId = ?2", runId, linkId).firstResult();
    }

    /** Forgets finished runs that finished before {@code before}. */
    public Uni<Long> pruneFinishedBefore(Instant before) {
        return delete("state <> ?1 and finishedAt < ?2", SyncRunState.RUNNING, before);
    }
}
