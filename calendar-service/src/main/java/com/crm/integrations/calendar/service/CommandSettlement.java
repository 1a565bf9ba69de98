package com.crm.integrations.calendar.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Objects;
import java.util.Map;
import java.util.HashSet;
import java.util.HashMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import com.crm.integrations.calendar.CalendarCommand;
import com.crm.integrations.calendar.CalendarLink;
import com.crm.integrations.calendar.CommandOutcome;
import com.crm.integrations.calendar.CommandState;
import com.crm.integrations.calendar.CrmEvent;
import com.crm.integrations.calendar.SyncedEvent;
import com.crm.integrations.calendar.client.ProviderEvent;
import com.crm.integrations.calendar.repository.CalendarCommandRepository;
import com.crm.integrations.calendar.repository.CalendarLinkRepository;
import com.crm.integrations.calendar.repository.CommandLeases;
import com.crm.integrations.calendar.repository.CrmEventRepository;
import com.crm.integrations.calendar.repository.SyncedEventRepository;
import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.payload.CalendarCommandAction;
import com.crm.integrations.common.events.payload.CalendarEventChange;
import com.crm.integrations.common.events.payload.CalendarEventChangedV2;
import com.crm.integrations.common.events.payload.ChangeOrigin;
import com.crm.integrations.common.outbox.SessionOutbox;
import com.crm.integrations.common.retry.FailureCategory;
import com.crm.integrations.common.security.TenantId;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Records what a command came to, in one transaction with the events that tell the CRM: the command's state, the
 * activity's event, the stored copy of it (with the version the CRM now knows, so that the sync recognises our own
 * write when it lists it: no echo), and the provider changes the sync held back while the command was open.
 * <ul>
 * <li>Written: {@code calendar.event-changed.v2} origin {@code crm}. Should the sync have seen a later version (the
 * user edited it after our write landed), that version follows as origin {@code provider}.</li>
 * <li>Removed: a deletion, origin {@code crm}.</li>
 * <li>Gone (the user deleted it): a deletion, origin {@code provider}, unless the sync published it already.</li>
 * <li>Kept (the user's edit wins the conflict): the user's version, origin {@code provider}.</li>
 * </ul>
 * The activity's row in {@code crm_event} is locked first, the order the sync keeps too ({@link PageApplier}).
 */
@ApplicationScoped
public class CommandSettlement {

    private final CommandLeases leases;
    private final CalendarCommandRepository commands;
    private final CrmEventRepository crmEvents;
    private final CalendarLinkRepository links;
    private final SyncedEventRepository events;
    private final SessionOutbox outbox;
    private final Clock clock;

    public CommandSettlement(CommandLeases leases, CalendarCommandRepository commands, CrmEventRepository crmEvents,
            CalendarLinkRepository links, SyncedEventRepository events, SessionOutbox outbox, Clock clock) {
        this.leases = leases;
        this.commands = commands;
        this.crmEvents = crmEvents;
        this.links = links;
        this.events = events;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** What one attempt of a command came to, to record. */
    record Settled(CommandPlan plan, CommandResult result) {
    }

    /** Records {@code result} of {@code plan}, if {@code owner} still holds the command (else another replica redoes it). */
    Uni<Void> settle(Mutiny.Session session, CommandPlan plan, CommandResult result, String owner) {
        return settleAll(session, List.of(new Settled(plan, result)), owner);
    }

    /**
     * Records what the attempts of several commands of one link came to (a batch's group), in one transaction and with
     * a few statements for all: the commands {@code owner} still holds are locked, their activities' rows locked in one
     * statement (in id order, as the sync locks them), their stored events read in one, and their events told in one
     * outbox call.
     */
    Uni<Void> settleAll(Mutiny.Session session, List<Settled> outcomes, String owner) {
        if (outcomes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Instant now = clock.instant();
        CalendarLink planned = outcomes.get(0).plan().link();
        for (Settled outcome : outcomes) {
            if (!outcome.plan().link().id.equals(planned.id)) {
                throw new IllegalArgumentException("Commands settled together write to one link");
            }
        }
        List<UUID> ids = outcomes.stream().map(outcome -> outcome.plan().commandId()).toList();
        return leases.held(session, ids, owner).chain(held -> {
            Set<UUID> ours = new HashSet<>(held);
            List<Settled> kept = outcomes.stream().filter(outcome -> ours.contains(outcome.plan().commandId())).toList();
            if (kept.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            List<String> activities = kept.stream().map(outcome -> outcome.plan().crmEventId()).filter(Objects::nonNull).toList();
            return crmEvents.lockAll(planned.tenantId, activities).chain(locked -> commands.list("id in ?1", held)
                    .chain(found -> links.findById(planned.id).chain(link -> {
                        Map<String, CrmEvent> byActivity = new HashMap<>();
                        locked.forEach(crmEvent -> byActivity.put(crmEvent.crmEventId, crmEvent));
                        Map<UUID, CalendarCommand> byId = new HashMap<>();
                        found.forEach(command -> byId.put(command.id, command));
                        List<String> providerIds = new ArrayList<>();
                        for (Settled outcome : kept) {
                            String id = rowIdOf(outcome, byActivity.get(outcome.plan().crmEventId()));
                            if (id != null) {
                                providerIds.add(id);
                            }
                        }
                        Uni<List<SyncedEvent>> stored = providerIds.isEmpty() ? Uni.createFrom().item(List.of())
                                : events.byProviderIds(link.id, providerIds);
                        return stored.chain(rows -> {
                            Map<String, SyncedEvent> byProviderId = new HashMap<>();
                            rows.forEach(row -> byProviderId.put(row.providerEventId, row));
                            List<CalendarEventChangedV2> published = new ArrayList<>();
                            return Multi.createFrom().iterable(kept).onItem().transformToUniAndConcatenate(outcome -> {
                                CommandPlan plan = outcome.plan();
                                CalendarCommand command = byId.get(plan.commandId());
                                if (plan.crmEventId() == null) {
                                    return settleTarget(session, plan, outcome.result(), command, link,
                                            byProviderId.get(plan.providerEventId()), published, now);
                                }
                                CrmEvent crmEvent = byActivity.get(plan.crmEventId());
                                SyncedEvent row = byProviderId.get(rowIdOf(outcome, crmEvent));
                                Settling settling = new Settling(session, plan, command, link, crmEvent, row, now, published);
                                return settling.apply(outcome.result()).chain(settling::releaseHeldBack);
                            }).collect().asList().chain(() -> published.isEmpty() ? Uni.createFrom().voidItem()
                                    : outbox.appendAll(session, EventType.CALENDAR_EVENT_CHANGED_V2, new TenantId(link.tenantId), published)
                                            .replaceWithVoid());
                        });
                    })));
        });
    }

    /** The provider id of the stored event an outcome concerns: the one written, the one kept, or the activity's known one. */
    private static String rowIdOf(Settled outcome, CrmEvent crmEvent) {
        CommandResult result = outcome.result();
        if (result instanceof CommandResult.Written written) {
            return written.event().providerEventId();
        }
        if (result instanceof CommandResult.Kept kept) {
            return kept.current().providerEventId();
        }
        if (outcome.plan().crmEventId() == null) {
            return outcome.plan().providerEventId();
        }
        return crmEvent == null ? null : crmEvent.providerEventId;
    }

    /**
     * Gives the command up: {@code calendar.command-failed.v1}, and what the sync held back for it is published if no
     * other command of the activity is open.
     */
    Uni<Void> fail(Mutiny.Session session, CalendarCommand command, CalendarLink link, FailureCategory category, String code,
            String providerCode, String reason, Instant now) {
        command.fail(category, code, providerCode, CommandFailures.sentence(reason), now);
        // A batch's item is reported by its job (its items, calendar.batch-completed), not one event per item.
        Uni<Void> told = command.batchId != null ? Uni.createFrom().voidItem()
                : outbox.append(session, EventType.CALENDAR_COMMAND_FAILED, new TenantId(command.tenantId),
                        CommandFailures.event(command, link, now)).replaceWithVoid();
        return told.chain(() -> link == null || command.crmEventId == null ? Uni.createFrom().voidItem()
                        : crmEvents.findLocked(command.tenantId, command.crmEventId).chain(crmEvent -> {
                            if (crmEvent == null || crmEvent.providerEventId == null || !crmEvent.linkId.equals(link.id)) {
                                return Uni.createFrom().voidItem();
                            }
                            return events.byProviderIds(link.id, List.of(crmEvent.providerEventId)).chain(rows -> {
                                List<CalendarEventChangedV2> published = new ArrayList<>();
                                Settling settling = new Settling(session, null, command, link, crmEvent,
                                        rows.isEmpty() ? null : rows.get(0), now, published);
                                return settling.releaseHeldBack().chain(() -> published.isEmpty() ? Uni.createFrom().voidItem()
                                        : outbox.appendAll(session, EventType.CALENDAR_EVENT_CHANGED_V2, new TenantId(link.tenantId),
                                                published).replaceWithVoid());
                            });
                        }));
    }

    /**
     * Records what a batch's item that names a provider event (no CRM activity's: one the user made) came to: a delete
     * removes the stored copy and tells it (origin {@code crm}), a move tells where the event went.
     */
    private Uni<Void> settleTarget(Mutiny.Session session, CommandPlan plan, CommandResult result, CalendarCommand command,
            CalendarLink link, SyncedEvent row, List<CalendarEventChangedV2> told, Instant now) {
        Uni<Void> removed = row == null ? Uni.createFrom().voidItem() : session.remove(row);
        if (result instanceof CommandResult.Written written) {
            SyncedEvent moved = new SyncedEvent();
            PageApplier.copy(written.event(), moved, now);
            told.add(SyncEvents.moved(link, moved, plan.destination(), now));
            command.finish(CommandState.SUCCEEDED, CommandOutcome.MOVED, written.event().providerEventId(), now);
        } else if (result instanceof CommandResult.Removed) {
            if (row != null) {
                told.add(SyncEvents.changed(link, row, CalendarEventChange.DELETED, ChangeOrigin.CRM, now));
            }
            command.finish(CommandState.SUCCEEDED, row != null ? CommandOutcome.DELETED : CommandOutcome.NOTHING_TO_DELETE,
                    plan.providerEventId(), now);
        } else if (result instanceof CommandResult.Gone) {
            if (row != null && row.crmKnowsIt()) {
                told.add(SyncEvents.changed(link, row, CalendarEventChange.DELETED, ChangeOrigin.PROVIDER, now));
            }
            command.finish(CommandState.CONFLICT, CommandOutcome.DELETED_IN_CALENDAR, plan.providerEventId(), now);
        } else {
            // The user changed it since the CRM saw it, and their version is kept: stored and told.
            ProviderEvent current = ((CommandResult.Kept) result).current();
            removed = Uni.createFrom().voidItem();
            if (row != null) {
                PageApplier.copy(current, row, now);
                row.removedAtProvider = false;
                row.crmEtag = current.etag();
                told.add(SyncEvents.changed(link, row, CalendarEventChange.UPDATED, ChangeOrigin.PROVIDER, now));
            }
            command.finish(CommandState.CONFLICT, CommandOutcome.PROVIDER_VERSION_KEPT, current.providerEventId(), now);
        }
        return removed;
    }

    /** One command's settling; its events go to the list the caller appends to the outbox in one call. */
    private final class Settling {
        private final Mutiny.Session session;
        private final CommandPlan plan;
        private final CalendarCommand command;
        private final CalendarLink link;
        private final CrmEvent crmEvent;
        private SyncedEvent row;
        private final Instant now;
        private final List<CalendarEventChangedV2> published;

        Settling(Mutiny.Session session, CommandPlan plan, CalendarCommand command, CalendarLink link, CrmEvent crmEvent,
                SyncedEvent row, Instant now, List<CalendarEventChangedV2> published) {
            this.session = session;
            this.plan = plan;
            this.command = command;
            this.link = link;
            this.crmEvent = crmEvent;
            this.row = row;
            this.now = now;
            this.published = published;
        }

        Uni<Void> apply(CommandResult result) {
            crmEvent.updatedAt = now;
            if (result instanceof CommandResult.Written written) {
                return written(written.event());
            }
            if (result instanceof CommandResult.Removed) {
                boolean existed = crmEvent.providerEventId != null || row != null;
                tell(deletion(), CalendarEventChange.DELETED, ChangeOrigin.CRM, existed);
                crmEvent.deleted = true;
                command.finish(CommandState.SUCCEEDED, existed ? CommandOutcome.DELETED : CommandOutcome.NOTHING_TO_DELETE, null, now);
                return removeRow();
            }
            if (result instanceof CommandResult.Gone) {
                // The user deleted it. The sync published that unless it held it back for this command (the row is still here).
                tell(row, CalendarEventChange.DELETED, ChangeOrigin.PROVIDER, row != null);
                if (crmEvent.providerEventId == null) {
                    crmEvent.providerEventId = plan.key();
                }
                crmEvent.deleted = true;
                command.finish(CommandState.CONFLICT, CommandOutcome.DELETED_IN_CALENDAR, crmEvent.providerEventId, now);
                return removeRow();
            }
            ProviderEvent current = ((CommandResult.Kept) result).current();
            Uni<Void> stored = store(current);
            row.crmEtag = current.etag();
            tell(row, CalendarEventChange.UPDATED, ChangeOrigin.PROVIDER, true);
            crmEvent.providerEventId = current.providerEventId();
            command.finish(CommandState.CONFLICT, CommandOutcome.PROVIDER_VERSION_KEPT, current.providerEventId(), now);
            return stored;
        }

        private Uni<Void> written(ProviderEvent event) {
            if (plan.action() == CalendarCommandAction.MOVE) {
                return moved(event);
            }
            boolean created = plan.action() == CalendarCommandAction.CREATE;
            crmEvent.providerEventId = event.providerEventId();
            crmEvent.deleted = false;
            command.finish(CommandState.SUCCEEDED, created ? CommandOutcome.CREATED : CommandOutcome.UPDATED, event.providerEventId(), now);
            CalendarEventChange change = created ? CalendarEventChange.CREATED : CalendarEventChange.UPDATED;
            boolean newerSeen = row != null && !row.removedAtProvider && row.etag != null && !row.etag.equals(plan.baseEtag())
                    && !row.etag.equals(event.etag());
            if (newerSeen) {
                // The user changed it after our write landed, and the sync saw it: ours is told, then theirs follows.
                SyncedEvent ours = new SyncedEvent();
                PageApplier.copy(event, ours, now);
                ours.crmEventId = crmEvent.crmEventId;
                tell(ours, change, ChangeOrigin.CRM, true);
                row.crmEtag = event.etag();
                row.crmEventId = crmEvent.crmEventId;
                return Uni.createFrom().voidItem();
            }
            boolean removed = row != null && row.removedAtProvider;
            Uni<Void> stored = store(event);
            row.removedAtProvider = removed;
            row.crmEtag = event.etag();
            tell(row, change, ChangeOrigin.CRM, true);
            return stored;
        }

        /**
         * The activity's event left the link's calendar for the move's destination: the stored copy goes, the CRM is told
         * where the event is now, and the activity has no event in the link any more (a later create makes a new one).
         */
        private Uni<Void> moved(ProviderEvent event) {
            SyncedEvent moved = new SyncedEvent();
            PageApplier.copy(event, moved, now);
            moved.crmEventId = crmEvent.crmEventId;
            published.add(SyncEvents.moved(link, moved, plan.destination(), now));
            crmEvent.deleted = true;
            command.finish(CommandState.SUCCEEDED, CommandOutcome.MOVED, event.providerEventId(), now);
            return removeRow();
        }

        /** Stores {@code event} as the row (a new row when there is none). */
        private Uni<Void> store(ProviderEvent event) {
            if (row == null) {
                row = new SyncedEvent();
                row.id = UUID.randomUUID();
                row.linkId = link.id;
                row.tenantId = link.tenantId;
                row.createdAt = now;
                PageApplier.copy(event, row, now);
                row.crmEventId = crmEvent.crmEventId;
                return session.persist(row);
            }
            PageApplier.copy(event, row, now);
            row.removedAtProvider = false;
            row.crmEventId = crmEvent.crmEventId;
            return Uni.createFrom().voidItem();
        }

        /** What the sync held back for the activity while commands were open, told now that none is. */
        Uni<Void> releaseHeldBack() {
            if (row == null || row.crmKnowsIt()) {
                return Uni.createFrom().voidItem();
            }
            return commands.othersOpen(command.tenantId, command.crmEventId, command.id).chain(othersOpen -> {
                if (othersOpen) {
                    return Uni.createFrom().voidItem(); // the next command settles it
                }
                if (row.removedAtProvider) {
                    tell(row, CalendarEventChange.DELETED, ChangeOrigin.PROVIDER, true);
                    return removeRow();
                }
                row.crmEtag = row.etag;
                tell(row, CalendarEventChange.UPDATED, ChangeOrigin.PROVIDER, true);
                return Uni.createFrom().voidItem();
            });
        }

        private void tell(SyncedEvent event, CalendarEventChange change, ChangeOrigin origin, boolean when) {
            if (when && event != null) {
                published.add(SyncEvents.changed(link, event, change, origin, now));
            }
        }

        /** The event a deletion names: the stored row, or the activity's known event. */
        private SyncedEvent deletion() {
            if (row != null) {
                return row;
            }
            SyncedEvent gone = new SyncedEvent();
            gone.providerEventId = crmEvent.providerEventId != null ? crmEvent.providerEventId : plan.key();
            gone.crmEventId = crmEvent.crmEventId;
            return gone;
        }

        private Uni<Void> removeRow() {
            if (row == null) {
                return Uni.createFrom().voidItem();
            }
            SyncedEvent removed = row;
            row = null;
            return session.remove(removed);
        }
    }
}
