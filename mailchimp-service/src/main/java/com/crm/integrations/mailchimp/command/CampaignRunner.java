package com.crm.integrations.mailchimp.command;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.payload.CampaignChange;
import com.crm.integrations.common.events.payload.CampaignChangedV1;
import com.crm.integrations.common.events.payload.CampaignCommandAction;
import com.crm.integrations.common.events.payload.CampaignStatus;
import com.crm.integrations.common.events.payload.MailchimpCampaignCommandV1;
import com.crm.integrations.common.events.payload.MailchimpCommandCompletedV1;
import com.crm.integrations.common.events.payload.MailchimpCommandKind;
import com.crm.integrations.common.events.payload.WireNamed;
import com.crm.integrations.common.outbox.Outbox;
import com.crm.integrations.common.retry.FailureCategory;
import com.crm.integrations.common.security.TenantId;
import com.crm.integrations.mailchimp.AudienceLink;
import com.crm.integrations.mailchimp.client.MailchimpApi;
import com.crm.integrations.mailchimp.client.Refusal;
import com.crm.integrations.mailchimp.repository.CampaignRows;
import com.crm.integrations.mailchimp.repository.CommandRows;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * A campaign command, step by step, each step once however often the command is retried: create (the campaign's id
 * recorded with its {@code campaign.changed.v1} before anything else), content, then send or schedule. Steps that are
 * not idempotent at Mailchimp are made so here: a create whose answer was lost is found again among the audience's
 * campaigns created since (same title) rather than made twice; a send whose answer was lost is found sent. A send
 * Mailchimp refuses fails with the blocking items of its send checklist ({@code not_ready}).
 */
@ApplicationScoped
public class CampaignRunner {

    /** Leeway for the clocks of Mailchimp and ours when a lost create is looked for. */
    private static final Duration CLOCK_LEEWAY = Duration.ofMinutes(5);

    private final Pool pool;
    private final CommandRows commands;
    private final CampaignRows campaigns;
    private final MailchimpApi mailchimp;
    private final Outbox outbox;
    private final Commands json;
    private final Clock clock;

    public CampaignRunner(Pool pool, CommandRows commands, CampaignRows campaigns, MailchimpApi mailchimp, Outbox outbox, Commands json,
            Clock clock) {
        this.pool = pool;
        this.commands = commands;
        this.campaigns = campaigns;
        this.mailchimp = mailchimp;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
    }

    /** Where the command stands between steps. */
    private record State(MailchimpCommand stored, MailchimpCampaignCommandV1 command, AudienceLink link, String owner,
            String campaignId, String audienceId, String subject, CampaignStatus status, JsonObject progress) {

        State with(String campaignId, CampaignStatus status, JsonObject progress) {
            return new State(stored, command, link, owner, campaignId, audienceId, subject, status, progress);
        }
    }

    Uni<Outcome> run(MailchimpCommand stored, AudienceLink link, String owner) {
        MailchimpCampaignCommandV1 command = json.fromJson(stored.payload(), MailchimpCampaignCommandV1.class);
        if (command.action() == CampaignCommandAction.CREATE) {
            State state = new State(stored, command, link, owner, stored.progress().getString("campaignId"), link.audienceId(),
                    command.settings().subjectLine(), CampaignStatus.SAVE, stored.progress().copy());
            return (state.campaignId() != null ? Uni.createFrom().item(Either.of(state)) : create(state))
                    .chain(created -> created.then(this::content))
                    .chain(filled -> filled.then(this::delivery))
                    .map(done -> done.outcome != null ? done.outcome : completed(done.state));
        }
        return campaigns.find(stored.tenantId(), command.campaignId()).chain(found -> {
            CampaignRows.Campaign campaign = found.orElseThrow();
            State state = new State(stored, command, link, owner, campaign.campaignId(), campaign.audienceId(), campaign.subject(),
                    WireNamed.fromWireName(CampaignStatus.class, campaign.status()), stored.progress().copy());
            Uni<Either> step;
            switch (command.action()) {
                case SET_CONTENT:
                    step = content(state);
                    break;
                case UNSCHEDULE:
                    step = unschedule(state);
                    break;
                default:
                    step = delivery(state);
            }
            return step.map(done -> done.outcome != null ? done.outcome : completed(done.state));
        });
    }

