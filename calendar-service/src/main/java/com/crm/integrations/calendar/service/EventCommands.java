package com.crm.integrations.calendar.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.crm.integrations.calendar.CalendarCommand;
import com.crm.integrations.calendar.CalendarSyncSettings;
import com.crm.integrations.calendar.CrmEvent;
import com.crm.integrations.calendar.SyncDirection;
import com.crm.integrations.calendar.SyncedEvent;
import com.crm.integrations.calendar.repository.CalendarCommandRepository;
import com.crm.integrations.calendar.repository.CalendarLinkRepository;
import com.crm.integrations.calendar.repository.CrmEventRepository;
import com.crm.integrations.calendar.repository.SyncedEventRepository;
import com.crm.integrations.common.events.payload.CalendarCommandAction;
import com.crm.integrations.common.events.payload.CalendarEventCommandV1;
import com.crm.integrations.common.events.payload.CalendarEventFields;
import com.crm.integrations.common.events.payload.CalendarProvider;
import com.crm.integrations.common.problem.ConflictException;
import com.crm.integrations.common.problem.InvalidInputException;
import com.crm.integrations.common.problem.OperationForbiddenException;
import com.crm.integrations.common.problem.ResourceNotFoundException;
import com.crm.integrations.common.security.Caller;
import com.crm.integrations.common.security.TenantId;
import com.crm.integrations.common.settings.TenantSettingsStore;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * The REST face of the CRM's commands: the same command as one from {@code calendar.commands}, stored the same way
 * and carried out by the same worker, with what can be known at once answered at once (bad fields 422, another
 * user's activity 403 or 404, an import_only tenant 409). The command id is the {@code Idempotency-Key} (a random one
 * without it): a request repeated with its key answers the command the first one stored.
 */
@ApplicationScoped
public class EventCommands {

    /** A stored command, and whether this request stored it. */
    public record Submitted(CalendarCommand command, boolean isNew) {
    }

    /** A CRM activity's event as calendar-service knows it. */
    public record ActivityEvent(CrmEvent crmEvent, SyncedEvent stored, CalendarProvider provider, CalendarCommand latest) {
    }

    private final CalendarCommands intake;
    private final CalendarCommandRepository commands;
    private final CrmEventRepository crmEvents;
    private final CalendarLinkRepository links;
    private final SyncedEventRepository events;
    private final TenantSettingsStore settings;
    private final CommandWorker worker;

    public EventCommands(CalendarCommands intake, CalendarCommandRepository commands, CrmEventRepository crmEvents,
            CalendarLinkRepository links, SyncedEventRepository events, TenantSettingsStore settings, CommandWorker worker) {
        this.intake = intake;
        this.commands = commands;
        this.crmEvents = crmEvents;
        this.links = links;
        this.events = events;
        this.settings = settings;
        this.worker = worker;
    }

    /**
     * Stores a command for the caller.
     *
     * @param userId         whose calendar (a create only; null: the caller's); another user's needs a tenant admin
     * @param idempotencyKey the command's id; null: a new random one
     */
    public Uni<Submitted> submit(Caller caller, CalendarCommandAction action, String crmEventId, String userId, UUID linkId,
            CalendarProvider provider, CalendarEventFields fields, String idempotencyKey) {
        TenantId tenant = caller.requireTenant();
        List<String> problems = CommandChecks.problems(action, fields);
        if (!problems.isEmpty()) {
            throw new InvalidInputException("The command is invalid: " + String.join("; ", problems));
        }
        String commandId = idempotencyKey != null ? idempotencyKey : UUID.randomUUID().toString();
        return settings.find(tenant, CalendarSyncSettings.class, CalendarSyncSettings.DEFAULTS).chain(tenantSettings -> {
            if (tenantSettings.value().direction() == SyncDirection.IMPORT_ONLY) {
                throw new ConflictException("The tenant's calendar sync is import_only: nothing is written to the provider's"
                        + " calendars (a tenant admin can change it in /calendar/settings).");
            }
            return Conflicts.retriedForCaller(() -> Panache.withTransaction(() -> owner(caller, action, crmEventId, userId)
                    .chain(owner -> Panache.getSession().chain(session -> intake.store(session, tenant, commandId,
                            CalendarCommand.FROM_REST,
                            new CalendarEventCommandV1(action, crmEventId, owner, linkId == null ? null : linkId.toString(), provider,
                                    fields),
                            caller.subject())))
                    .map(stored -> {
                        CalendarCommand command = stored.command();
                        if (!stored.isNew() && (command.action != action || !command.crmEventId.equals(crmEventId))) {
                            throw new ConflictException("Idempotency-Key " + commandId + " was used for another command");
                        }
                        return new Submitted(command, stored.isNew());
                    })));
        }).invoke(submitted -> worker.wake());
    }

