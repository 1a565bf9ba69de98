package com.crm.integrations.calendar.repository;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import com.crm.integrations.calendar.CalendarCommand;
import com.crm.integrations.calendar.CommandState;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** The CRM's commands, as stored. */
@ApplicationScoped
public class CalendarCommandRepository implements PanacheRepositoryBase<CalendarCommand, UUID> {

    private static final List<CommandState> OPEN = List.of(CommandState.PENDING, CommandState.RUNNING);

    public Uni<CalendarCommand> findByCommandId(String tenantId, String commandId) {
        return find("tenantId = ?1 and commandId = ?2", tenantId, commandId).firstResult();
    }

    /** Which of these CRM activities of a link have a command not finished yet. */
    public Uni<Set<String>> openAmong(Mutiny.Session session, String tenantId, Collection<String> crmEventIds) {
        if (crmEventIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return session.createQuery("select distinct c.crmEventId from CalendarCommand c where c.tenantId = ?1"
                + " and c.crmEventId in ?2 and c.state in ?3", String.class)
                .setParameter(1, tenantId).setParameter(2, crmEventIds).setParameter(3, OPEN)
                .getResultList().map(HashSet::new);
    }

    /** Whether another command of the activity than {@code commandId} is not finished yet. */
    public Uni<Boolean> othersOpen(String tenantId, String crmEventId, UUID commandId) {
        return count("tenantId = ?1 and crmEventId = ?2 and id <> ?3 and state in ?4", tenantId, crmEventId, commandId, OPEN)
                .map(count -> count > 0);
    }

    /** The user's commands that wait for a link: due now that one was made. */
    public Uni<Integer> wakeWaitingFor(Mutiny.Session session, String tenantId, String userId, Instant now) {
        return session.createMutationQuery("update CalendarCommand set nextAttemptAt = ?3 where tenantId = ?1 and userId = ?2"
                + " and state = ?4 and linkId is null")
                .setParameter(1, tenantId).setParameter(2, userId).setParameter(3, now).setParameter(4, CommandState.PENDING)
                .executeUpdate();
    }

    /** The link's commands that wait (for it to resume, or after a failure): due now that it syncs again. */
    public Uni<Integer> wakeWaitingOn(Mutiny.Session session, UUID linkId, Instant now) {
        return session.createMutationQuery("update CalendarCommand set nextAttemptAt = ?2 where linkId = ?1 and state = ?3"
                + " and nextAttemptAt > ?2")
                .setParameter(1, linkId).setParameter(2, now).setParameter(3, CommandState.PENDING)
                .executeUpdate();
    }

    /** Deletes finished single commands older than {@code before}; their ids stop being remembered then (a job's items go with it). */
    public Uni<Long> pruneFinishedBefore(Instant before) {
        return delete("finishedAt < ?1 and batchId is null", before);
    }
}