    /** A step's result: the state to go on from, or the outcome that ends the command here. */
    private static final class Either {
        final State state;
        final Outcome outcome;

        private Either(State state, Outcome outcome) {
            this.state = state;
            this.outcome = outcome;
        }

        static Either of(State state) {
            return new Either(state, null);
        }

        static Either end(Outcome outcome) {
            return new Either(null, outcome);
        }

        Uni<Either> then(Function<State, Uni<Either>> next) {
            return outcome != null ? Uni.createFrom().item(this) : next.apply(state);
        }
    }

    private Uni<Either> create(State state) {
        Uni<Optional<String>> lost = state.progress().getBoolean("createTried", false) ? lostCreate(state)
                : Uni.createFrom().item(Optional.empty());
        return lost.chain(found -> {
            if (found.isPresent()) {
                return created(state, found.get(), List.of());
            }
            // Recorded before the call: an attempt that follows one whose answer was lost looks for the campaign first.
            return step(state, new JsonObject().put("createTried", true), List.of(), null)
                    .chain(() -> mailchimp.createCampaign(state.link().connectionId(), campaignBody(state)))
                    .chain(answer -> answer.ok() ? created(state, answer.body().getString("id"), List.of())
                            : Uni.createFrom().item(Either.end(refused(answer.refusal(), null))));
        });
    }

    private Uni<Optional<String>> lostCreate(State state) {
        String title = titleOf(state.command());
        return mailchimp.campaignsSince(state.link().connectionId(), state.audienceId(),
                state.stored().receivedAt().minus(CLOCK_LEEWAY)).map(found -> found.stream()
                        .filter(campaign -> title.equals(campaign.getJsonObject("settings", new JsonObject()).getString("title")))
                        .map(campaign -> campaign.getString("id")).findFirst());
    }

    private Uni<Either> created(State state, String campaignId, List<Outbox.Event> more) {
        Instant now = clock.instant();
        CampaignRows.Campaign row = new CampaignRows.Campaign(campaignId, state.stored().tenantId(), state.audienceId(),
                state.link().id(), state.subject(), CampaignStatus.SAVE.wireName());
        List<Outbox.Event> events = new ArrayList<>(more);
        events.add(changed(state, campaignId, CampaignStatus.SAVE, CampaignChange.CREATED, now));
        return step(state, new JsonObject().put("campaignId", campaignId), events, row)
                .map(ignored -> Either.of(state.with(campaignId, CampaignStatus.SAVE, state.progress().copy().put("campaignId", campaignId))));
    }

    private Uni<Either> content(State state) {
        if (state.command().content() == null || state.progress().getBoolean("contentSet", false)) {
            return Uni.createFrom().item(Either.of(state));
        }
        JsonObject body = state.command().content().html() != null ? new JsonObject().put("html", state.command().content().html())
                : new JsonObject().put("plain_text", state.command().content().plainText());
        return mailchimp.setContent(state.link().connectionId(), state.campaignId(), body).chain(answer -> {
            if (!answer.ok()) {
                return Uni.createFrom().item(Either.end(refused(answer.refusal(), state.campaignId())));
            }
            List<Outbox.Event> events = List.of(changed(state, state.campaignId(), state.status(), CampaignChange.UPDATED, clock.instant()));
            return step(state, new JsonObject().put("contentSet", true), events, null).map(ignored -> Either.of(state));
        });
    }

