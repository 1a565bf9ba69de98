package com.crm.integrations.calendar.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import com.crm.integrations.calendar.CalendarLink;
import com.crm.integrations.calendar.LinkState;
import com.crm.integrations.calendar.repository.CalendarCommandRepository;
import com.crm.integrations.calendar.repository.CalendarLinkRepository;
import com.crm.integrations.calendar.repository.CrmEventRepository;
import com.crm.integrations.calendar.repository.SyncRunRepository;
import com.crm.integrations.calendar.repository.SyncedEventRepository;
import com.crm.integrations.common.problem.ConflictException;
import com.crm.integrations.common.problem.PreconditionFailedException;
import com.crm.integrations.common.problem.ResourceNotFoundException;
import com.crm.integrations.common.security.Caller;
import com.crm.integrations.common.settings.IfMatch;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** The links a caller may see, and the changes a user may make to theirs. */
@ApplicationScoped
public class CalendarLinks {

    private final CalendarLinkRepository links;
    private final SyncedEventRepository events;
    private final SyncRunRepository runs;
    private final CrmEventRepository crmEvents;
    private final CalendarCommandRepository commands;
    private final Clock clock;

    public CalendarLinks(CalendarLinkRepository links, SyncedEventRepository events, SyncRunRepository runs,
            CrmEventRepository crmEvents, CalendarCommandRepository commands, Clock clock) {
        this.links = links;
        this.events = events;
        this.runs = runs;
        this.crmEvents = crmEvents;
        this.commands = commands;
        this.clock = clock;
    }

    /** The caller's links, or as a tenant admin the tenant's. */
    @WithSession
    public Uni<List<CalendarLink>> list(Caller caller, int pageIndex, int pageSize) {
        return links.listOf(caller.requireTenant().value(), caller.isTenantAdmin() ? null : caller.subject(), pageIndex,
                pageSize);
    }

    /** One link the caller may see; another tenant's or user's is as unknown as one that never existed. */
    @WithSession
    public Uni<CalendarLink> find(Caller caller, UUID id) {
        return visible(caller, id);
    }

    /**
     * {@link #find} within the caller's transaction, the link's row locked until it ends. A transaction that writes a
     * link and its runs takes the link's row first, as each of the sync worker's does (its lease renewal): one that took
     * a run's row, or the one-running index entry, first deadlocks with a worker that holds the link and waits for it.
     */
    Uni<CalendarLink> findForWrite(Caller caller, UUID id) {
        return visible(caller, id, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * Picks the link's calendar and pauses or resumes it. {@code calendarName} is the provider's name of
     * the calendar, already checked to be one of the account's. An ended link changes no more.
     */
    public Uni<CalendarLink> update(Caller caller, UUID id, String calendarId, String calendarName, boolean paused,
            IfMatch ifMatch) {
        return Conflicts.retriedForCaller(() -> Panache.withTransaction(() -> findForWrite(caller, id).chain(link -> {
            checkVersion(link, ifMatch);
            if (link.state == LinkState.ENDED) {
                throw new ConflictException("Link " + id + " ended with its connection; connect the account again");
            }
            boolean otherCalendar = !link.calendarId.equals(calendarId);
            boolean wasActive = link.isActive();
            Instant now = clock.instant();
            link.pickCalendar(calendarId, calendarName, now);
            link.pausedByUser(paused, now);
            return (otherCalendar ? runs.supersede(link.id, now).chain(() -> events.forgetAll(link.id))
                    .chain(() -> crmEvents.forgetAll(link.id))
                    : Uni.createFrom().item(0L))
                    // Resumed: the commands that waited for it are due now.
                    .chain(() -> link.isActive() && !wasActive
                            ? Panache.getSession().chain(session -> commands.wakeWaitingOn(session, link.id, now))
                            : Uni.createFrom().item(0))
                    .chain(() -> links.flush())
                    .replaceWith(link);
        })));
    }

    private Uni<CalendarLink> visible(Caller caller, UUID id) {
        return visible(caller, id, LockModeType.NONE);
    }

    private Uni<CalendarLink> visible(Caller caller, UUID id, LockModeType lock) {
        caller.requireTenant();
        return links.findById(id, lock).map(link -> {
            if (link == null || !link.visibleTo(caller)) {
                throw new ResourceNotFoundException("No calendar link " + id);
            }
            return link;
        });
    }

    private static void checkVersion(CalendarLink link, IfMatch ifMatch) {
        boolean matches = ifMatch instanceof IfMatch.Absent || ifMatch instanceof IfMatch.AnySaved
                || ifMatch instanceof IfMatch.Version version && version.version() == link.version;
        if (!matches) {
            throw new PreconditionFailedException("Link " + link.id + " changed since that version; read it again");
        }
    }
}
