package com.crm.integrations.mailchimp.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.payload.AudienceChange;
import com.crm.integrations.common.events.payload.AudienceLinkState;
import com.crm.integrations.common.events.payload.SubscriberSource;
import com.crm.integrations.common.outbox.Outbox;
import com.crm.integrations.common.retry.ProviderCallException;
import com.crm.integrations.common.security.TenantId;
import com.crm.integrations.common.settings.TenantSettingsStore;
import com.crm.integrations.common.settings.Versioned;
import com.crm.integrations.mailchimp.AudienceLink;
import com.crm.integrations.mailchimp.MailchimpSettings;
import com.crm.integrations.mailchimp.client.MailchimpApi;
import com.crm.integrations.mailchimp.client.MailchimpRejectedException;
import com.crm.integrations.mailchimp.config.MailchimpConfig;
import com.crm.integrations.mailchimp.inbox.ApiMembers;
import com.crm.integrations.mailchimp.inbox.Member;
import com.crm.integrations.mailchimp.repository.InboxRows;
import com.crm.integrations.mailchimp.repository.LinkRows;
import com.crm.integrations.mailchimp.webhook.SubscriberHash;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Imports a newly linked audience's current members into the projection, page by page, as stored work: the link row
 * holds the import's progress and a lease, so a replica that dies leaves the rest to another, from the page it
 * reached. Each page is written under the audience's row lock (the inbox processor's too), member by member with the
 * same clocks as webhooks ({@code last_changed}, receipt order 0): a webhook applied meanwhile is never overwritten by
 * an older read. Each member the import adds or changes is published as {@code subscriber.changed.v2}, change
 * {@code synced}, source {@code sync}: the CRM learns the audience's opt-outs and bounces from the start. Mailchimp
 * refusing the credentials pauses the link (resumed when its connection is); other failures retry with a doubling delay.
 */
@ApplicationScoped
public class AudienceImporter {

    private static final Logger LOG = Logger.getLogger(AudienceImporter.class);
    private static final Duration MAX_RETRY = Duration.ofMinutes(10);

    private final Pool pool;
    private final LinkRows links;
    private final InboxRows inbox;
    private final MailchimpApi mailchimp;
    private final Outbox outbox;
    private final AudienceEvents events;
    private final TenantSettingsStore settings;
    private final Clock clock;
    private final Vertx vertx;
    private final MailchimpConfig.Api config;
    private final UUID owner = UUID.randomUUID();
    private final Map<UUID, Integer> failures = new ConcurrentHashMap<>();
    private final PolledRounds rounds = new PolledRounds("Members import", LOG, this::round);
    private volatile boolean stopped;

    public AudienceImporter(Pool pool, LinkRows links, InboxRows inbox, MailchimpApi mailchimp, Outbox outbox,
            AudienceEvents events, TenantSettingsStore settings, Clock clock, Vertx vertx, MailchimpConfig config) {
        this.pool = pool;
        this.links = links;
        this.inbox = inbox;
        this.mailchimp = mailchimp;
        this.outbox = outbox;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
        this.vertx = vertx;
        this.config = config.api();
    }

    void start(@Observes StartupEvent started) {
        rounds.start(vertx, config.importPollInterval());
    }

    void stop(@Observes ShutdownEvent stopping) {
        stopped = true;
        rounds.stop(vertx);
    }

    /** Looks for imports to run: now when idle, else right after the current one. */
    public void wake() {
        rounds.wake();
    }

    /** Takes the oldest due import and runs it to its end (or to a failed page); true when there was one. */
    private Uni<Boolean> round() {
        Instant now = clock.instant();
        return links.claimImport(owner, now, now.plus(config.importLease()))
                .chain(claimed -> claimed.map(link -> importAll(link).replaceWith(true)).orElse(Uni.createFrom().item(false)));
    }

    /** Pages through the audience until done, or until a page fails (then it waits for its retry or resume). */
    private Uni<Void> importAll(AudienceLink link) {
        return page(link, link.importOffset()).chain(next -> next.isPresent() ? importAll(next.get()) : Uni.createFrom().voidItem());
    }

    /** One page; the link as it stands for the next page, or empty when the import ended or stopped. */
    private Uni<Optional<AudienceLink>> page(AudienceLink link, int offset) {
        if (stopped) {
            return links.importRetry(link.id(), owner, clock.instant(), null, clock.instant()).replaceWith(Optional.empty());
        }
        return mailchimp.members(link.connectionId(), link.audienceId(), offset, config.importPageSize())
                .chain(page -> fieldMapping(link.tenantId()).chain(mapping -> pool.withTransaction(tx -> links.byIdLocked(tx, link.id())
                        .chain(locked -> locked.isEmpty() ? Uni.createFrom().item(Optional.<AudienceLink>empty())
                                : write(tx, locked.get(), offset, page, mapping)))))
                .invoke(next -> failures.remove(link.id()))
                .onFailure().recoverWithUni(failure -> failed(link, failure).replaceWith(Optional.empty()));
    }

