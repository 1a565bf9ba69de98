package com.crm.integrations.calendar.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.crm.integrations.calendar.SyncedEvent;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** The events stored for each link. */
@ApplicationScoped
public class SyncedEventRepository implements PanacheRepositoryBase<SyncedEvent, UUID> {

    /** Forgets every event of a link (it starts over on another account or calendar); publishes nothing. */
    public Uni<Long> forgetAll(UUID linkId) {
        return delete("linkId", linkId);
    }

    public Uni<List<SyncedEvent>> byProviderIds(UUID linkId, List<String> providerEventIds) {
        return providerEventIds.isEmpty() ? Uni.createFrom().item(List.of())
                : list("linkId = ?1 and providerEventId in ?2", linkId, providerEventIds);
    }

    /** The stored occurrences of these series. */
    public Uni<List<SyncedEvent>> occurrencesOf(UUID linkId, List<String> seriesIds) {
        return seriesIds.isEmpty() ? Uni.createFrom().item(List.of())
                : list("linkId = ?1 and seriesId in ?2", linkId, seriesIds);
    }

    /** The link's events a full listing did not mark seen. */
    public Uni<List<SyncedEvent>> notSeenBy(UUID linkId, UUID runId) {
        return list("linkId = ?1 and (seenRun is null or seenRun <> ?2)", linkId, runId);
    }

    /** How many of the link's events fall in the window (end after its start, start before its end). */
    public Uni<Long> countInWindow(UUID linkId, Instant from, Instant until) {
        return count("linkId = ?1 and endsAt > ?2 and startsAt < ?3", linkId, from, until);
    }

    /**
     * How many events the link holds, and how many of them have not ended by {@code now}: one statement, so both
     * counts see the same rows (a command settling between two counts would make more upcoming than total). An event
     * the provider removed while a command for it is open is not counted.
     */
    public Uni<long[]> totals(UUID linkId, Instant now) {
        return getSession().chain(session -> session.createSelectionQuery("select count(e), coalesce(sum(case when e.endsAt > ?2"
                + " then 1 else 0 end), 0) from SyncedEvent e where e.linkId = ?1 and e.removedAtProvider = false", Object[].class)
                .setParameter(1, linkId).setParameter(2, now)
                .getSingleResult())
                .map(counts -> new long[] { ((Number) counts[0]).longValue(), ((Number) counts[1]).longValue() });
    }
}
