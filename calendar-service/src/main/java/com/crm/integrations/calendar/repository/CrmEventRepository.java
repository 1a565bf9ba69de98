package com.crm.integrations.calendar.repository;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.hibernate.reactive.mutiny.Mutiny;

import com.crm.integrations.calendar.CrmEvent;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** Which event each CRM activity has in which link. */
@ApplicationScoped
public class CrmEventRepository implements PanacheRepositoryBase<CrmEvent, UUID> {

    /**
     * Orders a CRM activity's settling against the sync: a page that meets one of its events locks it shared
     * ({@link #lockForSync}) before it asks whether a command is open, and a command settles under this exclusive
     * lock, so a page either sees the command still open and holds the change back for it to settle, or sees it
     * finished and publishes the change itself.
     */
    public Uni<CrmEvent> findLocked(String tenantId, String crmEventId) {
        return find("tenantId = ?1 and crmEventId = ?2", tenantId, crmEventId).withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
    }

    /** {@link #findLocked} for several activities at once, locked in id order (the order the sync locks them in too). */
    public Uni<List<CrmEvent>> lockAll(String tenantId, Collection<String> crmEventIds) {
        if (crmEventIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return find("tenantId = ?1 and crmEventId in ?2 order by id", tenantId, crmEventIds).withLock(LockModeType.PESSIMISTIC_WRITE)
                .list();
    }

    public Uni<CrmEvent> findOf(String tenantId, String crmEventId) {
        return find("tenantId = ?1 and crmEventId = ?2", tenantId, crmEventId).firstResult();
    }

    /**
     * The link's CRM events among a page's events (by the provider's id, or by the key we chose, which Google
     * uses as the event's id and Graph echoes as {@code transactionId}), locked shared until the page commits.
     */
    public Uni<List<CrmEvent>> lockForSync(Mutiny.Session session, UUID linkId, Collection<String> providerEventIds,
            Collection<String> keys) {
        if (providerEventIds.isEmpty() && keys.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Set<String> ids = new HashSet<>(providerEventIds);
        ids.add("");
        Set<String> allKeys = new HashSet<>(keys);
        allKeys.addAll(providerEventIds);
        allKeys.add("");
        return session.createNativeQuery("SELECT * FROM crm_event WHERE link_id = ?1 AND (provider_event_id IN (?2)"
                + " OR provider_key IN (?3)) ORDER BY id FOR SHARE", CrmEvent.class)
                .setParameter(1, linkId).setParameter(2, new ArrayList<>(ids)).setParameter(3, new ArrayList<>(allKeys))
                .getResultList();
    }

    /** Forgets the activities' events of a link (it starts over, or ended): the CRM's commands start afresh. */
    public Uni<Long> forgetAll(UUID linkId) {
        return delete("linkId", linkId);
    }
}
