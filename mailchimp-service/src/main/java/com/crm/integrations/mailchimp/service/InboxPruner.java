package com.crm.integrations.mailchimp.service;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.crm.integrations.common.sql.Pruning;
import com.crm.integrations.mailchimp.config.MailchimpConfig;
import com.crm.integrations.mailchimp.repository.HookRows;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Deletes what the inbox no longer needs, a batch per statement: deliveries settled (any status but pending) longer ago
 * than {@code webhooks.retention}, content fingerprints older than the duplicate window, and secrets whose rotation
 * overlap ended. A pending delivery is never deleted, however old.
 */
@ApplicationScoped
public class InboxPruner {

    private static final Logger LOG = Logger.getLogger(InboxPruner.class);
    private static final int BATCH = 1000;
    private static final String DELIVERIES = "DELETE FROM webhook_delivery WHERE id IN (SELECT id FROM webhook_delivery"
            + " WHERE received_at < $1 AND status <> 'pending' LIMIT $2)";
    private static final String FINGERPRINTS = "DELETE FROM delivery_fingerprint WHERE (link_id, content_hash) IN"
            + " (SELECT link_id, content_hash FROM delivery_fingerprint WHERE seen_at < $1 LIMIT $2)";

    private final Pool pool;
    private final HookRows hooks;
    private final Clock clock;
    private final MailchimpConfig.Webhooks config;

    public InboxPruner(Pool pool, HookRows hooks, Clock clock, MailchimpConfig config) {
        this.pool = pool;
        this.hooks = hooks;
        this.clock = clock;
        this.config = config.webhooks();
    }

    @Scheduled(every = "${integrations.mailchimp.webhooks.prune-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return prune().onFailure().invoke(failure -> LOG.debugf("Inbox pruning waits: %s", failure)).onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Prunes once; how many rows went. */
    public Uni<Long> prune() {
        Instant now = clock.instant();
        return Pruning.inBatches(pool, DELIVERIES, now.minus(config.retention()), BATCH)
                .chain(deliveries -> Pruning.inBatches(pool, FINGERPRINTS, now.minus(config.duplicateWindow()), BATCH)
                        .chain(fingerprints -> hooks.pruneExpired(now).map(secrets -> deliveries + fingerprints + secrets)))
                .invoke(deleted -> {
                    if (deleted > 0) {
                        LOG.debugf("Pruned %d inbox rows", deleted);
                    }
                });
    }
}
