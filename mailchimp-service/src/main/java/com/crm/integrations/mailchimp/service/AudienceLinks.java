package com.crm.integrations.mailchimp.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.crm.integrations.common.events.payload.AudienceChange;
import com.crm.integrations.common.events.payload.AudienceLinkState;
import com.crm.integrations.common.problem.ConflictException;
import com.crm.integrations.common.problem.InvalidInputException;
import com.crm.integrations.common.problem.ResourceNotFoundException;
import com.crm.integrations.common.problem.UnavailableException;
import com.crm.integrations.common.retry.ProviderCallException;
import com.crm.integrations.common.security.Caller;
import com.crm.integrations.common.tokens.ConnectionFacts;
import com.crm.integrations.common.tokens.ConnectionUnusableException;
import com.crm.integrations.common.tokens.TokenServiceClient;
import com.crm.integrations.mailchimp.AudienceLink;
import com.crm.integrations.mailchimp.client.MailchimpAccounts;
import com.crm.integrations.mailchimp.client.MailchimpApi;
import com.crm.integrations.mailchimp.client.MailchimpRejectedException;
import com.crm.integrations.mailchimp.config.MailchimpConfig;
import com.crm.integrations.mailchimp.repository.HookRows;
import com.crm.integrations.mailchimp.repository.LinkRows;
import com.crm.integrations.mailchimp.rest.WebhookIngressRoute;
import com.crm.integrations.mailchimp.webhook.HookSecret;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Linking and unlinking audiences (docs/mailchimp.md). A link names the Mailchimp connection to call through, checked
 * at once with token-service (the caller's tenant's, Mailchimp, usable); its hook is stored first, so that Mailchimp's
 * validation GET finds it, then the webhook is registered at Mailchimp (events all six, sources user and admin, not api)
 * and the members import starts. What fails at Mailchimp undoes the stored link.
 */
@ApplicationScoped
public class AudienceLinks {

    private static final Logger LOG = Logger.getLogger(AudienceLinks.class);

    /** What a link request did. */
    public record Linked(AudienceLink link, boolean created) {
    }

    /** What an unlink did at Mailchimp: the webhook removed, already gone, or left (the credentials were refused). */
    public enum WebhookRemoval {
        REMOVED, ALREADY_GONE, LEFT_IN_PLACE
    }

    /** A rotation: the previous secret opens the hook until {@code previousValidUntil}. */
    public record Rotation(Instant rotatedAt, Instant previousValidUntil) {
    }

    private final Pool pool;
    private final LinkRows links;
    private final HookRows hooks;
    private final HookRegistry registry;
    private final MailchimpApi mailchimp;
    private final TokenServiceClient tokenService;
    private final AudienceEvents events;
    private final AudienceImporter importer;
    private final Clock clock;
    private final MailchimpConfig.Webhooks config;

    public AudienceLinks(Pool pool, LinkRows links, HookRows hooks, HookRegistry registry, MailchimpApi mailchimp,
            TokenServiceClient tokenService, AudienceEvents events, AudienceImporter importer, Clock clock,
            MailchimpConfig config) {
        this.pool = pool;
        this.links = links;
        this.hooks = hooks;
        this.registry = registry;
        this.mailchimp = mailchimp;
        this.tokenService = tokenService;
        this.events = events;
        this.importer = importer;
        this.clock = clock;
        this.config = config.webhooks();
    }

    public Uni<List<AudienceLink>> list(String tenantId) {
        return links.list(tenantId);
    }

    /** @throws ResourceNotFoundException (as a failure) when the tenant has not linked the audience */
    public Uni<AudienceLink> find(String tenantId, String audienceId) {
        return links.find(tenantId, audienceId).map(found -> found.orElseThrow(() -> notLinked(audienceId)));
    }

    /** Links the audience through the connection, or, when linked already, keeps it (same connection) or moves it to this one. */
    public Uni<Linked> link(Caller who, String audienceId, String connectionId) {
        String tenant = who.requireTenant().value();
        return checkedConnection(tenant, connectionId).chain(facts -> links.find(tenant, audienceId).chain(existing -> existing
                .map(link -> relink(link, connectionId, MailchimpAccounts.keyOf(facts)))
                .orElseGet(() -> create(tenant, audienceId, connectionId, MailchimpAccounts.keyOf(facts), who.subject()))));
    }

    private Uni<ConnectionFacts> checkedConnection(String tenant, String connectionId) {
        return tokenService.connection(connectionId)
                .onFailure(ConnectionUnusableException.class).transform(gone -> unknownConnection())
                .onFailure(ProviderCallException.class).transform(down -> new UnavailableException(
                        "token-service cannot be reached now to check the connection",
                        ((ProviderCallException) down).retryAfter().orElse(Duration.ofSeconds(5))))
                .invoke(facts -> {
                    if (!facts.belongsTo(tenant)) {
                        throw unknownConnection(); // another tenant's connection is none of this caller's business
                    }
                    if (!MailchimpApi.PROVIDER.equals(facts.provider())) {
                        throw new InvalidInputException("connectionId: the connection is to " + facts.provider() + ", not Mailchimp");
                    }
                    if (!facts.active()) {
                        throw new ConflictException("The connection cannot be used until it is reconnected (status "
                                + facts.status().wireName() + ")");
                    }
                });
    }

