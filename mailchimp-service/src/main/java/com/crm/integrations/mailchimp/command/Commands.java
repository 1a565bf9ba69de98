package com.crm.integrations.mailchimp.command;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.payload.CampaignCommandAction;
import com.crm.integrations.common.events.payload.MailchimpCampaignCommandV1;
import com.crm.integrations.common.events.payload.MailchimpCommandFailedV1;
import com.crm.integrations.common.events.payload.MailchimpCommandKind;
import com.crm.integrations.common.events.payload.MailchimpMemberCommandV1;
import com.crm.integrations.common.events.payload.MailchimpSubscribeCommandV1;
import com.crm.integrations.common.events.payload.MemberError;
import com.crm.integrations.common.outbox.Outbox;
import com.crm.integrations.common.problem.ConflictException;
import com.crm.integrations.common.problem.InvalidInputException;
import com.crm.integrations.common.problem.ResourceNotFoundException;
import com.crm.integrations.common.retry.FailureCategory;
import com.crm.integrations.common.security.Caller;
import com.crm.integrations.common.security.TenantId;
import com.crm.integrations.common.settings.TenantSettingsStore;
import com.crm.integrations.common.settings.Versioned;
import com.crm.integrations.mailchimp.AudienceLink;
import com.crm.integrations.mailchimp.MailchimpSettings;
import com.crm.integrations.mailchimp.command.MailchimpCommand.CommandState;
import com.crm.integrations.mailchimp.config.MailchimpConfig;
import com.crm.integrations.mailchimp.repository.CommandRows;
import com.crm.integrations.mailchimp.repository.LinkRows;
import com.crm.integrations.mailchimp.webhook.SubscriberHash;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Takes the CRM's commands in, from {@code mailchimp.commands} ({@link CommandIntake}) and from the REST API alike, and
 * stores each for the {@link CommandWorker}. What can be known at once is decided at once: the audience (the command's,
 * or the tenant's default) must be one the tenant linked, and the fields must be what Mailchimp can take. Through REST a
 * command that breaks that is answered 404 / 422 and not stored; from the topic it is stored as failed and answered with
 * {@code mailchimp.command-failed.v1} in the consumer's transaction. A command id the tenant used before is carried out
 * once: a repeat through REST gets the first one back (or 409 when the key was used for another command).
 */
@ApplicationScoped
public class Commands {

    static final String FROM_KAFKA = "kafka";
    static final String FROM_REST = "rest";

    private final Pool pool;
    private final CommandRows commands;
    private final LinkRows links;
    private final TenantSettingsStore settings;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final CommandWorker worker;
    private final MailchimpConfig.Commands config;
    private final Clock clock;

    public Commands(Pool pool, CommandRows commands, LinkRows links, TenantSettingsStore settings, Outbox outbox, ObjectMapper json,
            CommandWorker worker, MailchimpConfig config, Clock clock) {
        this.pool = pool;
        this.commands = commands;
        this.links = links;
        this.settings = settings;
        this.outbox = outbox;
        this.json = json;
        this.worker = worker;
        this.config = config.commands();
        this.clock = clock;
    }

    /** A command stored through REST, and whether this call stored it (false: a repeat of its key). */
    public record Submitted(MailchimpCommand command, boolean isNew) {
    }

    /** Why a command cannot be carried out as it is, found before any call. */
    private record Refused(String code, String reason, List<String> problems) {
    }

    /** A command ready to store: pending, or refused. */
    private record Prepared(CommandRows.NewCommand row, Refused refused) {
    }

    /** Stores a command read from the topic, in the consumer's transaction; a repeated id stores nothing. */
    public Uni<Void> store(SqlConnection tx, TenantId tenant, String commandId, MailchimpCommandKind kind, Record payload, String source) {
        return prepare(tenant, commandId, kind, payload, FROM_KAFKA, source).chain(prepared -> commands.insert(tx, prepared.row())
                .chain(stored -> stored && prepared.refused() != null
                        ? outbox.append(tx, EventType.MAILCHIMP_COMMAND_FAILED, tenant, failedPayload(prepared)).replaceWithVoid()
                        : Uni.createFrom().voidItem()));
    }

    /** Stores a command given through REST ({@code key}: its Idempotency-Key, or null for a new id). */
    public Uni<Submitted> submit(Caller who, MailchimpCommandKind kind, Record payload, String key) {
        TenantId tenant = who.requireTenant();
        String commandId = key != null ? key : UUID.randomUUID().toString();
        return commands.find(pool, tenant.value(), commandId).chain(existing -> {
            if (existing.isPresent()) {
                return Uni.createFrom().item(repeat(existing.get(), kind, payload));
            }
            return prepare(tenant, commandId, kind, payload, FROM_REST, who.subject()).chain(prepared -> {
                if (prepared.refused() != null) {
                    return Uni.createFrom().failure(refusal(prepared.refused()));
                }
                return pool.withTransaction(tx -> commands.insert(tx, prepared.row()))
                        .chain(stored -> commands.find(pool, tenant.value(), commandId).map(found -> {
                            MailchimpCommand command = found.orElseThrow();
                            return stored ? new Submitted(command, true) : repeat(command, kind, payload);
                        }));
            });
        }).invoke(submitted -> {
            if (submitted.isNew()) {
                worker.wake();
            }
        });
    }

    /** The tenant's command of that id. */
    public Uni<MailchimpCommand> command(Caller who, String commandId) {
        return commands.find(pool, who.requireTenant().value(), commandId)
                .map(found -> found.orElseThrow(() -> new ResourceNotFoundException("No Mailchimp command " + commandId)));
    }

    /** The members a subscribe command could not write, in command order (those refused before any call first). */
    public Uni<List<MemberError>> errors(Caller who, String commandId, int offset, int limit) {
        return command(who, commandId).chain(found -> commands.chunks(pool, found.id())).map(chunks -> chunks.stream()
                .flatMap(chunk -> chunk.errors().stream())
                .skip(offset).limit(limit)
                .map(error -> fromJson((JsonObject) error, MemberError.class))
                .toList());
    }

    private Submitted repeat(MailchimpCommand existing, MailchimpCommandKind kind, Record payload) {
        if (existing.kind() != kind || !existing.payload().equals(toJson(payload))) {
            throw new ConflictException("The Idempotency-Key was used for another command");
        }
        return new Submitted(existing, false);
    }

    private Uni<Prepared> prepare(TenantId tenant, String commandId, MailchimpCommandKind kind, Record payload, String origin,
            String source) {
        Instant now = clock.instant();
        return settings.find(tenant, MailchimpSettings.class, MailchimpSettings.DEFAULTS).map(Versioned::value).chain(tenantSettings -> {
            String audienceId = audienceOf(payload, tenantSettings);
            Uni<Optional<AudienceLink>> link = audienceId == null ? Uni.createFrom().item(Optional.empty())
                    : links.find(tenant.value(), audienceId);
            return link.map(found -> {
                Refused refused = check(kind, payload, audienceId, found, tenantSettings.fieldMappingOrDefault(), now);
                String action = actionOf(kind, payload);
                JsonObject body = toJson(payload);
                UUID id = UUID.randomUUID();
                CommandRows.NewCommand row = new CommandRows.NewCommand(id, tenant.value(), commandId, kind, action, origin, source,
                        body, audienceId, found.map(AudienceLink::id).orElse(null), orderKey(kind, payload, audienceId, commandId),
                        refused == null ? CommandState.PENDING : CommandState.FAILED, now, now.plus(config.giveUpAfter()), null);
                if (refused == null) {
                    return new Prepared(row, null);
                }
                Prepared prepared = new Prepared(row, refused);
                CommandRows.NewCommand failed = new CommandRows.NewCommand(id, tenant.value(), commandId, kind, action, origin, source,
                        body, audienceId, row.linkId(), row.orderKey(), CommandState.FAILED, now, row.giveUpAt(),
                        new JsonObject().put("failed", toJson(failedPayload(prepared))));
                return new Prepared(failed, refused);
            });
        });
    }

    private static Refused check(MailchimpCommandKind kind, Record payload, String audienceId, Optional<AudienceLink> link,
            Map<String, String> mapping, Instant now) {
        boolean needsAudience = kind != MailchimpCommandKind.CAMPAIGN
                || ((MailchimpCampaignCommandV1) payload).action() == CampaignCommandAction.CREATE;
        if (needsAudience && audienceId == null) {
            return new Refused(CommandAnswers.NO_AUDIENCE, "The command names no audience and the tenant chose no default audience.",
                    List.of());
        }
        if (needsAudience && link.isEmpty()) {
            return new Refused(CommandAnswers.NO_AUDIENCE, "The tenant has not linked Mailchimp audience " + audienceId + ".", List.of());
        }
        List<String> problems;
        switch (kind) {
            case MEMBER:
                problems = CommandChecks.member((MailchimpMemberCommandV1) payload, mapping);
                break;
            case CAMPAIGN:
                problems = CommandChecks.campaign((MailchimpCampaignCommandV1) payload, now);
                break;
            default:
                problems = List.of(); // a subscribe command's members are checked one by one: one bad member fails only itself
        }
        return problems.isEmpty() ? null
                : new Refused(CommandAnswers.INVALID_COMMAND, "The command is invalid: " + String.join("; ", problems), problems);
    }

    private static RuntimeException refusal(Refused refused) {
        return CommandAnswers.NO_AUDIENCE.equals(refused.code()) ? new ResourceNotFoundException(refused.reason())
                : new InvalidInputException(refused.reason());
    }

    private MailchimpCommandFailedV1 failedPayload(Prepared prepared) {
        CommandRows.NewCommand row = prepared.row();
        MailchimpCommand command = new MailchimpCommand(row.id(), row.tenantId(), row.commandId(), row.kind(), row.action(), row.origin(),
                row.source(), row.payload(), row.audienceId(), row.linkId(), CommandState.FAILED, 0, row.receivedAt(), row.giveUpAt(),
                new JsonObject(), null, null, row.receivedAt(), row.receivedAt(), row.receivedAt());
        return CommandAnswers.failed(command, command.payload().getString("campaignId"), FailureCategory.PERMANENT,
                prepared.refused().code(), null, prepared.refused().reason(), List.of(), 0, row.receivedAt());
    }

    private static String audienceOf(Record payload, MailchimpSettings settings) {
        String named;
        if (payload instanceof MailchimpMemberCommandV1 member) {
            named = member.audienceId();
        } else if (payload instanceof MailchimpSubscribeCommandV1 subscribe) {
            named = subscribe.audienceId();
        } else {
            MailchimpCampaignCommandV1 campaign = (MailchimpCampaignCommandV1) payload;
            if (campaign.action() != CampaignCommandAction.CREATE) {
                return null; // the campaign's own audience, known once the campaign is looked up
            }
            named = campaign.audienceId();
        }
        return named != null ? named : settings.defaultAudienceId();
    }

    private static String actionOf(MailchimpCommandKind kind, Record payload) {
        switch (kind) {
            case MEMBER:
                return ((MailchimpMemberCommandV1) payload).action().wireName();
            case CAMPAIGN:
                return ((MailchimpCampaignCommandV1) payload).action().wireName();
            default:
                return "subscribe";
        }
    }

    /** Commands sharing it run one at a time, in arrival order: one member's, one campaign's. */
    private static String orderKey(MailchimpCommandKind kind, Record payload, String audienceId, String commandId) {
        switch (kind) {
            case MEMBER:
                return "member:" + audienceId + ":" + SubscriberHash.of(((MailchimpMemberCommandV1) payload).email());
            case CAMPAIGN:
                MailchimpCampaignCommandV1 campaign = (MailchimpCampaignCommandV1) payload;
                return campaign.campaignId() != null ? "campaign:" + campaign.campaignId() : "campaign-create:" + commandId;
            default:
                return "subscribe:" + commandId;
        }
    }

    JsonObject toJson(Record payload) {
        try {
            return new JsonObject(json.writeValueAsString(payload));
        } catch (JsonProcessingException unwritable) {
            throw new IllegalStateException("a command record is always JSON", unwritable);
        }
    }

    <T> T fromJson(JsonObject body, Class<T> type) {
        try {
            return json.readValue(body.encode(), type);
        } catch (JsonProcessingException unreadable) {
            throw new IllegalStateException("a stored command reads as its record", unreadable);
        }
    }
}
