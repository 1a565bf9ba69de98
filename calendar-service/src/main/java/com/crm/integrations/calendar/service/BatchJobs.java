package com.crm.integrations.calendar.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import com.crm.integrations.calendar.BatchState;
import com.crm.integrations.calendar.CalendarBatch;
import com.crm.integrations.calendar.CalendarCommand;
import com.crm.integrations.calendar.CalendarLink;
import com.crm.integrations.calendar.CalendarSyncSettings;
import com.crm.integrations.calendar.CommandState;
import com.crm.integrations.calendar.CrmEvent;
import com.crm.integrations.calendar.LinkState;
import com.crm.integrations.calendar.SyncDirection;
import com.crm.integrations.calendar.SyncedEvent;
import com.crm.integrations.calendar.config.CalendarConfig;
import com.crm.integrations.calendar.repository.CalendarBatchRepository;
import com.crm.integrations.calendar.repository.CalendarCommandRepository;
import com.crm.integrations.calendar.repository.CalendarLinkRepository;
import com.crm.integrations.calendar.repository.CrmEventRepository;
import com.crm.integrations.calendar.repository.SyncedEventRepository;
import com.crm.integrations.common.events.payload.CalendarBatchCommandV1;
import com.crm.integrations.common.events.payload.CalendarCommandAction;
import com.crm.integrations.common.events.payload.CalendarProvider;
import com.crm.integrations.common.problem.ConflictException;
import com.crm.integrations.common.problem.InvalidInputException;
import com.crm.integrations.common.problem.ResourceNotFoundException;
import com.crm.integrations.common.security.Caller;
import com.crm.integrations.common.security.TenantId;
import com.crm.integrations.common.settings.TenantSettingsStore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * Batch jobs: stored whole after every item was checked ({@link BatchChecks}, then against what is stored: the link,
 * the activities' events, the events a delete or move names or its filter selects), each item a command of the job,
 * in one transaction; sent by the {@link BatchWorker}; cancelled, retried and read here. A job is idempotent by its
 * key within the tenant ({@code Idempotency-Key}, the command's {@code ce_id}): the same request again answers the job
 * the first stored, another request under a used key is refused.
 */
@ApplicationScoped
public class BatchJobs {

    private static final Logger LOG = Logger.getLogger(BatchJobs.class);

    /** A stored job, and whether this request stored it. */
    public record Submitted(CalendarBatch batch, boolean isNew) {
    }

    /** Which items a listing shows. */
    public enum ItemFilter {
        ALL, PENDING, SUCCEEDED, FAILED, CANCELLED
    }

    private final CalendarBatchRepository batches;
    private final CalendarCommandRepository commands;
    private final CalendarLinkRepository links;
    private final CrmEventRepository crmEvents;
    private final SyncedEventRepository events;
    private final CalendarCommands intake;
    private final BatchProgress progress;
    private final TenantSettingsStore settings;
    private final BatchWorker worker;
    private final ObjectMapper json;
    private final CalendarConfig.Batches config;
    private final Clock clock;

    public BatchJobs(CalendarBatchRepository batches, CalendarCommandRepository commands, CalendarLinkRepository links,
            CrmEventRepository crmEvents, SyncedEventRepository events, CalendarCommands intake, BatchProgress progress,
            TenantSettingsStore settings, BatchWorker worker, ObjectMapper json, CalendarConfig config, Clock clock) {
        this.batches = batches;
        this.commands = commands;
        this.links = links;
        this.crmEvents = crmEvents;
        this.events = events;
        this.intake = intake;
        this.progress = progress;
        this.settings = settings;
        this.worker = worker;
        this.json = json;
        this.config = config.batches();
        this.clock = clock;
    }

    /**
     * Stores a job for a REST caller: a user for their own link, a tenant admin for any link of the tenant.
     *
     * @param key the job's key; null: a new random one
     */
    public Uni<Submitted> submit(Caller caller, BatchOrder order, String key) {
        TenantId tenant = caller.requireTenant();
        List<String> problems = BatchChecks.problems(order, CalendarBatch.MAX_ITEMS);
        if (!problems.isEmpty()) {
            throw new InvalidInputException("The batch is invalid: " + String.join("; ", problems));
        }
        String batchKey = key != null ? key : UUID.randomUUID().toString();
        String hash = hashOf(order);
        return settings.find(tenant, CalendarSyncSettings.class, CalendarSyncSettings.DEFAULTS).chain(tenantSettings -> {
            if (tenantSettings.value().direction() == SyncDirection.IMPORT_ONLY) {
                throw new ConflictException("The tenant's calendar sync is import_only: nothing is written to the provider's"
                        + " calendars (a tenant admin can change it in /calendar/settings).");
            }
            return Conflicts.retriedForCaller(() -> Panache.withTransaction(() -> batches.findByKey(tenant.value(), batchKey)
                    .chain(known -> {
                        if (known != null) {
                            if (!known.requestHash.equals(hash)) {
                                throw new ConflictException("Idempotency-Key " + batchKey + " was used for another batch");
                            }
                            return Uni.createFrom().item(new Submitted(known, false));
                        }
                        return linkFor(caller, order).chain(link -> Panache.getSession()
                                .chain(session -> store(session, tenant, link, order, batchKey, hash, CalendarCommand.FROM_REST,
                                        caller.subject())))
                                .map(batch -> new Submitted(batch, true));
                    })));
        }).invoke(submitted -> worker.wake());
    }

    /**
     * Stores a job from {@code calendar.batch-command.v1} in the consumer's transaction, under the command's id: checked
     * as a REST request is (at most {@value CalendarBatchCommandV1#MAX_ITEMS} items), and one that cannot run (bad items,
     * no such link, the tenant import_only) stored as failed and answered at once with
     * {@code calendar.batch-completed.v2} (state {@code failed}, the reason in it). A repeat of the id is the same job.
     */
    Uni<Void> storeCommand(Mutiny.Session session, TenantId tenant, String commandId, CalendarBatchCommandV1 command,
            String requestedBy) {
        BatchOrder order = orderOf(command);
        return batches.findByKey(tenant.value(), commandId).chain(known -> {
            if (known != null) {
                return Uni.createFrom().voidItem();
            }
            List<String> problems = BatchChecks.problems(order, CalendarBatchCommandV1.MAX_ITEMS);
            if (!problems.isEmpty()) {
                return refuse(session, tenant, commandId, null, command, "The batch is invalid: " + String.join("; ", problems),
                        requestedBy);
            }
            return settings.find(tenant, CalendarSyncSettings.class, CalendarSyncSettings.DEFAULTS).chain(tenantSettings -> {
                if (tenantSettings.value().direction() == SyncDirection.IMPORT_ONLY) {
                    return refuse(session, tenant, commandId, null, command,
                            "The tenant's calendar sync is import_only: nothing is written to the provider's calendars.", requestedBy);
                }
                return commandLink(tenant, command).chain(link -> {
                    if (link.problem() != null) {
                        return refuse(session, tenant, commandId, link.link(), command, link.problem(), requestedBy);
                    }
                    return Uni.createFrom().deferred(() -> store(session, tenant, link.link(), order, commandId, hashOf(order),
                            CalendarCommand.FROM_KAFKA, requestedBy))
                            .replaceWithVoid()
                            .onFailure(InvalidInputException.class).recoverWithUni(invalid -> refuse(session, tenant, commandId,
                                    link.link(), command, invalid.getMessage(), requestedBy));
                });
            });
        });
    }

    /** The link a command's job writes to, or why there is none: one of the user's, as a single command chooses it. */
    private record CommandLink(CalendarLink link, String problem) {
    }

    private Uni<CommandLink> commandLink(TenantId tenant, CalendarBatchCommandV1 command) {
        return links.list("tenantId = ?1 and ownerUserId = ?2", tenant.value(), command.userId()).map(candidates -> {
            List<CalendarLink> fitting = candidates.stream()
                    .filter(link -> command.linkId() == null ? link.state != LinkState.ENDED : link.id.toString().equals(command.linkId()))
                    .filter(link -> command.provider() == null || link.provider == command.provider())
                    .toList();
            if (fitting.size() > 1) {
                return new CommandLink(null, "The user has " + fitting.size() + " calendar links: the command must name linkId (or"
                        + " provider, when the links are at different providers).");
            }
            if (fitting.isEmpty()) {
                return new CommandLink(null, command.linkId() != null ? "The user has no calendar link " + command.linkId() + "."
                        : "The user has no calendar link" + (command.provider() == null ? "" : " at " + command.provider().wireName())
                                + ": nothing was written.");
            }
            CalendarLink link = fitting.get(0);
            return link.state == LinkState.ENDED
                    ? new CommandLink(link, "The calendar link ended with its connection: the user must connect the calendar again.")
                    : new CommandLink(link, null);
        });
    }

    /** Stores the command's job as failed (it never ran), with its one step and calendar.batch-completed.v2. */
    private Uni<Void> refuse(Mutiny.Session session, TenantId tenant, String commandId, CalendarLink link, CalendarBatchCommandV1 command,
            String reason, String requestedBy) {
        Instant now = clock.instant();
        CalendarBatch batch = new CalendarBatch();
        batch.id = UUID.randomUUID();
        batch.tenantId = tenant.value();
        batch.batchKey = commandId;
        batch.requestHash = hashOf(orderOf(command));
        batch.source = CalendarCommand.FROM_KAFKA;
        batch.linkId = link == null ? null : link.id;
        batch.ownerUserId = command.userId();
        batch.requestedBy = requestedBy;
        batch.operation = command.operation();
        batch.destinationCalendarId = command.destinationCalendarId();
        batch.state = BatchState.FAILED;
        batch.total = command.items() == null ? 0 : command.items().size();
        batch.failed = batch.total;
        batch.failureReason = CommandFailures.sentence(reason); // within CalendarBatchCompletedV2.FAILURE_REASON_MAX_LENGTH
        batch.createdAt = now;
        batch.finishedAt = now;
        LOG.infof("Refused batch command %s of tenant %s: %s", commandId, tenant.value(), batch.failureReason);
        return session.persist(batch).chain(session::flush).chain(() -> progress.refused(session, batch, now)).replaceWithVoid();
    }

    private static BatchOrder orderOf(CalendarBatchCommandV1 command) {
        List<BatchOrder.Item> items = command.items() == null ? null
                : command.items().stream().map(item -> new BatchOrder.Item(item.crmEventId(), item.eventId(), item.event())).toList();
        return new BatchOrder(command.linkId() == null ? null : UUID.fromString(command.linkId()), command.userId(), command.operation(),
                command.destinationCalendarId(), items, command.filter() == null ? null : command.filter().endedBefore(),
                command.filter() != null);
    }

    /** The job, if the caller may see it (its link's user, or a tenant admin); 404 otherwise. */
    @WithSession
    public Uni<CalendarBatch> find(Caller caller, UUID id) {
        TenantId tenant = caller.requireTenant();
        return batches.findById(id).map(batch -> {
            if (batch == null || !batch.tenantId.equals(tenant.value())
                    || !(caller.isTenantAdmin() || batch.ownerUserId.equals(caller.subject()))) {
                throw new ResourceNotFoundException("No calendar batch " + id);
            }
            return batch;
        });
    }

    /** The caller's jobs (a tenant admin: the tenant's), newest first. */
    @WithSession
    public Uni<List<CalendarBatch>> list(Caller caller, int limit) {
        TenantId tenant = caller.requireTenant();
        if (caller.isTenantAdmin()) {
            return batches.find("tenantId = ?1 order by createdAt desc", tenant.value()).page(0, limit).list();
        }
        return batches.find("tenantId = ?1 and ownerUserId = ?2 order by createdAt desc", tenant.value(), caller.subject())
                .page(0, limit).list();
    }

    /** The job's items after place {@code after} in the job, in its order, at most {@code limit}. */
    @WithSession
    public Uni<List<CalendarCommand>> items(Caller caller, UUID id, ItemFilter filter, int after, int limit) {
        return find(caller, id).chain(batch -> {
            String states = switch (filter) {
                case ALL -> "";
                case PENDING -> " and state in ('pending', 'running')";
                case SUCCEEDED -> " and state = 'succeeded'";
                case FAILED -> " and state in ('failed', 'conflict')";
                case CANCELLED -> " and state = 'cancelled'";
            };
            return commands.find("batchId = ?1 and batchSeq > ?2" + states + " order by batchSeq", batch.id, after).page(0, limit)
                    .list();
        });
    }

    /**
     * Stops sending the job's items: those not sent yet are cancelled at once, those being sent now are recorded as they
     * come back (so the job ends when they have). A finished job is left as it is.
     */
    public Uni<CalendarBatch> cancel(Caller caller, UUID id) {
        return find(caller, id).chain(seen -> Conflicts.retriedForCaller(() -> Panache.withTransaction(() -> batches.findLocked(id)
                .chain(batch -> {
                    if (batch.state.isFinished() || batch.cancelRequestedAt != null) {
                        return Uni.createFrom().item(batch);
                    }
                    Instant now = clock.instant();
                    batch.cancelRequestedAt = now;
                    return commands.update("state = ?1, outcome = 'not_done', finishedAt = ?2, version = version + 1"
                            + " where batchId = ?3 and state = ?4", CommandState.CANCELLED, now, batch.id, CommandState.PENDING)
                            .chain(cancelled -> {
                                batch.cancelled += cancelled;
                                if (batch.state == BatchState.QUEUED && batch.pending() == 0) {
                                    batch.startedAt = null;
                                }
                                return Panache.getSession().chain(session -> progress.step(session, batch, now));
                            });
                }))));
    }

    /** Sends the job's failed, retryable items again (and only those); the job runs again until they finish. */
    public Uni<CalendarBatch> retry(Caller caller, UUID id) {
        return find(caller, id).chain(seen -> Conflicts.retriedForCaller(() -> Panache.withTransaction(() -> batches.findLocked(id)
                .chain(batch -> {
                    Instant now = clock.instant();
                    return commands.update("state = ?1, nextAttemptAt = ?2, giveUpAt = ?3, finishedAt = null, outcome = null,"
                            + " retryable = false, version = version + 1 where batchId = ?4 and state = ?5 and retryable = true",
                            CommandState.PENDING, now, now.plus(config.giveUpAfter()), batch.id, CommandState.FAILED)
                            .chain(retried -> {
                                if (retried == 0) {
                                    return Uni.createFrom().item(batch);
                                }
                                batch.failed -= retried;
                                batch.state = BatchState.RUNNING;
                                batch.finishedAt = null;
                                return Panache.getSession().chain(session -> progress.step(session, batch, now));
                            });
                }))))
                .invoke(batch -> worker.wake());
    }

    /** The link a job writes to: the one named (visible to the caller), or the caller's only one. */
    private Uni<CalendarLink> linkFor(Caller caller, BatchOrder order) {
        String tenantId = caller.requireTenant().value();
        if (order.linkId() != null) {
            return links.findById(order.linkId()).map(link -> {
                if (link == null || !link.visibleTo(caller)) {
                    throw new ResourceNotFoundException("No calendar link " + order.linkId());
                }
                if (link.state == LinkState.ENDED) {
                    throw new ConflictException("The calendar link ended with its connection: the user must connect the calendar"
                            + " again.");
                }
                return link;
            });
        }
        String owner = order.userId() != null ? order.userId() : caller.subject();
        return links.list("tenantId = ?1 and ownerUserId = ?2 and state <> ?3", tenantId, owner, LinkState.ENDED).map(found -> {
            if (found.size() == 1) {
                return found.get(0);
            }
            throw new InvalidInputException(found.isEmpty() ? "linkId: the user has no calendar link"
                    : "linkId: required: the user has " + found.size() + " calendar links");
        });
    }

    /**
     * Checks the order against what is stored and stores the job with its items, in the session's transaction.
     *
     * @param source {@link CalendarCommand#FROM_REST} or {@link CalendarCommand#FROM_KAFKA}
     */
    Uni<CalendarBatch> store(Mutiny.Session session, TenantId tenant, CalendarLink link, BatchOrder order, String batchKey,
            String hash, String source, String requestedBy) {
        CalendarCommandAction operation = order.operation();
        if (operation == CalendarCommandAction.MOVE && link.provider == CalendarProvider.MICROSOFT) {
            throw new InvalidInputException("operation: Outlook (Microsoft Graph) has no move of an event between calendars (a copy"
                    + " and a delete would make a new event, with a new id and without its attendees' answers): a move is"
                    + " Google Calendar's only");
        }
        if (operation == CalendarCommandAction.MOVE && order.destination().equals(link.calendarId)) {
            throw new InvalidInputException("destinationCalendarId: the link's own calendar; a move goes to another calendar of the"
                    + " account");
        }
        return resolve(tenant, link, order).chain(items -> {
            Instant now = clock.instant();
            CalendarBatch batch = new CalendarBatch();
            batch.id = UUID.randomUUID();
            batch.tenantId = tenant.value();
            batch.batchKey = batchKey;
            batch.requestHash = hash;
            batch.source = source;
            batch.linkId = link.id;
            batch.ownerUserId = link.ownerUserId;
            batch.requestedBy = requestedBy;
            batch.operation = operation;
            batch.destinationCalendarId = order.destination();
            batch.state = BatchState.QUEUED;
            batch.total = items.size();
            batch.createdAt = now;
            List<CalendarCommand> rows = new ArrayList<>(items.size());
            for (int seq = 0; seq < items.size(); seq++) {
                rows.add(item(batch, link, items.get(seq), seq, now));
            }
            Uni<Void> stored = session.persist(batch).chain(() -> session.persistAll(rows.toArray())).chain(session::flush);
            // A filter that selects nothing makes an empty job: done at once.
            return stored.chain(() -> batch.total == 0 ? progress.step(session, startedEmpty(batch, now), now)
                    : Uni.createFrom().item(batch));
        });
    }

    private static CalendarBatch startedEmpty(CalendarBatch batch, Instant now) {
        batch.startedAt = now;
        return batch;
    }

    private CalendarCommand item(CalendarBatch batch, CalendarLink link, BatchOrder.Item item, int seq, Instant now) {
        CalendarCommand command = new CalendarCommand();
        command.id = UUID.randomUUID();
        command.tenantId = batch.tenantId;
        command.commandId = "batch:" + batch.id + ":" + seq;
        command.source = batch.source;
        command.action = batch.operation;
        command.crmEventId = item.crmEventId();
        command.targetEventId = item.eventId();
        command.userId = link.ownerUserId;
        command.wantedLinkId = link.id;
        command.linkId = link.id;
        command.fields = intake.write(item.event());
        command.state = CommandState.PENDING;
        command.nextAttemptAt = now;
        command.giveUpAt = now.plus(config.giveUpAfter());
        command.requestedBy = batch.requestedBy;
        command.receivedAt = now;
        command.batchId = batch.id;
        command.batchSeq = seq;
        return command;
    }

    /**
     * The job's items as they are stored: each checked against the link (an activity's event in another link, an update
     * or move of an activity without an event here, an event id the link does not hold: 422 naming the item), a filter
     * turned into the events it selects, and an event that is a CRM activity's named as the activity (so its item runs in
     * turn with the activity's other commands).
     */
    private Uni<List<BatchOrder.Item>> resolve(TenantId tenant, CalendarLink link, BatchOrder order) {
        if (order.filtered()) {
            return events.list("linkId = ?1 and endsAt < ?2 and removedAtProvider = false order by endsAt, providerEventId", link.id,
                    order.endedBefore()).map(rows -> {
                        if (rows.size() > CalendarBatch.MAX_ITEMS) {
                            throw new InvalidInputException(String.format("filter: selects %,d events, more than the %,d a job holds:"
                                    + " narrow it (an earlier endedBefore)", rows.size(), CalendarBatch.MAX_ITEMS));
                        }
                        return rows.stream().map(BatchJobs::itemOf).toList();
                    });
        }
        List<BatchOrder.Item> items = order.items();
        List<String> activityIds = items.stream().map(BatchOrder.Item::crmEventId).filter(id -> id != null).toList();
        List<String> eventIds = items.stream().map(BatchOrder.Item::eventId).filter(id -> id != null).toList();
        Uni<List<CrmEvent>> known = activityIds.isEmpty() ? Uni.createFrom().item(List.of())
                : crmEvents.list("tenantId = ?1 and crmEventId in ?2", tenant.value(), activityIds);
        Uni<List<String>> pendingCreates = activityIds.isEmpty() || order.operation() == CalendarCommandAction.CREATE
                ? Uni.createFrom().item(List.of())
                : commands.find("select c.crmEventId from CalendarCommand c where c.tenantId = ?1 and c.crmEventId in ?2"
                        + " and c.action = ?3 and c.state in ?4 and c.linkId = ?5", tenant.value(), activityIds,
                        CalendarCommandAction.CREATE, List.of(CommandState.PENDING, CommandState.RUNNING), link.id)
                        .project(String.class).list();
        Uni<List<SyncedEvent>> named = eventIds.isEmpty() ? Uni.createFrom().item(List.of()) : events.byProviderIds(link.id, eventIds);
        return known.chain(crm -> pendingCreates.chain(creating -> named.map(rows -> {
            Map<String, CrmEvent> byActivity = new HashMap<>();
            crm.forEach(crmEvent -> byActivity.put(crmEvent.crmEventId, crmEvent));
            Set<String> beingCreated = new HashSet<>(creating);
            Map<String, SyncedEvent> byEvent = new HashMap<>();
            rows.forEach(row -> byEvent.put(row.providerEventId, row));
            List<String> problems = new ArrayList<>();
            List<BatchOrder.Item> resolved = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                BatchOrder.Item item = items.get(i);
                String at = "items[" + i + "]";
                if (item.eventId() != null) {
                    SyncedEvent row = byEvent.get(item.eventId());
                    if (row == null) {
                        problems.add(at + ".eventId: the link's calendar holds no event with this id");
                    } else {
                        resolved.add(itemOf(row));
                    }
                    continue;
                }
                CrmEvent crmEvent = byActivity.get(item.crmEventId());
                boolean live = crmEvent != null && !crmEvent.deleted;
                if (live && !crmEvent.linkId.equals(link.id)) {
                    problems.add(at + ".crmEventId: the activity's event is in another calendar link (" + crmEvent.linkId + ")");
                } else if ((order.operation() == CalendarCommandAction.UPDATE || order.operation() == CalendarCommandAction.MOVE)
                        && !live && !beingCreated.contains(item.crmEventId())) {
                    problems.add(at + ".crmEventId: the activity has no event in this calendar to " + order.operation().wireName());
                }
                resolved.add(item);
            }
            if (!problems.isEmpty()) {
                throw new InvalidInputException("The batch is invalid: " + String.join("; ", BatchChecks.listed(problems)));
            }
            return resolved;
        })));
    }

    /** A stored event as an item: its activity's, when it is one. */
    private static BatchOrder.Item itemOf(SyncedEvent row) {
        return row.crmEventId != null ? new BatchOrder.Item(row.crmEventId, null, null) : new BatchOrder.Item(null, row.providerEventId, null);
    }

    /** The request's fingerprint: a repeat under its key must be the same request. */
    String hashOf(BatchOrder order) {
        try {
            byte[] canonical = json.writeValueAsString(order).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("The batch cannot be fingerprinted", impossible);
        }
    }
}
