package com.crm.integrations.mailchimp.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.crm.integrations.common.events.payload.SubscriberSource;
import com.crm.integrations.common.outbox.Outbox;
import com.crm.integrations.common.problem.ResourceNotFoundException;
import com.crm.integrations.common.retry.ProviderCallException;
import com.crm.integrations.common.security.TenantId;
import com.crm.integrations.common.settings.TenantSettingsStore;
import com.crm.integrations.common.settings.Versioned;
import com.crm.integrations.mailchimp.MailchimpSettings;
import com.crm.integrations.mailchimp.client.MailchimpApi;
import com.crm.integrations.mailchimp.command.MemberProjection;
import com.crm.integrations.mailchimp.config.MailchimpConfig;
import com.crm.integrations.mailchimp.repository.ReconcileRows;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Brings each linked audience's projection up to date with what other apps changed through Mailchimp's API (the webhook
 * is registered without the {@code api} source, so our own writes do not echo, and theirs do not come either): every
 * {@code every} (a day by default) per audience, or when a tenant admin asks, it reads the members whose
 * {@code last_changed} is after the previous run's start ({@code since_last_changed}), page by page under the link's
 * lease (one replica per audience; a replica that dies leaves the run to another, from the page it reached), and
 * applies each with the webhooks' clock rule. A member it changes is published as {@code subscriber.changed.v2}
 * (synced, source {@code sync}); one the projection holds already is not published again.
 */
@ApplicationScoped
public class AudienceReconciler {

    private static final Logger LOG = Logger.getLogger(AudienceReconciler.class);
    /**
     * Read again before the previous run's start: Mailchimp's {@code last_changed} has whole seconds, and a change in
     * the second a run started must not fall between two runs. What is read twice is applied once (the clock rule).
     */
    private static final Duration OVERLAP = Duration.ofMinutes(1);

    private final Pool pool;
    private final ReconcileRows rows;
    private final MailchimpApi mailchimp;
    private final MemberProjection projection;
    private final Outbox outbox;
    private final TenantSettingsStore settings;
    private final MailchimpConfig.Reconciliation config;
    private final Vertx vertx;
    private final Clock clock;
    private final UUID owner = UUID.randomUUID();
    private final PolledRounds rounds = new PolledRounds("Audience reconciliation", LOG, this::round);
    private volatile boolean stopped;

    public AudienceReconciler(Pool pool, ReconcileRows rows, MailchimpApi mailchimp, MemberProjection projection, Outbox outbox,
            TenantSettingsStore settings, MailchimpConfig config, Vertx vertx, Clock clock) {
        this.pool = pool;
        this.rows = rows;
        this.mailchimp = mailchimp;
        this.projection = projection;
        this.outbox = outbox;
        this.settings = settings;
        this.config = config.reconciliation();
        this.vertx = vertx;
        this.clock = clock;
    }

    void start(@Observes StartupEvent started) {
        if (config.enabled()) {
            rounds.start(vertx, config.checkEvery());
        }
    }

    void stop(@Observes ShutdownEvent stopping) {
        stopped = true;
        rounds.stop(vertx);
    }

    /** Reconciles the tenant's audience soon (on this replica at once, when it is free). */
    public Uni<Instant> requestNow(String tenantId, String audienceId) {
        Instant now = clock.instant();
        return rows.dueNow(tenantId, audienceId, now).invoke(found -> {
            if (!found) {
                throw new ResourceNotFoundException("The tenant has not linked Mailchimp audience " + audienceId);
            }
            rounds.wake();
        }).replaceWith(now);
    }

    /** Takes the most overdue audience and reconciles it to its end (or to a failed page); true when there was one. */
    private Uni<Boolean> round() {
        Instant now = clock.instant();
        return rows.claim(owner, now, now.plus(config.lease()), config.every())
                .chain(claimed -> claimed.map(run -> mapping(run.tenantId()).chain(mapping -> pages(run, run.offset(), mapping))
                        .replaceWith(true)).orElse(Uni.createFrom().item(false)));
    }

    private Uni<Void> pages(ReconcileRows.Run run, int offset, Map<String, String> mapping) {
        if (stopped) {
            return rows.retry(run.linkId(), owner, clock.instant(), null);
        }
        return mailchimp.membersChangedSince(run.connectionId(), run.audienceId(),
                run.since().minus(OVERLAP).truncatedTo(ChronoUnit.SECONDS), offset, config.pageSize())
                .chain(page -> {
                    Instant now = clock.instant();
                    int next = offset + page.members().size();
                    boolean last = page.members().isEmpty() || next >= page.totalItems();
                    return pool.withTransaction(tx -> rows.page(tx, run.linkId(), owner, next, now.plus(config.lease()))
                            .chain(leased -> {
                                if (!leased) {
                                    return Uni.createFrom().failure(new IllegalStateException("the reconciliation's lease was lost"));
                                }
                                return projection.apply(tx, run.linkId(), page.members(), SubscriberSource.SYNC, mapping, now)
                                        .chain(events -> events.isEmpty() ? Uni.createFrom().voidItem()
                                                : outbox.appendAll(tx, events).replaceWithVoid());
                            }))
                            .chain(() -> last ? rows.done(run.linkId(), owner, now.plus(config.every()))
                                    .invoke(() -> LOG.debugf("Reconciled audience %s of tenant %s: %d changed members read",
                                            run.audienceId(), run.tenantId(), next))
                                    : pages(run, next, mapping));
                })
                .onFailure().recoverWithUni(failure -> {
                    String error = failure instanceof ProviderCallException call
                            ? "Mailchimp: " + (call.providerCode() == null ? "HTTP " + call.status() : call.providerCode())
                            : "the page could not be read or stored";
                    LOG.infof("Reconciliation of audience %s for tenant %s failed (%s, %s); next try in %s", run.audienceId(),
                            run.tenantId(), error, failure.toString(), config.retryDelay());
                    return rows.retry(run.linkId(), owner, clock.instant().plus(config.retryDelay()), error).onFailure().recoverWithNull();
                });
    }

    private Uni<Map<String, String>> mapping(String tenant) {
        return settings.find(new TenantId(tenant), MailchimpSettings.class, MailchimpSettings.DEFAULTS)
                .map(Versioned::value).map(MailchimpSettings::fieldMappingOrDefault);
    }
}
