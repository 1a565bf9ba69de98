package com.crm.integrations.mailchimp.command;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.payload.AudienceLinkState;
import com.crm.integrations.common.events.payload.CampaignCommandAction;
import com.crm.integrations.common.events.payload.MailchimpCommandKind;
import com.crm.integrations.common.events.payload.SubscriberSource;
import com.crm.integrations.common.outbox.Outbox;
import com.crm.integrations.common.retry.Backoff;
import com.crm.integrations.common.retry.FailureCategory;
import com.crm.integrations.common.retry.ProviderCallException;
import com.crm.integrations.common.security.TenantId;
import com.crm.integrations.common.settings.TenantSettingsStore;
import com.crm.integrations.common.settings.Versioned;
import com.crm.integrations.common.slots.SlotsBusyException;
import com.crm.integrations.mailchimp.AudienceLink;
import com.crm.integrations.mailchimp.MailchimpSettings;
import com.crm.integrations.mailchimp.client.MailchimpRejectedException;
import com.crm.integrations.mailchimp.command.MailchimpCommand.CommandState;
import com.crm.integrations.mailchimp.config.MailchimpConfig;
import com.crm.integrations.mailchimp.repository.CampaignRows;
import com.crm.integrations.mailchimp.repository.CommandRows;
import com.crm.integrations.mailchimp.repository.LinkRows;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Runs one leased command to its outcome and records it: done (the members Mailchimp answered projected, the answer and
 * the steps' events appended, in one transaction), failed for good ({@code mailchimp.command-failed.v1}), or tried again
 * later — Mailchimp down or its breaker open (backoff), the account throttled (its wait), no connection of the account
 * free (soon, uncounted), the audience paused (a minute, uncounted) — until the command's time is up ({@code gave_up},
 * or {@code audience_paused}). A replica that lost the lease (it died, or ran past it) records nothing.
 */
@ApplicationScoped
public class CommandRunner {

    private static final Logger LOG = Logger.getLogger(CommandRunner.class);
    private static final Duration PAUSED_RECHECK = Duration.ofMinutes(1);
    private static final Duration BUSY_RECHECK = Duration.ofMillis(500);

    private final Pool pool;
    private final CommandRows commands;
    private final LinkRows links;
    private final CampaignRows campaigns;
    private final MemberRunner members;
    private final SubscribeRunner subscribes;
    private final CampaignRunner campaignRunner;
    private final MemberProjection projection;
    private final TenantSettingsStore settings;
    private final Outbox outbox;
    private final Commands json;
    private final MailchimpConfig.Commands config;
    private final Clock clock;
    private final MeterRegistry metrics;