    private Uni<Linked> create(String tenant, String audienceId, String connectionId, String accountKey, String linkedBy) {
        UUID id = UUID.randomUUID();
        String hookId = HookSecret.newHookId();
        HookSecret secret = HookSecret.generate();
        Instant now = clock.instant();
        return pool.withTransaction(tx -> links.insert(tx, id, tenant, audienceId, connectionId, accountKey, hookId, linkedBy, now)
                        .chain(() -> hooks.addSecret(tx, hookId, secret.hash(), now)))
                .onFailure(failure -> failure.getMessage() != null && failure.getMessage().contains("audience_link_tenant_id_audience_id_key"))
                .transform(race -> new ConflictException("The audience is being linked by another request"))
                .chain(() -> mailchimp.audience(connectionId, audienceId))
                .chain(audience -> {
                    if (audience.isEmpty()) {
                        return Uni.createFrom().failure(new InvalidInputException(
                                "audienceId: the Mailchimp account of the connection has no audience " + audienceId));
                    }
                    return mailchimp.createWebhook(connectionId, audienceId, hookUrl(hookId, secret))
                            .chain(webhook -> pool.withTransaction(tx -> links.registered(tx, id, webhook.id(), audience.get().name(), now)
                                    .chain(() -> links.byIdLocked(tx, id))
                                    .chain(link -> events.append(tx, link.orElseThrow(), AudienceChange.LINKED,
                                            AudienceLinkState.LINKING, null, clock.instant()).replaceWith(link.orElseThrow())))
                                    // Not recorded here: the webhook must not stay at Mailchimp, posting to a hook that is gone.
                                    .onFailure().call(unrecorded -> mailchimp.deleteWebhook(connectionId, audienceId, webhook.id())
                                            .onFailure().invoke(left -> LOG.warnf("Webhook %s of audience %s stays at Mailchimp after a "
                                                    + "failed link (%s): remove it there", webhook.id(), audienceId, left.toString()))
                                            .onFailure().recoverWithNull()));
                })
                .onFailure().call(failure -> undo(id, hookId))
                .onFailure().transform(failure -> MailchimpProblems.of(failure, "link the audience"))
                .invoke(link -> {
                    LOG.infof("Linked audience %s for tenant %s (link %s, webhook %s)", audienceId, tenant, id, link.webhookId());
                    importer.wake();
                })
                .map(link -> new Linked(link, true));
    }

