package com.crm.integrations.calendar.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import com.crm.integrations.calendar.CalendarCommand;
import com.crm.integrations.calendar.CalendarLink;
import com.crm.integrations.calendar.CalendarSyncSettings;
import com.crm.integrations.calendar.CommandOutcome;
import com.crm.integrations.calendar.CommandState;
import com.crm.integrations.calendar.ConflictRule;
import com.crm.integrations.calendar.CrmEvent;
import com.crm.integrations.calendar.LinkState;
import com.crm.integrations.calendar.LinkStateReason;
import com.crm.integrations.calendar.SyncDirection;
import com.crm.integrations.calendar.SyncedEvent;
import com.crm.integrations.calendar.client.CalendarApi;
import com.crm.integrations.calendar.client.NewEvent;
import com.crm.integrations.calendar.client.ProviderEvent;
import com.crm.integrations.calendar.client.WriteResult;
import com.crm.integrations.calendar.config.CalendarConfig;
import com.crm.integrations.calendar.repository.CalendarCommandRepository;
import com.crm.integrations.calendar.repository.CalendarLinkRepository;
import com.crm.integrations.calendar.repository.CommandLeases;
import com.crm.integrations.calendar.repository.CrmEventRepository;
import com.crm.integrations.calendar.repository.SyncedEventRepository;
import com.crm.integrations.common.events.payload.CalendarCommandAction;
import com.crm.integrations.common.events.payload.CalendarEventFields;
import com.crm.integrations.common.events.payload.CalendarProvider;
import com.crm.integrations.common.retry.Backoff;
import com.crm.integrations.common.retry.FailureCategory;
import com.crm.integrations.common.retry.ProviderCallException;
import com.crm.integrations.common.security.TenantId;
import com.crm.integrations.common.settings.TenantSettingsStore;
import com.crm.integrations.common.slots.SlotsBusyException;
import com.crm.integrations.common.tokens.ConnectionUnusableException;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Carries out one claimed command: decides what to send in a transaction (which link, which key, which version it
 * applies to), calls the provider outside any transaction within the user's mailbox slots, and settles the outcome
 * in a second transaction with its events ({@link CommandSettlement}). Every write it sends is safe to repeat, so an
 * attempt whose answer was lost is simply made again: a create by its key (Google answers 409 and the event is read,
 * Graph's {@code transactionId} answers the first event, and before a Graph create is repeated the event is looked up
 * by the CRM id it carries), an update by content (a 412 whose current version holds exactly our change is our own
 * write), a delete because a deleted event is as good as deleted.
 */
@ApplicationScoped
public class CommandRunner {

    private static final Logger LOG = Logger.getLogger(CommandRunner.class);

    /** What the preparing transaction left to do. */
    sealed interface Step {
        record Settled() implements Step {
        }

        record Call(CommandPlan plan) implements Step {
        }
    }

    private final CommandLeases leases;
    private final CalendarCommandRepository commands;
    private final CalendarLinkRepository links;
    private final CrmEventRepository crmEvents;
    private final SyncedEventRepository events;
    private final CalendarCommands intake;
    private final CalendarCalls calls;
    private final CommandSettlement settlement;
    private final TenantSettingsStore settings;
    private final CalendarConfig.Commands config;
    private final Clock clock;

    public CommandRunner(CommandLeases leases, CalendarCommandRepository commands, CalendarLinkRepository links,
            CrmEventRepository crmEvents, SyncedEventRepository events, CalendarCommands intake, CalendarCalls calls,
            CommandSettlement settlement, TenantSettingsStore settings, CalendarConfig config, Clock clock) {
        this.leases = leases;
        this.commands = commands;
        this.links = links;
        this.crmEvents = crmEvents;
        this.events = events;
        this.intake = intake;
        this.calls = calls;
        this.settlement = settlement;
        this.settings = settings;
        this.config = config.commands();
        this.clock = clock;
    }