    /** Send or schedule, as the command asks (a create asking neither ends with the content). */
    private Uni<Either> delivery(State state) {
        MailchimpCampaignCommandV1 command = state.command();
        if (command.sends()) {
            return state.progress().getBoolean("sent", false) ? Uni.createFrom().item(Either.of(state.with(state.campaignId(),
                    CampaignStatus.SENDING, state.progress()))) : send(state);
        }
        if (command.scheduleAt() != null) {
            return schedule(state, command.scheduleAt());
        }
        return Uni.createFrom().item(Either.of(state));
    }

    private Uni<Either> send(State state) {
        String connection = state.link().connectionId();
        return step(state, new JsonObject().put("sendTried", true), List.of(), null)
                .chain(() -> mailchimp.send(connection, state.campaignId()))
                .chain(answer -> {
                    if (answer.ok()) {
                        return sent(state);
                    }
                    if (answer.status() == 404) {
                        return Uni.createFrom().item(Either.end(notFound(state)));
                    }
                    return mailchimp.campaign(connection, state.campaignId()).chain(campaign -> {
                        CampaignStatus status = statusOf(campaign.body());
                        if (status == CampaignStatus.SENDING || status == CampaignStatus.SENT) {
                            // Sent already: by an earlier attempt of this command whose answer was lost, or by someone else.
                            return state.stored().progress().getBoolean("sendTried", false) ? sent(state)
                                    : Uni.createFrom().item(Either.end(new Outcome.Failed(FailureCategory.PERMANENT,
                                            CommandAnswers.ALREADY_SENT, "BadRequest", "The campaign was sent already.", List.of(),
                                            state.campaignId())));
                        }
                        return notReady(state, answer.refusal());
                    });
                });
    }

    private Uni<Either> sent(State state) {
        Instant now = clock.instant();
        List<Outbox.Event> events = List.of(changed(state, state.campaignId(), CampaignStatus.SENDING, CampaignChange.SEND_REQUESTED, now));
        return pool.withTransaction(tx -> campaigns.status(tx, state.campaignId(), CampaignStatus.SENDING.wireName(), now))
                .chain(() -> step(state, new JsonObject().put("sent", true), events, null))
                .map(ignored -> Either.of(state.with(state.campaignId(), CampaignStatus.SENDING, state.progress())));
    }

    private Uni<Either> schedule(State state, Instant at) {
        return mailchimp.schedule(state.link().connectionId(), state.campaignId(), at).chain(answer -> {
            if (answer.status() == 404) {
                return Uni.createFrom().item(Either.end(notFound(state)));
            }
            if (!answer.ok()) {
                return notReady(state, answer.refusal());
            }
            return moved(state, CampaignStatus.SCHEDULE);
        });
    }

    private Uni<Either> unschedule(State state) {
        return mailchimp.unschedule(state.link().connectionId(), state.campaignId()).chain(answer -> {
            if (answer.status() == 404) {
                return Uni.createFrom().item(Either.end(notFound(state)));
            }
            if (!answer.ok()) {
                return Uni.createFrom().item(Either.end(refused(answer.refusal(), state.campaignId())));
            }
            return moved(state, CampaignStatus.SAVE);
        });
    }

    private Uni<Either> moved(State state, CampaignStatus status) {
        Instant now = clock.instant();
        List<Outbox.Event> events = List.of(changed(state, state.campaignId(), status, CampaignChange.UPDATED, now));
        return pool.withTransaction(tx -> campaigns.status(tx, state.campaignId(), status.wireName(), now))
                .chain(() -> step(state, new JsonObject(), events, null))
                .map(ignored -> Either.of(state.with(state.campaignId(), status, state.progress())));
    }

