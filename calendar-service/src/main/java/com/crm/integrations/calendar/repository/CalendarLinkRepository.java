package com.crm.integrations.calendar.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.crm.integrations.calendar.CalendarLink;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/** Calendar links: by connection, and the ones a caller may see. */
@ApplicationScoped
public class CalendarLinkRepository implements PanacheRepositoryBase<CalendarLink, UUID> {

    public Uni<CalendarLink> findByConnection(String connectionId) {
        return find("connectionId", connectionId).firstResult();
    }

    /** A tenant's links, or one owner's when {@code ownerUserId} is given, oldest first. */
    public Uni<List<CalendarLink>> listOf(String tenantId, String ownerUserId, int pageIndex, int pageSize) {
        var query = ownerUserId == null
                ? find("tenantId", Sort.by("createdAt").and("id"), tenantId)
                : find("tenantId = ?1 and ownerUserId = ?2", Sort.by("createdAt").and("id"), tenantId, ownerUserId);
        return query.page(Page.of(pageIndex, pageSize)).list();
    }
}
