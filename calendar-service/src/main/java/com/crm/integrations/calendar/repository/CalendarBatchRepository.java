package com.crm.integrations.calendar.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.LockMode;

import com.crm.integrations.calendar.CalendarBatch;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class CalendarBatchRepository implements PanacheRepositoryBase<CalendarBatch, UUID> {

    /**
     * The job, its row locked for the transaction and read under the lock: its counts move one transaction at a time. (A
     * locking query would hand back the session's copy as it was read earlier, without the lock: refreshed instead.)
     */
    public Uni<CalendarBatch> findLocked(UUID id) {
        return Panache.getSession().chain(session -> session.find(CalendarBatch.class, id).chain(batch -> batch == null
                ? Uni.createFrom().<CalendarBatch>nullItem()
                : session.refresh(batch, LockMode.PESSIMISTIC_WRITE).replaceWith(batch)));
    }

    /** The job stored under the tenant's key, if any. */
    public Uni<CalendarBatch> findByKey(String tenantId, String batchKey) {
        return find("tenantId = ?1 and batchKey = ?2", tenantId, batchKey).firstResult();
    }

    /** Deletes jobs that finished before {@code before}, their items and progress with them. */
    public Uni<Long> pruneFinishedBefore(Instant before) {
        return delete("finishedAt < ?1", before);
    }
}
