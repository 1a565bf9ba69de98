package com.crm.integrations.calendar.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import com.crm.integrations.calendar.CalendarBatch;
import com.crm.integrations.calendar.CalendarCommand;
import com.crm.integrations.calendar.CalendarLink;
import com.crm.integrations.calendar.CalendarSyncSettings;
import com.crm.integrations.calendar.CommandState;
import com.crm.integrations.calendar.CommandOutcome;
import com.crm.integrations.calendar.CrmEvent;
import com.crm.integrations.calendar.client.BatchAnswer;
import com.crm.integrations.calendar.client.BatchCall;
import com.crm.integrations.calendar.client.CalendarApi;
import com.crm.integrations.calendar.client.NewEvent;
import com.crm.integrations.calendar.client.ProviderEvent;
import com.crm.integrations.calendar.config.CalendarConfig;
import com.crm.integrations.calendar.repository.BatchLeases;
import com.crm.integrations.calendar.repository.CalendarBatchRepository;
import com.crm.integrations.calendar.repository.CalendarCommandRepository;
import com.crm.integrations.calendar.repository.CalendarLinkRepository;
import com.crm.integrations.calendar.repository.CommandLeases;
import com.crm.integrations.calendar.repository.CrmEventRepository;
import com.crm.integrations.common.events.payload.CalendarCommandAction;
import com.crm.integrations.common.events.payload.CalendarProvider;
import com.crm.integrations.common.retry.FailureCategory;
import com.crm.integrations.common.security.TenantId;
import com.crm.integrations.common.settings.TenantSettingsStore;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Sends one group of a job's due items as one provider batch, in three steps like a single command's
 * ({@link CommandRunner}): the plans are decided in a transaction (the same decisions as for a single command: which
 * key, which version, what the link's state allows), the batch goes out holding all of the user's mailbox slots (so a
 * sync or command of the same user never adds calls to it), and every item's outcome is recorded in a second
 * transaction with its events ({@link CommandSettlement}) and the job's counts ({@link BatchProgress}). Each item is
 * read from its own answer: a throttled or failing item is sent again later on its own, a refused one fails with the
 * provider's words, its neighbours are not concerned. Every write in a batch is safe to repeat (creates carry the
 * activity's key), so a group whose replica died after sending is simply sent again.
 */
@ApplicationScoped
public class BatchRunner {

    private static final Logger LOG = Logger.getLogger(BatchRunner.class);

    private final BatchLeases leases;
    private final CommandLeases commandLeases;
    private final CalendarBatchRepository batches;
    private final CalendarCommandRepository commands;
    private final CalendarLinkRepository links;
    private final CrmEventRepository crmEvents;
    private final CommandRunner runner;
    private final CommandSettlement settlement;
    private final CalendarCalls calls;
    private final BatchProgress progress;
    private final TenantSettingsStore settings;
    private final CalendarConfig.Batches config;
    private final Clock clock;

    public BatchRunner(BatchLeases leases, CommandLeases commandLeases, CalendarBatchRepository batches, CalendarCommandRepository commands,
            CalendarLinkRepository links, CrmEventRepository crmEvents, CommandRunner runner, CommandSettlement settlement,
            CalendarCalls calls, BatchProgress progress, TenantSettingsStore settings, CalendarConfig config, Clock clock) {
        this.leases = leases;
        this.commandLeases = commandLeases;
        this.batches = batches;
        this.commands = commands;
        this.links = links;
        this.crmEvents = crmEvents;
        this.runner = runner;
        this.settlement = settlement;
        this.calls = calls;
        this.progress = progress;
        this.settings = settings;
        this.config = config.batches();
        this.clock = clock;
    }

    /**
     * A group of a job's items, claimed and planned: {@code plans} go out in one batch (items settled at once have none).
     * {@code owner} is this claim's own lease holder: should the lease lapse while the group is in flight and the items be
     * claimed again (by any replica, this one included), this group's outcomes are not recorded over the new claim's.
     */
    record Group(Job job, List<UUID> ids, List<CommandPlan> plans, String owner) {
    }

    /** What a group needs of its job, read before it is claimed. */
    record Job(UUID batchId, CalendarLink link, CalendarSyncSettings settings, String destination) {
    }

    /** A job as its session read it, before the tenant's settings. */
    private record Unsettled(UUID batchId, String tenantId, CalendarLink link, String destination) {
    }

    /** What the provider answered for one planned item, or why it has no answer. */
    record Outcome(CommandPlan plan, CommandResult result, Throwable failure) {
    }

    /**
     * Claims the job's next group of due items and decides what each sends; null when none is due (the job is finished,
     * or its items wait for their next attempt or are being sent by another replica). A failure of our own (the
     * database) is logged and answers null: the group's items go again when their lease lapses.
     */
    Uni<Group> next(UUID batchId, String replica) {
        String owner = replica + ':' + UUID.randomUUID();
        // The session gives its connection back before the settings are read from the pool: a session waiting for a
        // second connection while holding one would deadlock the pool once `concurrency` claims outnumber its size.
        return Panache.withSession(() -> batches.findById(batchId).chain(batch -> batch == null || batch.state.isFinished()
                ? Uni.createFrom().<Unsettled>nullItem()
                : links.findById(batch.linkId).map(link -> new Unsettled(batch.id, batch.tenantId, link, batch.destinationCalendarId))))
                .chain(found -> found == null ? Uni.createFrom().<Job>nullItem()
                        : settings.find(new TenantId(found.tenantId()), CalendarSyncSettings.class, CalendarSyncSettings.DEFAULTS)
                                .map(tenantSettings -> new Job(found.batchId(), found.link(), tenantSettings.value(), found.destination())))
                .chain(job -> job == null ? Uni.createFrom().<Group>nullItem()
                        : leases.claimGroup(batchId, owner, config.lease(), calls.batchSize(job.link()), clock.instant())
                                .chain(ids -> ids.isEmpty() ? Uni.createFrom().<Group>nullItem()
                                        : inTransaction(session -> prepare(session, job, ids, owner)).map(plans -> new Group(job, ids, plans, owner))))
                .onFailure().invoke(failure -> LOG.warnf(failure, "Batch %s: claiming its next group failed; its items are sent again when"
                        + " their lease lapses", batchId))
                .onFailure().recoverWithNull();
    }

    /** Sends the group's plans as one batch (its outcomes carry any failure, item by item). */
    Uni<List<Outcome>> send(Group group) {
        if (group.plans().isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        long start = System.nanoTime();
        return send(group.job().link(), group.plans()).invoke(outcomes -> LOG.debugf("Batch %s: %d items sent in %d ms, %d failed",
                group.job().batchId(), outcomes.size(), (System.nanoTime() - start) / 1_000_000,
                outcomes.stream().filter(outcome -> outcome.failure() != null).count()));
    }

    /** Records the group's outcomes and the job's counts; a failure of our own leaves the items to their lease. */
    Uni<Void> record(Group group, List<Outcome> outcomes) {
        String owner = group.owner();
        if (outcomes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return inTransaction(session -> settle(session, group.job(), outcomes, owner))
                .onFailure().invoke(failure -> LOG.warnf(failure, "Batch %s: recording a group of %d items failed; they are sent again"
                        + " when their lease lapses", group.job().batchId(), outcomes.size()))
                .onFailure().recoverWithNull();
    }

    /** One transaction of its own, run again while it meets a concurrent write. */
    private static <T> Uni<T> inTransaction(Function<Mutiny.Session, Uni<T>> work) {
        return Conflicts.retried(() -> Panache.withTransaction(() -> Panache.getSession().chain(session -> work.apply(session))));
    }

    /** Decides each held item's plan; items finished or put off without a call are counted at once. */
    private Uni<List<CommandPlan>> prepare(Mutiny.Session session, Job job, List<UUID> ids, String owner) {
        Instant now = clock.instant();
        return commandLeases.held(session, ids, owner).chain(held -> held.isEmpty() ? Uni.createFrom().item(List.<CommandPlan>of())
                : batches.findById(job.batchId()).chain(batch -> commands.list("id in ?1 order by seq", held)
                        .chain(items -> activities(batch, items).chain(byActivity -> Multi.createFrom().iterable(items)
                                .onItem().transformToUniAndConcatenate(item -> plan(session, batch, item,
                                        item.crmEventId == null ? null : byActivity.get(item.crmEventId), job))
                                .collect().asList()
                                .chain(steps -> progress.record(session, batch.id, items, now).map(recorded -> {
                                    List<CommandPlan> plans = new ArrayList<>();
                                    for (CommandRunner.Step step : steps) {
                                        if (step instanceof CommandRunner.Step.Call call) {
                                            plans.add(call.plan());
                                        }
                                    }
                                    return plans;
                                }))))));
    }

    private Uni<Map<String, CrmEvent>> activities(CalendarBatch batch, List<CalendarCommand> items) {
        List<String> ids = items.stream().map(item -> item.crmEventId).filter(id -> id != null).toList();
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return crmEvents.list("tenantId = ?1 and crmEventId in ?2", batch.tenantId, ids)
                .map(found -> {
                    Map<String, CrmEvent> byId = new HashMap<>();
                    found.forEach(crmEvent -> byId.put(crmEvent.crmEventId, crmEvent));
                    return byId;
                });
    }

    private Uni<CommandRunner.Step> plan(Mutiny.Session session, CalendarBatch batch, CalendarCommand item, CrmEvent crmEvent, Job job) {
        if (batch.cancelRequestedAt != null) {
            item.state = CommandState.CANCELLED;
            item.outcome = CommandOutcome.NOT_DONE;
            item.finishedAt = clock.instant();
            return Uni.createFrom().item(new CommandRunner.Step.Settled());
        }
        return runner.plan(session, item, crmEvent, job.settings(), job.destination());
    }

    /**
     * Sends the plans as one batch, holding all of the mailbox's slots, and reads each item's answer. A Graph create tried
     * before (its {@code transactionId} may have lapsed since) is looked up first, the group's look-ups in one batch of
     * their own: one found is done, the others are sent with the group. A Graph delete of an event whose id was never
     * learnt is sent alone, as a single command's would be, within the same hold.
     */
    private Uni<List<Outcome>> send(CalendarLink link, List<CommandPlan> plans) {
        return calls.callExclusive(link, call -> {
            CalendarApi api = call.api();
            List<CommandPlan> lookFirst = new ArrayList<>();
            List<CommandPlan> alone = new ArrayList<>();
            List<CommandPlan> batched = new ArrayList<>();
            for (CommandPlan plan : plans) {
                (looksFirst(api.provider(), plan) ? lookFirst : sentAlone(api.provider(), plan) ? alone : batched).add(plan);
            }
            List<Outcome> outcomes = new ArrayList<>();
            return lookUp(api, call.token(), lookFirst, batched, outcomes)
                    .chain(() -> sendBatched(api, call.token(), batched, outcomes))
                    .chain(() -> Multi.createFrom().iterable(alone)
                            .onItem().transformToUniAndConcatenate(plan -> outcome(plan, runner.execute(api, call.token(), plan)))
                            .collect().asList())
                    .map(single -> {
                        outcomes.addAll(single);
                        return outcomes;
                    });
        }).onFailure().recoverWithItem(failure -> plans.stream().map(plan -> new Outcome(plan, null, failure)).toList());
    }

    /** Looks up the creates tried before, in one batch: found ones are done, the rest join {@code batched}. */
    private Uni<Void> lookUp(CalendarApi api, String token, List<CommandPlan> lookFirst, List<CommandPlan> batched, List<Outcome> outcomes) {
        if (lookFirst.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<BatchCall> lookUps = new ArrayList<>();
        for (int i = 0; i < lookFirst.size(); i++) {
            CommandPlan plan = lookFirst.get(i);
            lookUps.add(api.findCreatedCall("l" + i, plan.link().calendarId, plan.crmEventId()).orElseThrow());
        }
        return api.batch(token, lookUps).invoke(answers -> {
            Instant now = clock.instant();
            for (int i = 0; i < lookFirst.size(); i++) {
                CommandPlan plan = lookFirst.get(i);
                BatchAnswer answer = answers.get("l" + i);
                if (answer == null || !answer.succeeded()) {
                    int status = answer == null ? 0 : answer.status();
                    outcomes.add(new Outcome(plan, null, new BatchItemFailure(FailureCategory.TRANSIENT, status,
                            answer == null ? null : answer.providerCode(), answer == null ? Optional.empty() : answer.retryAfter(now),
                            "Looking for the event an earlier try may have made failed (HTTP " + status + "): the item is sent again.")));
                    continue;
                }
                Optional<ProviderEvent> found = api.createdIn(answer, plan.key());
                if (found.isPresent()) {
                    outcomes.add(new Outcome(plan, new CommandResult.Written(found.get()), null));
                } else {
                    batched.add(plan);
                }
            }
        }).replaceWithVoid();
    }

    private Uni<Void> sendBatched(CalendarApi api, String token, List<CommandPlan> batched, List<Outcome> outcomes) {
        if (batched.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<BatchCall> sent = new ArrayList<>();
        for (int i = 0; i < batched.size(); i++) {
            sent.add(callOf(api, Integer.toString(i), batched.get(i)));
        }
        return api.batch(token, sent).chain(byId -> {
            Instant now = clock.instant();
            List<Uni<Outcome>> read = new ArrayList<>();
            for (int i = 0; i < batched.size(); i++) {
                CommandPlan plan = batched.get(i);
                read.add(outcome(plan, BatchAnswers.resolve(runner, api, token, plan, byId.get(Integer.toString(i)), now)));
            }
            return Multi.createFrom().iterable(read).onItem().transformToUniAndConcatenate(uni -> uni).collect().asList();
        }).invoke(outcomes::addAll).replaceWithVoid();
    }

    private static Uni<Outcome> outcome(CommandPlan plan, Uni<CommandResult> result) {
        return result.onItemOrFailure().transform((done, failure) -> new Outcome(plan, done, failure));
    }

    /** A Graph create tried before: its event is looked for first (its transactionId may have lapsed since). */
    private static boolean looksFirst(CalendarProvider provider, CommandPlan plan) {
        return provider == CalendarProvider.MICROSOFT && plan.action() == CalendarCommandAction.CREATE && plan.attempt() > 1;
    }

    /** A Graph delete of an event whose id was never learnt: sent alone (its event looked up by the key first). */
    private static boolean sentAlone(CalendarProvider provider, CommandPlan plan) {
        return provider == CalendarProvider.MICROSOFT && plan.action() == CalendarCommandAction.DELETE && plan.providerEventId() == null;
    }

    /** The plan as one call of a batch; a Google delete of an event whose id was never learnt names our key, its id. */
    private static BatchCall callOf(CalendarApi api, String id, CommandPlan plan) {
        String calendarId = plan.link().calendarId;
        return switch (plan.action()) {
            case CREATE -> api.createCall(id, calendarId, new NewEvent(plan.key(), plan.crmEventId(), plan.fields()));
            case UPDATE -> api.updateCall(id, calendarId, plan.providerEventId(), plan.baseEtag(), plan.fields());
            case DELETE -> api.deleteCall(id, calendarId, plan.providerEventId() != null ? plan.providerEventId() : plan.key(),
                    plan.baseEtag());
            case MOVE -> api.moveCall(id, calendarId, plan.providerEventId(), plan.destination())
                    .orElseThrow(() -> new IllegalStateException(api.provider().wireName() + " has no move: the job was refused"));
        };
    }

    /** Records every outcome (the item's own, or the batch's failure), then the job's counts. */
    private Uni<Void> settle(Mutiny.Session session, Job job, List<Outcome> outcomes, String owner) {
        List<UUID> ids = outcomes.stream().map(outcome -> outcome.plan().commandId()).toList();
        List<CommandSettlement.Settled> written = outcomes.stream().filter(outcome -> outcome.failure() == null)
                .map(outcome -> new CommandSettlement.Settled(outcome.plan(), outcome.result())).toList();
        return settlement.settleAll(session, written, owner)
                .chain(() -> Multi.createFrom().iterable(outcomes).filter(outcome -> outcome.failure() != null)
                        .onItem().transformToUniAndConcatenate(outcome -> runner.failed(session, outcome.plan(), outcome.failure(), owner))
                        .collect().asList())
                .chain(() -> commands.list("id in ?1", ids))
                .chain(items -> progress.record(session, job.batchId(), items.stream().filter(item -> owner.equals(item.leaseOwner)).toList(),
                        clock.instant()))
                .replaceWithVoid();
    }
}