    /** A link that failed at Mailchimp leaves nothing behind (its hook and secret go with it). */
    private Uni<Void> undo(UUID id, String hookId) {
        registry.forget(hookId);
        return pool.withTransaction(tx -> links.delete(tx, id)).onFailure().invoke(stuck -> LOG.warnf(
                "Could not remove link %s after a failed registration (%s); unlink it", id, stuck.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Linked> relink(AudienceLink link, String connectionId, String accountKey) {
        if (link.connectionId().equals(connectionId) && link.state() != AudienceLinkState.PAUSED) {
            return Uni.createFrom().item(new Linked(link, false));
        }
        // Another connection (the tenant reconnected Mailchimp another way), or a paused link named again: go on through it,
        // once it reaches the audience (the webhook belongs to the audience at Mailchimp, not to a connection: it stays).
        return mailchimp.audience(connectionId, link.audienceId())
                .onFailure().transform(failure -> MailchimpProblems.of(failure, "read the audience through the connection"))
                .chain(audience -> audience.isPresent() ? moveTo(link, connectionId, accountKey) : Uni.createFrom().failure(
                        new InvalidInputException("audienceId: the Mailchimp account of the connection has no audience " + link.audienceId())));
    }

    private Uni<Linked> moveTo(AudienceLink link, String connectionId, String accountKey) {
        Instant now = clock.instant();
        return pool.withTransaction(tx -> links.byIdLocked(tx, link.id()).chain(locked -> {
            AudienceLink current = locked.orElseThrow(() -> notLinked(link.audienceId()));
            AudienceLinkState state = current.importState() == AudienceLink.ImportState.DONE ? AudienceLinkState.ACTIVE
                    : AudienceLinkState.LINKING;
            Uni<Void> resumed = current.state() == AudienceLinkState.PAUSED
                    ? links.state(tx, current.id(), state, null, now)
                            .chain(() -> events.append(tx, withConnection(current, connectionId), AudienceChange.RESUMED, state, null, now))
                    : Uni.createFrom().voidItem();
            return links.connection(tx, current.id(), connectionId, accountKey, now).chain(() -> resumed)
                    .chain(() -> links.byIdLocked(tx, current.id())).map(Optional::orElseThrow);
        })).invoke(importer::wake).map(updated -> new Linked(updated, false));
    }

    /** Removes the webhook at Mailchimp, then the link, its hook, secrets and members; pending deliveries are orphaned. */
    public Uni<WebhookRemoval> unlink(Caller who, String audienceId) {
        String tenant = who.requireTenant().value();
        return find(tenant, audienceId).chain(link -> removeWebhook(link).chain(removal -> pool.withTransaction(tx -> links
                        .byIdLocked(tx, link.id()).chain(locked -> {
                            if (locked.isEmpty()) {
                                return Uni.createFrom().<Void>failure(notLinked(audienceId));
                            }
                            return events.append(tx, locked.get(), AudienceChange.UNLINKED, AudienceLinkState.UNLINKED, null,
                                    clock.instant()).chain(() -> links.delete(tx, link.id()));
                        }))
                .invoke(() -> {
                    registry.forget(link.hookId());
                    LOG.infof("Unlinked audience %s for tenant %s (webhook %s)", audienceId, tenant, removal);
                })
                .replaceWith(removal)));
    }

    private Uni<WebhookRemoval> removeWebhook(AudienceLink link) {
        if (link.webhookId() == null) {
            return Uni.createFrom().item(WebhookRemoval.ALREADY_GONE);
        }
        return mailchimp.deleteWebhook(link.connectionId(), link.audienceId(), link.webhookId())
                .map(removed -> removed ? WebhookRemoval.REMOVED : WebhookRemoval.ALREADY_GONE)
                // Credentials refused, or Mailchimp refusing the delete for good: the webhook stays at Mailchimp, but its hook
                // is gone here, so what it posts is a 404. Only a Mailchimp that cannot be reached now keeps the link (503).
                .onFailure(failure -> failure instanceof MailchimpRejectedException
                        || failure instanceof ProviderCallException call && MailchimpApi.PROVIDER.equals(call.provider())
                                && !call.error().retryable())
                .recoverWithItem(WebhookRemoval.LEFT_IN_PLACE)
                .onFailure().transform(failure -> MailchimpProblems.of(failure, "remove the webhook"));
    }

    /**
     * Issues a new secret and moves the webhook at Mailchimp to the new URL; the previous secret opens the hook for
     * {@code overlap} more (posts Mailchimp retries, or sent before the move). Mailchimp refusing the move undoes it.
     */
    public Uni<Rotation> rotate(Caller who, String audienceId, Optional<Duration> overlap) {
        String tenant = who.requireTenant().value();
        Duration kept = overlap.orElse(config.rotationOverlap());
        HookSecret secret = HookSecret.generate();
        return find(tenant, audienceId).chain(link -> {
            if (link.webhookId() == null) {
                return Uni.createFrom().failure(new ConflictException("The audience's webhook is not registered at Mailchimp"));
            }
            Instant now = clock.instant();
            Instant until = now.plus(kept);
            return pool.withTransaction(tx -> hooks.retire(tx, link.hookId(), until, now)
                            .chain(() -> hooks.addSecret(tx, link.hookId(), secret.hash(), now)))
                    .invoke(() -> registry.forget(link.hookId()))
                    .chain(() -> mailchimp.moveWebhook(link.connectionId(), link.audienceId(), link.webhookId(),
                            hookUrl(link.hookId(), secret)))
                    .onFailure().call(failure -> hooks.undoRotation(link.hookId(), secret.hash())
                            .invoke(() -> registry.forget(link.hookId())).onFailure().recoverWithNull())
                    .onFailure().transform(failure -> MailchimpProblems.of(failure, "move the webhook to its new URL"))
                    .invoke(() -> LOG.infof("Rotated the webhook secret of audience %s for tenant %s; the previous one opens it until %s",
                            audienceId, tenant, until))
                    .replaceWith(new Rotation(now, until));
        });
    }

    private String hookUrl(String hookId, HookSecret secret) {
        String base = config.publicUrl().toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + WebhookIngressRoute.PATH + hookId
                + "?secret=" + secret.reveal();
    }

    private static AudienceLink withConnection(AudienceLink link, String connectionId) {
        return new AudienceLink(link.id(), link.tenantId(), link.audienceId(), link.audienceName(), connectionId, link.state(),
                link.pausedReason(), link.hookId(), link.webhookId(), link.importState(), link.importOffset(), link.importTotal(),
                link.importError(), link.linkedBy(), link.linkedAt(), link.updatedAt());
    }

    private static InvalidInputException unknownConnection() {
        return new InvalidInputException("connectionId: no connection of this tenant has that id");
    }

    static ResourceNotFoundException notLinked(String audienceId) {
        return new ResourceNotFoundException("No linked audience " + audienceId);
    }
}