    private Uni<Optional<AudienceLink>> write(SqlConnection tx, AudienceLink link, int offset, MailchimpApi.MembersPage page,
            Map<String, String> mapping) {
        Instant now = clock.instant();
        if (link.state() == AudienceLinkState.PAUSED) {
            // Paused while the page was read: the page is dropped, the import goes on from here once the link resumes.
            return links.importWaits(tx, link.id(), owner, link.pausedReason(), now).replaceWith(Optional.empty());
        }
        Map<String, JsonObject> byHash = new LinkedHashMap<>();
        for (JsonObject member : page.members()) {
            String email = member.getString("email_address");
            if (email != null && !email.isBlank()) {
                byHash.put(SubscriberHash.of(email), member);
            }
        }
        int nextOffset = offset + page.members().size();
        boolean last = page.members().isEmpty() || nextOffset >= page.totalItems();
        return inbox.members(tx, link.id(), byHash.keySet()).chain(existing -> {
            List<Member> changed = new ArrayList<>();
            List<Outbox.Event> published = new ArrayList<>();
            TenantId tenant = new TenantId(link.tenantId());
            byHash.forEach((hash, read) -> ApiMembers.merge(link.audienceId(), hash, read, existing.get(hash), mapping, SubscriberSource.SYNC)
                    .ifPresent(result -> {
                changed.add(result.member());
                published.add(new Outbox.Event(EventType.SUBSCRIBER_CHANGED_V2, tenant, result.event()));
            }));
            Uni<Void> stored = changed.isEmpty() ? Uni.createFrom().voidItem() : inbox.upsert(tx, link.id(), changed, now)
                    .chain(() -> outbox.appendAll(tx, published)).replaceWithVoid();
            return stored.chain(() -> links.importedPage(tx, link.id(), owner, nextOffset, (int) page.totalItems(),
                    now.plus(config.importLease()), now)).chain(leased -> {
                        if (!leased) {
                            return Uni.createFrom().failure(new IllegalStateException("the import's lease was lost"));
                        }
                        if (!last) {
                            return Uni.createFrom().item(Optional.of(link));
                        }
                        return links.importDone(tx, link.id(), owner, now)
                                .chain(() -> events.append(tx, link, AudienceChange.IMPORTED, AudienceLinkState.ACTIVE, null, now))
                                .invoke(() -> LOG.infof("Imported audience %s for tenant %s: %d members", link.audienceId(),
                                        link.tenantId(), nextOffset))
                                .replaceWith(Optional.<AudienceLink>empty());
                    }).map(next -> next.map(same -> withOffset(same, nextOffset)));
        });
    }

    private Uni<Void> failed(AudienceLink link, Throwable failure) {
        Instant now = clock.instant();
        if (failure instanceof MailchimpRejectedException rejected) {
            String reason = "Mailchimp refuses the connection's credentials: reconnect it";
            LOG.infof("Import of audience %s for tenant %s paused: %s", link.audienceId(), link.tenantId(), rejected.getMessage());
            return pool.withTransaction(tx -> links.byIdLocked(tx, link.id()).chain(locked -> locked.isEmpty()
                    ? Uni.createFrom().voidItem()
                    : links.importWaits(tx, link.id(), owner, reason, now)
                            .chain(() -> locked.get().state() == AudienceLinkState.PAUSED ? Uni.createFrom().voidItem()
                                    : links.state(tx, link.id(), AudienceLinkState.PAUSED, reason, now)
                                            .chain(() -> events.append(tx, locked.get(), AudienceChange.PAUSED, AudienceLinkState.PAUSED,
                                                    reason, now)))))
                    .onFailure().recoverWithNull().replaceWithVoid();
        }
        int count = failures.merge(link.id(), 1, Integer::sum);
        Duration delay = config.importRetryDelay().multipliedBy(1L << Math.min(count - 1, 10));
        if (delay.compareTo(MAX_RETRY) > 0) {
            delay = MAX_RETRY;
        }
        String error = failure instanceof ProviderCallException call
                ? "Mailchimp: " + (call.providerCode() == null ? "HTTP " + call.status() : call.providerCode())
                : "the page could not be stored";
        LOG.infof("Import of audience %s for tenant %s failed (%s, %s); next try in %s", link.audienceId(), link.tenantId(), error,
                failure.toString(), delay);
        return links.importRetry(link.id(), owner, now.plus(delay), error, now).onFailure().recoverWithNull();
    }

    private Uni<Map<String, String>> fieldMapping(String tenant) {
        return settings.find(new TenantId(tenant), MailchimpSettings.class, MailchimpSettings.DEFAULTS)
                .map(Versioned::value).map(MailchimpSettings::fieldMappingOrDefault);
    }

    private static AudienceLink withOffset(AudienceLink link, int offset) {
        return new AudienceLink(link.id(), link.tenantId(), link.audienceId(), link.audienceName(), link.connectionId(), link.state(),
                link.pausedReason(), link.hookId(), link.webhookId(), link.importState(), offset, link.importTotal(),
                link.importError(), link.linkedBy(), link.linkedAt(), link.updatedAt());
    }
}