    /** A command the caller may see. */
    @WithSession
    public Uni<CalendarCommand> command(Caller caller, UUID id) {
        TenantId tenant = caller.requireTenant();
        return commands.findById(id).map(command -> {
            if (command == null || !command.tenantId.equals(tenant.value())
                    || !(caller.isTenantAdmin() || command.userId.equals(caller.subject()))) {
                throw new ResourceNotFoundException("No calendar command " + id);
            }
            return command;
        });
    }

    /** The activity's event, if the caller may see it. */
    @WithSession
    public Uni<ActivityEvent> activity(Caller caller, String crmEventId) {
        TenantId tenant = caller.requireTenant();
        return crmEvents.findOf(tenant.value(), crmEventId).chain(crmEvent -> {
            if (crmEvent == null) {
                throw notFound(crmEventId);
            }
            return links.findById(crmEvent.linkId).chain(link -> {
                if (link == null || !link.visibleTo(caller)) {
                    throw notFound(crmEventId);
                }
                Uni<List<SyncedEvent>> stored = crmEvent.providerEventId == null || crmEvent.deleted ? Uni.createFrom().item(List.of())
                        : events.byProviderIds(link.id, List.of(crmEvent.providerEventId));
                return stored.chain(rows -> commands.find("tenantId = ?1 and crmEventId = ?2 order by seq desc", tenant.value(),
                        crmEventId).firstResult().map(latest -> new ActivityEvent(crmEvent, rows.isEmpty() ? null : rows.get(0),
                                link.provider, latest)));
            });
        });
    }

    /**
     * Whose calendar the command is for. A create names its user (the caller by default; another user needs a tenant
     * admin). An update or delete is for the activity's known event, whose link's owner must be the caller or the caller
     * a tenant admin; an activity the tenant has no event and no pending create for is unknown (404).
     */
    private Uni<String> owner(Caller caller, CalendarCommandAction action, String crmEventId, String userId) {
        String tenantId = caller.requireTenant().value();
        if (action == CalendarCommandAction.CREATE) {
            String owner = userId != null ? userId : caller.subject();
            if (!owner.equals(caller.subject()) && !caller.isTenantAdmin()) {
                throw new OperationForbiddenException("Only a tenant admin writes to another user's calendar");
            }
            return Uni.createFrom().item(owner);
        }
        return crmEvents.findOf(tenantId, crmEventId).chain(crmEvent -> {
            if (crmEvent != null) {
                return links.findById(crmEvent.linkId).map(link -> {
                    if (link == null || !link.visibleTo(caller)) {
                        throw notFound(crmEventId);
                    }
                    return link.ownerUserId;
                });
            }
            // Not written yet: a create of it may still wait for the worker.
            return commands.find("tenantId = ?1 and crmEventId = ?2 and action = ?3 order by seq desc", tenantId, crmEventId,
                    CalendarCommandAction.CREATE).firstResult().map(create -> {
                        if (create == null || create.isFinished()
                                || !(caller.isTenantAdmin() || create.userId.equals(caller.subject()))) {
                            throw notFound(crmEventId);
                        }
                        return create.userId;
                    });
        });
    }

    private static ResourceNotFoundException notFound(String crmEventId) {
        return new ResourceNotFoundException("No calendar event of CRM activity " + crmEventId);
    }
}