    /** Mailchimp would not send (or schedule) it: the send checklist's blocking items say why. */
    private Uni<Either> notReady(State state, Refusal refusal) {
        return mailchimp.sendChecklist(state.link().connectionId(), state.campaignId()).map(checklist -> {
            List<String> problems = new ArrayList<>();
            JsonArray items = checklist.getJsonArray("items", new JsonArray());
            for (int i = 0; i < items.size(); i++) {
                JsonObject item = items.getJsonObject(i);
                if ("error".equals(item.getString("type"))) {
                    problems.add(CommandAnswers.sentence(item.getString("heading", "Not ready")
                            + (item.getString("details") == null ? "" : ": " + item.getString("details"))));
                }
            }
            if (problems.isEmpty() && checklist.getBoolean("is_ready", false)) {
                return Either.end(refused(refusal, state.campaignId()));
            }
            return Either.end(new Outcome.Failed(FailureCategory.PERMANENT, CommandAnswers.NOT_READY,
                    refusal.title() == null ? null : refusal.title().replace(" ", ""),
                    "Mailchimp will not send the campaign yet: its send checklist names what to fix.", problems, state.campaignId()));
        });
    }

    /** Records a step done (progress, the campaign, events) in one transaction, while the command is still ours. */
    private Uni<Void> step(State state, JsonObject progress, List<Outbox.Event> events, CampaignRows.Campaign created) {
        Instant now = clock.instant();
        return pool.withTransaction(tx -> commands.progress(tx, state.stored().id(), state.owner(), progress, now).chain(held -> {
            if (!held) {
                return Uni.createFrom().failure(new IllegalStateException("the command's lease was lost"));
            }
            Uni<Void> row = created == null ? Uni.createFrom().voidItem() : campaigns.created(tx, created, state.stored().commandId(), now);
            return row.chain(() -> events.isEmpty() ? Uni.createFrom().voidItem() : outbox.appendAll(tx, events).replaceWithVoid());
        }));
    }

    private Outcome completed(State state) {
        return new Outcome.Done(new MailchimpCommandCompletedV1(state.stored().commandId(), MailchimpCommandKind.CAMPAIGN,
                state.stored().action(), state.audienceId(), null, null, state.campaignId(), state.status(), null, List.of(), 0,
                clock.instant()), List.of(), List.of());
    }

    private Outbox.Event changed(State state, String campaignId, CampaignStatus status, CampaignChange change, Instant now) {
        return new Outbox.Event(EventType.CAMPAIGN_CHANGED, new TenantId(state.stored().tenantId()),
                new CampaignChangedV1(campaignId, state.audienceId(), state.subject(), status, change, now));
    }

    private static Outcome notFound(State state) {
        return new Outcome.Failed(FailureCategory.PERMANENT, CommandAnswers.NOT_FOUND, "ResourceNotFound",
                "Mailchimp has no campaign " + state.campaignId() + " any more.", List.of(), state.campaignId());
    }

    private static Outcome refused(Refusal refusal, String campaignId) {
        return new Outcome.Failed(FailureCategory.PERMANENT, CommandAnswers.PROVIDER_REFUSED,
                refusal.title() == null ? null : refusal.title().replace(" ", ""),
                "Mailchimp refused the campaign" + (refusal.fields().isEmpty() ? "." : " (" + String.join(", ", refusal.fields()) + ")."),
                List.of(), campaignId);
    }

    private static JsonObject campaignBody(State state) {
        MailchimpCampaignCommandV1 command = state.command();
        JsonObject settings = new JsonObject().put("subject_line", command.settings().subjectLine())
                .put("from_name", command.settings().fromName()).put("reply_to", command.settings().replyTo())
                .put("title", titleOf(command));
        if (command.settings().previewText() != null) {
            settings.put("preview_text", command.settings().previewText());
        }
        return new JsonObject().put("type", "regular").put("recipients", new JsonObject().put("list_id", state.audienceId()))
                .put("settings", settings);
    }

    private static String titleOf(MailchimpCampaignCommandV1 command) {
        return command.settings().title() != null ? command.settings().title() : command.settings().subjectLine();
    }

    private static CampaignStatus statusOf(JsonObject campaign) {
        try {
            return WireNamed.fromWireName(CampaignStatus.class, campaign.getString("status"));
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }
}
