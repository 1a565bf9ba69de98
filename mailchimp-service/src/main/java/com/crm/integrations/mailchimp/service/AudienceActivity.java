package com.crm.integrations.mailchimp.service;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.crm.integrations.common.events.payload.AudienceChange;
import com.crm.integrations.mailchimp.AudienceLink;
import com.crm.integrations.mailchimp.config.MailchimpConfig;
import com.crm.integrations.mailchimp.repository.LinkRows;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Publishes {@code audience.changed.v1} ({@code activity}) for audiences whose members or deliveries changed: at most
 * once per {@code activity.interval} per audience, so that the status service sees member counts and the webhook's
 * health move without an event per post. The inbox processor marks the link when it applies a batch; this job, on any
 * replica, publishes what is due ({@code FOR UPDATE SKIP LOCKED}: once).
 */
@ApplicationScoped
public class AudienceActivity {

    private static final Logger LOG = Logger.getLogger(AudienceActivity.class);
    private static final int PER_ROUND = 100;

    private final Pool pool;
    private final LinkRows links;
    private final AudienceEvents events;
    private final Clock clock;
    private final MailchimpConfig.Activity config;

    public AudienceActivity(Pool pool, LinkRows links, AudienceEvents events, Clock clock, MailchimpConfig config) {
        this.pool = pool;
        this.links = links;
        this.events = events;
        this.clock = clock;
        this.config = config.activity();
    }

    @Scheduled(every = "${integrations.mailchimp.activity.check-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> publishDue() {
        return publish().onFailure().invoke(failure -> LOG.debugf("Activity events wait: %s", failure)).onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Publishes the due activity events; how many. */
    public Uni<Integer> publish() {
        Instant now = clock.instant();
        return pool.withTransaction(tx -> links.withActivity(tx, now.minus(config.interval()), PER_ROUND).chain(due -> {
            Uni<Void> done = Uni.createFrom().voidItem();
            for (AudienceLink link : due) {
                done = done.chain(() -> events.append(tx, link, AudienceChange.ACTIVITY, link.state(), link.pausedReason(), now))
                        .chain(() -> links.published(tx, link.id(), now));
            }
            return done.replaceWith(due.size());
        }));
    }
}