    public CommandRunner(Pool pool, CommandRows commands, LinkRows links, CampaignRows campaigns, MemberRunner members,
            SubscribeRunner subscribes, CampaignRunner campaignRunner, MemberProjection projection, TenantSettingsStore settings,
            Outbox outbox, Commands json, MailchimpConfig config, Clock clock, MeterRegistry metrics) {
        this.pool = pool;
        this.commands = commands;
        this.links = links;
        this.campaigns = campaigns;
        this.members = members;
        this.subscribes = subscribes;
        this.campaignRunner = campaignRunner;
        this.projection = projection;
        this.settings = settings;
        this.outbox = outbox;
        this.json = json;
        this.config = config.commands();
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Runs the command {@code owner} leased; nothing when the lease is gone. */
    public Uni<Void> run(UUID id, String owner) {
        return commands.leased(id, owner).chain(leased -> leased.isEmpty() ? Uni.createFrom().voidItem()
                : attempt(leased.get(), owner)
                        .onFailure().recoverWithItem(failure -> retryOf(leased.get(), failure))
                        .chain(outcome -> record(leased.get(), owner, outcome)));
    }

    private Uni<Outcome> attempt(MailchimpCommand command, String owner) {
        if (clock.instant().isAfter(command.giveUpAt())) {
            return Uni.createFrom().item(gaveUp(command, FailureCategory.TRANSIENT, command.lastError()));
        }
        return linkOf(command).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(command.kind() == MailchimpCommandKind.CAMPAIGN && command.linkId() == null
                        ? Outcome.Failed.permanent(CommandAnswers.NOT_FOUND, null,
                                "The tenant has no Mailchimp campaign " + command.payload().getString("campaignId") + " made through the CRM.")
                        : Outcome.Failed.permanent(CommandAnswers.NO_AUDIENCE, null,
                                "The audience was unlinked before the command was carried out."));
            }
            AudienceLink link = found.get();
            if (link.state() == AudienceLinkState.PAUSED) {
                return Uni.createFrom().item(new Outcome.Retry(PAUSED_RECHECK,
                        "The audience's Mailchimp connection needs reconnecting; the command waits for it.", true, FailureCategory.AUTH));
            }
            switch (command.kind()) {
                case MEMBER:
                    return members.run(command, link);
                case SUBSCRIBE:
                    return subscribes.run(command, link, owner);
                default:
                    return campaignRunner.run(command, link, owner);
            }
        });
    }

    /** The command's link: its own, or for a command on a campaign the campaign's (empty when the tenant has no such campaign). */
    private Uni<Optional<AudienceLink>> linkOf(MailchimpCommand command) {
        if (command.kind() == MailchimpCommandKind.CAMPAIGN
                && !CampaignCommandAction.CREATE.wireName().equals(command.action())) {
            return campaigns.find(command.tenantId(), command.payload().getString("campaignId"))
                    .chain(campaign -> campaign.isEmpty() ? Uni.createFrom().item(Optional.<AudienceLink>empty())
                            : links.byId(campaign.get().linkId()));
        }
        return command.linkId() == null ? Uni.createFrom().item(Optional.empty()) : links.byId(command.linkId());
    }

    private Outcome retryOf(MailchimpCommand command, Throwable failure) {
        if (failure instanceof SlotsBusyException) {
            return new Outcome.Retry(BUSY_RECHECK, "Every Mailchimp connection of the account was busy.", true, FailureCategory.RATE_LIMIT);
        }
        if (failure instanceof MailchimpRejectedException) {
            return new Outcome.Retry(PAUSED_RECHECK, "Mailchimp refuses the connection's credentials: it needs reconnecting.", true,
                    FailureCategory.AUTH);
        }
        if (failure instanceof ProviderCallException call) {
            if (call.category() == FailureCategory.RATE_LIMIT) {
                // The account waits (mailchimp_account): the claim leaves it alone until then.
                return new Outcome.Retry(Duration.ZERO, "Mailchimp throttled the account (429).", false, FailureCategory.RATE_LIMIT);
            }
            if (call.category() == FailureCategory.PERMANENT) {
                return Outcome.Failed.permanent(CommandAnswers.PROVIDER_REFUSED, call.providerCode(),
                        "Mailchimp refused the command's " + call.operation() + " call.");
            }
            String why = call.breakerOpen() ? "Mailchimp is failing: calls to it are paused."
                    : "Mailchimp did not answer well (" + (call.status() == 0 ? "no answer" : "HTTP " + call.status()) + ").";
            return new Outcome.Retry(null, why, false, FailureCategory.TRANSIENT);
        }
        LOG.warnf("Command %s of tenant %s: attempt failed: %s", command.commandId(), command.tenantId(), failure.toString());
        return new Outcome.Retry(null, "The attempt failed on our side; it is tried again.", false, FailureCategory.TRANSIENT);
    }

    private Uni<Void> record(MailchimpCommand command, String owner, Outcome outcome) {
        return settle(command, owner, outcome).invoke(() -> metrics.counter("mailchimp_command_attempts_total",
                "command", command.kind().wireName(), "outcome", outcomeOf(outcome)).increment());
    }

    /** The attempt's outcome as the metric names it: completed, failed, retried. */
    private static String outcomeOf(Outcome outcome) {
        return outcome instanceof Outcome.Done ? "completed" : outcome instanceof Outcome.Failed ? "failed" : "retried";
    }

    private Uni<Void> settle(MailchimpCommand command, String owner, Outcome outcome) {
        Instant now = clock.instant();
        if (outcome instanceof Outcome.Retry retry) {
            Duration wait = retry.delay() != null ? retry.delay()
                    : Backoff.fullJitter(Math.max(1, command.attempts()), config.minRetryDelay(), config.maxRetryDelay(),
                            bound -> ThreadLocalRandom.current().nextLong(bound));
            Instant at = now.plus(wait);
            if (at.isAfter(command.giveUpAt())) {
                return settle(command, owner, gaveUp(command, retry.category(), retry.error()));
            }
            return commands.retry(command.id(), owner, at, retry.error(), retry.uncounted(), now);
        }
        return mapping(command.tenantId()).chain(mapping -> pool.withTransaction(tx -> commands.held(tx, command.id(), owner)
                .chain(held -> {
                    if (held.isEmpty()) {
                        return Uni.createFrom().voidItem(); // the lease lapsed: the replica that took it over records it
                    }
                    if (outcome instanceof Outcome.Done done) {
                        UUID linkId = linkIdOf(command, done);
                        return (linkId == null ? Uni.createFrom().item(List.<Outbox.Event>of())
                                : projection.apply(tx, linkId, done.members(), SubscriberSource.COMMAND, mapping, now))
                                .chain(changed -> {
                                    List<Outbox.Event> events = new ArrayList<>(changed);
                                    events.addAll(done.events());
                                    events.add(new Outbox.Event(EventType.MAILCHIMP_COMMAND_COMPLETED, new TenantId(command.tenantId()),
                                            done.answer()));
                                    return commands.finish(tx, command.id(), CommandState.COMPLETED,
                                            new JsonObject().put("completed", json.toJson(done.answer())), now)
                                            .chain(() -> outbox.appendAll(tx, events));
                                });
                    }
                    Outcome.Failed failed = (Outcome.Failed) outcome;
                    var payload = CommandAnswers.failed(command, failed.campaignId() != null ? failed.campaignId()
                            : command.progress().getString("campaignId", command.payload().getString("campaignId")),
                            failed.category(), failed.code(), failed.providerCode(), failed.reason(), failed.problems(),
                            held.get().attempts(), now);
                    return commands.finish(tx, command.id(), CommandState.FAILED, new JsonObject().put("failed", json.toJson(payload)), now)
                            .chain(() -> outbox.append(tx, EventType.MAILCHIMP_COMMAND_FAILED, new TenantId(command.tenantId()), payload));
                }))).replaceWithVoid();
    }

    private static UUID linkIdOf(MailchimpCommand command, Outcome.Done done) {
        return done.members().isEmpty() ? null : command.linkId();
    }

    private Outcome gaveUp(MailchimpCommand command, FailureCategory category, String lastError) {
        if (category == FailureCategory.AUTH) {
            return new Outcome.Failed(FailureCategory.AUTH, CommandAnswers.AUDIENCE_PAUSED, null,
                    "The audience's Mailchimp connection stayed unusable until the command's time was up: reconnect it and send the command again.",
                    List.of(), null);
        }
        return new Outcome.Failed(category == FailureCategory.RATE_LIMIT ? FailureCategory.RATE_LIMIT : FailureCategory.TRANSIENT,
                CommandAnswers.GAVE_UP, null, "Mailchimp kept failing until the command's time was up"
                        + (lastError == null ? "." : ": " + lastError), List.of(), null);
    }

    private Uni<Map<String, String>> mapping(String tenant) {
        return settings.find(new TenantId(tenant), MailchimpSettings.class, MailchimpSettings.DEFAULTS)
                .map(Versioned::value).map(MailchimpSettings::fieldMappingOrDefault);
    }
}