    /** Carries out the command {@code owner} claimed; a failure of our own (the database) leaves it to its lease. */
    public Uni<Void> run(UUID commandId, String owner) {
        return Panache.withSession(() -> commands.findById(commandId)).chain(peek -> peek == null ? Uni.createFrom().voidItem()
                : settings.find(new TenantId(peek.tenantId), CalendarSyncSettings.class, CalendarSyncSettings.DEFAULTS)
                        .chain(tenantSettings -> inTransaction(session -> prepare(session, commandId, owner, tenantSettings.value())))
                        .chain(step -> step instanceof Step.Call call ? attempt(call.plan(), owner) : Uni.createFrom().voidItem()))
                .onFailure().invoke(failure -> LOG.warnf(failure, "Command %s: the attempt stopped; it is tried again when its lease lapses",
                        commandId))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<Void> attempt(CommandPlan plan, String owner) {
        return execute(plan).onItemOrFailure().transformToUni((result, failure) -> failure != null
                ? inTransaction(session -> failed(session, plan, failure, owner))
                : inTransaction(session -> settlement.settle(session, plan, result, owner)));
    }

    /** One transaction of its own, run again while it meets a concurrent write. */
    private static <T> Uni<T> inTransaction(Function<Mutiny.Session, Uni<T>> work) {
        return Conflicts.retried(() -> Panache.withTransaction(() -> Panache.getSession().chain(session -> work.apply(session))));
    }

    private Uni<Step> prepare(Mutiny.Session session, UUID commandId, String owner, CalendarSyncSettings tenantSettings) {
        return leases.holds(session, commandId, owner).chain(held -> !held ? settled()
                : commands.findById(commandId).chain(command -> crmEvents.findOf(command.tenantId, command.crmEventId)
                        .chain(crmEvent -> plan(session, command, crmEvent, tenantSettings, null))));
    }

    /**
     * Decides what one claimed command of a CRM activity sends, in the session's transaction: {@link Step.Call} with the
     * plan, or {@link Step.Settled} when the command was finished or put off without a call.
     *
     * @param crmEvent    the activity's event, as stored (null: none yet)
     * @param destination the calendar a batch's move takes the event to; null otherwise
     */
    Uni<Step> plan(Mutiny.Session session, CalendarCommand command, CrmEvent crmEvent, CalendarSyncSettings tenantSettings,
            String destination) {
        Instant now = clock.instant();
        boolean live = crmEvent != null && !crmEvent.deleted;
        boolean activity = command.crmEventId != null;
        if (activity && (command.action == CalendarCommandAction.UPDATE || command.action == CalendarCommandAction.MOVE)
                && (!live || crmEvent.providerEventId == null)) {
            return give(session, command, null, FailureCategory.PERMANENT, CommandFailures.NOT_FOUND,
                    "The activity has no calendar event to " + command.action.wireName() + ": it was never created or was deleted.",
                    now);
        }
        if (activity && !live && command.action == CalendarCommandAction.DELETE) {
            command.finish(CommandState.SUCCEEDED, CommandOutcome.NOTHING_TO_DELETE, null, now);
            return settled();
        }
        // A batch's item goes to its job's link (an activity with an event goes where its event is: the same, checked
        // when the job was stored).
        Uni<LinkChoice> choice = live ? links.findById(crmEvent.linkId).map(LinkChoice::of)
                : command.batchId != null ? links.findById(command.wantedLinkId).map(link -> link != null ? LinkChoice.of(link)
                        : new LinkChoice(null, "The user has no calendar link " + command.wantedLinkId + " any more.", false))
                : chooseLink(command);
        return choice.chain(chosen -> {
            if (chosen.link() == null) {
                return noLink(session, command, chosen, now);
            }
            CalendarLink link = chosen.link();
            if (link.state == LinkState.ENDED) {
                return give(session, command, link, FailureCategory.PERMANENT, CommandFailures.LINK_ENDED,
                        "The calendar link ended with its connection: the user must connect the calendar again.", now);
            }
            if (tenantSettings.direction() == SyncDirection.IMPORT_ONLY) {
                return give(session, command, link, FailureCategory.PERMANENT, CommandFailures.IMPORT_ONLY,
                        "The tenant's calendar sync is import_only: nothing is written to the provider's calendars.", now);
            }
            if (now.isAfter(command.giveUpAt)) {
                return giveUp(session, command, link, now);
            }
            command.linkId = link.id;
            if (link.throttledUntil != null && link.throttledUntil.isAfter(now)) {
                // Claimed before its link was known: the provider's wait holds it like the link's other calls.
                command.retryAt(link.throttledUntil, FailureCategory.RATE_LIMIT, null, null,
                        "The provider asked us to slow down: the command is tried again later.");
                return settled();
            }
            if (!link.isActive()) {
                FailureCategory category = link.stateReason == LinkStateReason.NEEDS_REAUTH ? FailureCategory.AUTH
                        : FailureCategory.TRANSIENT;
                command.retryAt(now.plus(backoff(command.attempts)), category, link.stateReason == null ? null
                        : link.stateReason.wireName(), null, CommandFailures.sentence("The calendar link is " + link.state.wireName()
                                + (link.stateReason == null ? "" : " (" + link.stateReason.wireName() + ")")
                                + ": the command waits until it syncs again."));
                return settled();
            }
            if (!activity) {
                return eventPlan(command, link, tenantSettings, destination, now);
            }
            return target(session, command, crmEvent, link, now)
                    .chain(target -> storedEvent(link, target)
                            .map(row -> (Step) new Step.Call(new CommandPlan(command.id, command.attempts, link,
                                    target.action(), target.crmEvent().providerKey, command.crmEventId,
                                    target.crmEvent().providerEventId, row == null ? null : row.crmEtag, fieldsFor(command),
                                    tenantSettings.effectiveConflictRule(), destination))));
        });
    }

    /**
     * A batch's item naming a provider event that is no CRM activity's (one the user made): deleted or moved by its id,
     * if the CRM's version of it is still the provider's.
     */
    private Uni<Step> eventPlan(CalendarCommand command, CalendarLink link, CalendarSyncSettings tenantSettings, String destination,
            Instant now) {
        return events.byProviderIds(link.id, List.of(command.targetEventId)).map(rows -> {
            SyncedEvent row = rows.isEmpty() ? null : rows.get(0);
            if (row == null && command.action == CalendarCommandAction.DELETE) {
                command.finish(CommandState.SUCCEEDED, CommandOutcome.NOTHING_TO_DELETE, command.targetEventId, now);
                return new Step.Settled();
            }
            return new Step.Call(new CommandPlan(command.id, command.attempts, link, command.action, null, null, command.targetEventId,
                    row == null ? null : row.crmEtag, null, tenantSettings.effectiveConflictRule(), destination));
        });
    }

    /** The activity's event to write and how: a create of a live one updates it; a create after a delete starts anew. */
    private record Target(CrmEvent crmEvent, CalendarCommandAction action) {
    }

    private Uni<Target> target(Mutiny.Session session, CalendarCommand command, CrmEvent crmEvent, CalendarLink link, Instant now) {
        if (command.action != CalendarCommandAction.CREATE) {
            return Uni.createFrom().item(new Target(crmEvent, command.action));
        }
        if (crmEvent == null) {
            CrmEvent first = CrmEvent.first(command.tenantId, command.crmEventId, link.id, now);
            return session.persist(first).replaceWith(new Target(first, CalendarCommandAction.CREATE));
        }
        if (crmEvent.deleted) {
            crmEvent.recreate(link.id, now);
            return Uni.createFrom().item(new Target(crmEvent, CalendarCommandAction.CREATE));
        }
        // Known done: the CRM sends the whole event again, as an update. Not known done: the create is repeated by its key.
        return Uni.createFrom().item(new Target(crmEvent,
                crmEvent.providerEventId != null ? CalendarCommandAction.UPDATE : CalendarCommandAction.CREATE));
    }

    private Uni<SyncedEvent> storedEvent(CalendarLink link, Target target) {
        String providerEventId = target.crmEvent().providerEventId;
        if (providerEventId == null || target.action() == CalendarCommandAction.CREATE) {
            return Uni.createFrom().nullItem();
        }
        return events.byProviderIds(link.id, List.of(providerEventId)).map(rows -> rows.isEmpty() ? null : rows.get(0));
    }

    private CalendarEventFields fieldsFor(CalendarCommand command) {
        return command.action == CalendarCommandAction.DELETE || command.action == CalendarCommandAction.MOVE ? null
                : intake.fieldsOf(command);
    }

    /** The link a create goes to: the one named (an ended one fails the command), or the user's only one that has not ended. */
    private record LinkChoice(CalendarLink link, String problem, boolean waits) {
        static LinkChoice of(CalendarLink link) {
            return new LinkChoice(link, null, false);
        }
    }

    private Uni<LinkChoice> chooseLink(CalendarCommand command) {
        // An ended link is a candidate only when the command names it: then it fails as link_ended, not as unknown.
        return links.list("tenantId = ?1 and ownerUserId = ?2", command.tenantId, command.userId)
                .map(candidates -> {
                    List<CalendarLink> fitting = candidates.stream()
                            .filter(link -> command.wantedLinkId == null ? link.state != LinkState.ENDED : link.id.equals(command.wantedLinkId))
                            .filter(link -> command.wantedProvider == null || link.provider == command.wantedProvider)
                            .toList();
                    if (fitting.size() == 1) {
                        return LinkChoice.of(fitting.get(0));
                    }
                    if (fitting.size() > 1) {
                        return new LinkChoice(null, "The user has " + fitting.size() + " calendar links: the command must name"
                                + " linkId (or provider, when the links are at different providers).", false);
                    }
                    if (command.wantedLinkId != null) {
                        return new LinkChoice(null, "The user has no calendar link " + command.wantedLinkId + ".", false);
                    }
                    String at = command.wantedProvider == null ? "" : " at " + providerName(command.wantedProvider);
                    return new LinkChoice(null, "The user has not connected a calendar" + at + " yet: the command waits for one.",
                            true);
                });
    }

    private Uni<Step> noLink(Mutiny.Session session, CalendarCommand command, LinkChoice chosen, Instant now) {
        if (!chosen.waits()) {
            String code = chosen.problem().startsWith("The user has no calendar link ") ? CommandFailures.NO_LINK
                    : CommandFailures.AMBIGUOUS_LINK;
            return give(session, command, null, FailureCategory.PERMANENT, code, chosen.problem(), now);
        }
        if (now.isAfter(command.giveUpAt)) {
            return give(session, command, null, FailureCategory.PERMANENT, CommandFailures.NO_LINK,
                    "The user connected no calendar before the command's time was up.", now);
        }
        Instant next = now.plus(config.linkWaitInterval());
        command.retryAt(next.isAfter(command.giveUpAt) ? command.giveUpAt : next, FailureCategory.PERMANENT, CommandFailures.NO_LINK,
                null, chosen.problem());
        return settled();
    }

    private Uni<Step> giveUp(Mutiny.Session session, CalendarCommand command, CalendarLink link, Instant now) {
        String last = command.failureReason == null ? "" : " The last attempt: " + command.failureReason;
        return give(session, command, link, command.failureCategory == null ? FailureCategory.TRANSIENT : command.failureCategory,
                CommandFailures.GAVE_UP, "The command could not be carried out before its time was up." + last, now);
    }

    Uni<Step> give(Mutiny.Session session, CalendarCommand command, CalendarLink link, FailureCategory category, String code,
            String reason, Instant now) {
        return settlement.fail(session, command, link, category, code, command.providerCode, reason, now).replaceWith(new Step.Settled());
    }

    private static Uni<Step> settled() {
        return Uni.createFrom().item(new Step.Settled());
    }

    /** Sends the plan to the provider; a 412 is settled by re-reading the event and the tenant's conflict rule. */
    private Uni<CommandResult> execute(CommandPlan plan) {
        return calls.call(plan.link(), call -> execute(call.api(), call.token(), plan));
    }

    /** Sends the plan with {@code token} (the caller holds the mailbox's slots), each call alone. */
    Uni<CommandResult> execute(CalendarApi api, String token, CommandPlan plan) {
        String calendarId = plan.link().calendarId;
        return switch (plan.action()) {
            case CREATE -> create(api, token, calendarId, plan);
            case UPDATE -> api.update(token, calendarId, plan.providerEventId(), plan.baseEtag(), plan.fields())
                    .chain(result -> afterWrite(api, token, calendarId, plan, plan.providerEventId(), result));
            case DELETE -> eventToDelete(api, token, calendarId, plan).chain(id -> id.isEmpty()
                    ? Uni.createFrom().item((CommandResult) new CommandResult.Removed())
                    : api.delete(token, calendarId, id.get(), plan.baseEtag())
                            .chain(result -> afterWrite(api, token, calendarId, plan, id.get(), result)));
            case MOVE -> {
                // No single move in the clients: the batch's call, sent as a batch of one.
                var move = api.moveCall("move", calendarId, plan.providerEventId(), plan.destination())
                        .orElseThrow(() -> new IllegalStateException(api.provider().wireName() + " has no move"));
                yield api.batch(token, List.of(move)).chain(answers -> BatchAnswers.resolve(this, api, token, plan, answers.get("move"),
                        clock.instant()));
            }
        };
    }

    private Uni<CommandResult> create(CalendarApi api, String token, String calendarId, CommandPlan plan) {
        // Graph remembers a transactionId for an undocumented while: after an attempt whose answer was lost, look first.
        Uni<Optional<ProviderEvent>> earlier = plan.attempt() > 1 && api.provider() == CalendarProvider.MICROSOFT
                ? api.findCreated(token, calendarId, plan.key(), plan.crmEventId())
                : Uni.createFrom().item(Optional.empty());
        return earlier.chain(found -> found.isPresent()
                ? Uni.createFrom().item(new CommandResult.Written(found.get()))
                : api.create(token, calendarId, new NewEvent(plan.key(), plan.crmEventId(), plan.fields()))
                        .map(result -> result instanceof WriteResult.Written written
                                ? new CommandResult.Written(written.event())
                                : new CommandResult.Gone()));
    }

    private Uni<Optional<String>> eventToDelete(CalendarApi api, String token, String calendarId, CommandPlan plan) {
        if (plan.providerEventId() != null) {
            return Uni.createFrom().item(Optional.of(plan.providerEventId()));
        }
        // The create's outcome was never learnt: if it landed, its event is found by the key.
        return api.findCreated(token, calendarId, plan.key(), plan.crmEventId()).map(found -> found.map(ProviderEvent::providerEventId));
    }

    /** Settles a write's answer: a 412 by re-reading the event and the tenant's conflict rule. */
    Uni<CommandResult> afterWrite(CalendarApi api, String token, String calendarId, CommandPlan plan, String eventId,
            WriteResult result) {
        if (result instanceof WriteResult.Written written) {
            return Uni.createFrom().item(new CommandResult.Written(written.event()));
        }
        if (result instanceof WriteResult.Removed) {
            return Uni.createFrom().item(new CommandResult.Removed());
        }
        if (result instanceof WriteResult.Gone) {
            return Uni.createFrom().item(gone(plan));
        }
        return api.event(token, calendarId, eventId).chain(current -> {
            if (current.isEmpty()) {
                return Uni.createFrom().item(gone(plan));
            }
            ProviderEvent now = current.get();
            if (plan.action() == CalendarCommandAction.UPDATE && WrittenAlready.holds(now, plan.fields())) {
                // An earlier try of this very write landed and its answer was lost: the event holds our change.
                return Uni.createFrom().item(new CommandResult.Written(now));
            }
            if (plan.rule() == ConflictRule.PROVIDER_WINS) {
                return Uni.createFrom().item(new CommandResult.Kept(now));
            }
            // The CRM wins: written over the version just read; should that change again meanwhile, it is kept.
            CommandPlan over = plan.over(eventId, now.etag());
            Uni<WriteResult> again = plan.action() == CalendarCommandAction.DELETE
                    ? api.delete(token, calendarId, eventId, now.etag())
                    : api.update(token, calendarId, eventId, now.etag(), plan.fields());
            return again.chain(written -> afterWrite(api, token, calendarId, over, eventId, written));
        });
    }

    /** The event is gone: done for a delete, the user's deletion for anything else. */
    private static CommandResult gone(CommandPlan plan) {
        return plan.action() == CalendarCommandAction.DELETE ? new CommandResult.Removed() : new CommandResult.Gone();
    }

    /** Records a failed attempt: tried again after a pause (the provider's or a backoff), or given up. */
    Uni<Void> failed(Mutiny.Session session, CommandPlan plan, Throwable failure, String owner) {
        Instant now = clock.instant();
        return leases.holds(session, plan.commandId(), owner).chain(held -> !held ? Uni.createFrom().voidItem()
                : commands.findById(plan.commandId()).chain(command -> {
                    CommandFailure classified = CommandFailure.of(failure);
                    if (classified.permanent()) {
                        if (command.batchId == null) {
                            LOG.infof("Command %s failed for good: %s", command.commandId, classified.reason());
                        } // a batch's items are reported by their job
                        return settlement.fail(session, command, plan.link(), classified.category(), CommandFailures.PROVIDER_REFUSED,
                                classified.providerCode(), classified.reason(), now);
                    }
                    Duration pause = backoff(command.attempts);
                    if (classified.retryAfter().isPresent() && classified.retryAfter().get().compareTo(pause) > 0) {
                        pause = classified.retryAfter().get();
                    }
                    Instant next = now.plus(pause);
                    if (next.isAfter(command.giveUpAt)) {
                        command.retryAt(next, classified.category(), null, classified.providerCode(), classified.reason());
                        return giveUp(session, command, plan.link(), now).replaceWithVoid();
                    }
                    LOG.debugf("Command %s: attempt %d failed (%s); next at %s", command.commandId, command.attempts, classified.reason(), next);
                    command.retryAt(next, classified.category(), null, classified.providerCode(), classified.reason());
                    return classified.throttled() ? throttle(plan.link().id, next) : Uni.createFrom().voidItem();
                }));
    }

    /** The provider throttles this mailbox: the link's sync and its other commands wait as long as this one. */
    private Uni<Void> throttle(UUID linkId, Instant until) {
        return links.findById(linkId).invoke(link -> {
            if (link != null) {
                link.throttle(until);
            }
        }).replaceWithVoid();
    }

    private Duration backoff(int attempts) {
        return Backoff.fullJitter(Math.max(1, attempts), config.backoffMin(), config.backoffMax(),
                bound -> ThreadLocalRandom.current().nextLong(bound));
    }

    private static String providerName(CalendarProvider provider) {
        return provider == CalendarProvider.GOOGLE ? "Google" : "Microsoft";
    }

    /** A failed attempt, classified: tried again (and when) or given up. */
    private record CommandFailure(FailureCategory category, String providerCode, Optional<Duration> retryAfter, String reason,
            boolean permanent, boolean throttled) {

        static CommandFailure of(Throwable failure) {
            if (failure instanceof BatchItemFailure item) {
                // One item of a batch, throttled or refused on its own: its link and its neighbours go on.
                return new CommandFailure(item.category(), item.providerCode(), item.retryAfter(), item.getMessage(), !item.retryable(),
                        false);
            }
            if (failure instanceof TokenRejectedException || failure instanceof ConnectionUnusableException) {
                return new CommandFailure(FailureCategory.AUTH, null, Optional.empty(),
                        "The user's connection needs reconnecting: the command waits for it.", false, false);
            }
            if (failure instanceof SlotsBusyException) {
                return new CommandFailure(FailureCategory.RATE_LIMIT, "mailbox_busy", Optional.empty(),
                        "The user's calendar is busy with other requests: the command is tried again shortly.", false, false);
            }
            if (failure instanceof ProviderCallException call) {
                return switch (call.category()) {
                    case PERMANENT -> new CommandFailure(call.category(), call.providerCode(), Optional.empty(),
                            "The provider refused the write (HTTP " + call.status() + (call.providerCode() == null ? ""
                                    : ", " + call.providerCode()) + ").", true, false);
                    case RATE_LIMIT -> new CommandFailure(call.category(), call.providerCode(), call.retryAfter(),
                            "The provider asked us to slow down: the command is tried again later.", false, true);
                    case AUTH -> new CommandFailure(call.category(), call.providerCode(), Optional.empty(),
                            "The provider refused the account's access: the command is tried again later.", false, false);
                    case MISCONFIGURED -> new CommandFailure(call.category(), call.providerCode(), Optional.empty(),
                            "The provider refused our application's configuration: an operator must fix it.", false, false);
                    case TRANSIENT -> new CommandFailure(call.category(), call.providerCode(), call.retryAfter(),
                            call.breakerOpen() ? "The provider is failing for many users: the command is tried again when it recovers."
                                    : "The provider could not answer: the command is tried again.", false, false);
                };
            }
            return new CommandFailure(FailureCategory.TRANSIENT, null, Optional.empty(),
                    "The command failed unexpectedly: it is tried again.", false, false);
        }
    }
}
