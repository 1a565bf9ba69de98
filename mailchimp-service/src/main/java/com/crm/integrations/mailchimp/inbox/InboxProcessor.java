package com.crm.integrations.mailchimp.inbox;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.payload.CampaignChangedV1;
import com.crm.integrations.common.outbox.Outbox;
import com.crm.integrations.common.security.TenantId;
import com.crm.integrations.common.settings.TenantSettingsStore;
import com.crm.integrations.common.settings.Versioned;
import com.crm.integrations.mailchimp.MailchimpSettings;
import com.crm.integrations.mailchimp.config.MailchimpConfig;
import com.crm.integrations.mailchimp.repository.DeliveryWriter;
import com.crm.integrations.mailchimp.repository.InboxRows;
import com.crm.integrations.mailchimp.service.PolledRounds;
import com.crm.integrations.mailchimp.webhook.DeliveryStatus;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Drains the webhook inbox into the members projection. Woken by the ingress when a group of posts committed (not by a
 * notification per post: a notifying commit serialises on PostgreSQL's notification lock) and by a timer every
 * {@code poll-interval} (posts taken by another replica, retries, waits that ended). A round takes the audiences with
 * due deliveries and processes each, {@code concurrency} at a time: in one transaction, the audience's row locked
 * ({@code FOR UPDATE SKIP LOCKED}: one replica per audience at a time, the others skip it), up to {@code batch-size}
 * deliveries read in receipt order, applied ({@link DeliveryApplier}), the members written, each delivery's outcome
 * recorded and the events appended to the outbox — all committed together, or none of it.
 */
@ApplicationScoped
public class InboxProcessor {

    private static final Logger LOG = Logger.getLogger(InboxProcessor.class);

    private final Pool pool;
    private final InboxRows rows;
    private final Outbox outbox;
    private final TenantSettingsStore settings;
    private final Clock clock;
    private final Vertx vertx;
    private final MeterRegistry metrics;
    private final MailchimpConfig.Inbox config;
    private final DeliveryApplier.Rules rules;
    private final PolledRounds rounds;

    public InboxProcessor(Pool pool, InboxRows rows, Outbox outbox, TenantSettingsStore settings, Clock clock, Vertx vertx,
            MeterRegistry metrics, MailchimpConfig config, DeliveryWriter writer) {
        this.pool = pool;
        this.rows = rows;
        this.outbox = outbox;
        this.settings = settings;
        this.clock = clock;
        this.vertx = vertx;
        this.metrics = metrics;
        this.config = config.inbox();
        this.rules = new DeliveryApplier.Rules(config.inbox().unknownMemberWait(), config.inbox().maxAttempts(),
                config.inbox().retryDelay());
        this.rounds = new PolledRounds("Inbox processing", LOG, this::round);
        writer.onStored(this::wake);
    }

    void start(@Observes StartupEvent started) {
        rounds.start(vertx, config.pollInterval());
    }

    void stop(@Observes ShutdownEvent stopping) {
        rounds.stop(vertx);
    }

    /** Asks for a round: now when idle, else right after the one under way. Never blocks. */
    public void wake() {
        rounds.wake();
    }

    /** One round; true when it left due work it could take at once. */
    Uni<Boolean> round() {
        int links = config.concurrency() * 4;
        return rows.dueLinks(clock.instant(), links).chain(due -> Multi.createFrom().iterable(due)
                .onItem().transformToUni(this::process).merge(config.concurrency())
                .collect().asList()
                .map(processed -> due.size() == links || processed.stream().anyMatch(count -> count >= config.batchSize())));
    }

    /** Processes one batch of an audience; the number of deliveries it settled (0 when another replica holds it). */
    Uni<Integer> process(UUID linkId) {
        return pool.withTransaction(tx -> rows.lock(tx, linkId).chain(locked -> {
            if (locked.isEmpty()) {
                return Uni.createFrom().<Optional<DeliveryApplier.Result>>nullItem(); // held elsewhere, or unlinked
            }
            InboxRows.LockedLink link = locked.get();
            Instant now = clock.instant();
            return rows.due(tx, linkId, now, config.batchSize()).chain(due -> due.isEmpty()
                    ? Uni.createFrom().item(Optional.<DeliveryApplier.Result>empty())
                    : fieldMapping(link.tenantId()).chain(mapping -> rows.members(tx, linkId, DeliveryApplier.hashesOf(due))
                            .chain(members -> {
                                DeliveryApplier.Result result = DeliveryApplier.apply(link.audienceId(), members, due, mapping,
                                        rules, now);
                                return rows.write(tx, linkId, result, now)
                                        .chain(() -> outbox.appendAll(tx, events(link, result)))
                                        .replaceWith(Optional.of(result));
                            })));
        })).chain(settled -> {
            if (settled == null) {
                return rows.orphanIfUnlinked(linkId, clock.instant()).replaceWith(0);
            }
            // Counted once committed: a batch rolled back is another replica's (or a later round's) to count.
            settled.ifPresent(this::count);
            return Uni.createFrom().item(settled.map(result -> result.outcomes().size()).orElse(0));
        });
    }

    private Uni<Map<String, String>> fieldMapping(String tenant) {
        return settings.find(new TenantId(tenant), MailchimpSettings.class, MailchimpSettings.DEFAULTS)
                .map(Versioned::value).map(MailchimpSettings::fieldMappingOrDefault);
    }

    private static List<Outbox.Event> events(InboxRows.LockedLink link, DeliveryApplier.Result result) {
        TenantId tenant = new TenantId(link.tenantId());
        List<Outbox.Event> events = new ArrayList<>(result.events().size());
        for (Object payload : result.events()) {
            EventType type = payload instanceof CampaignChangedV1 ? EventType.CAMPAIGN_CHANGED : EventType.SUBSCRIBER_CHANGED_V2;
            events.add(new Outbox.Event(type, tenant, payload));
        }
        return events;
    }

    private void count(DeliveryApplier.Result result) {
        for (DeliveryApplier.Outcome outcome : result.outcomes()) {
            if (outcome.status() != DeliveryStatus.PENDING) {
                metrics.counter("mailchimp.webhook.deliveries.processed", "status", outcome.status().wireName()).increment();
            }
        }
    }
}
