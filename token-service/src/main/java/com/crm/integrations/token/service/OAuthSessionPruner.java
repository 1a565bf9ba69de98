package com.crm.integrations.token.service;

import java.time.Clock;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.common.sql.Pruning;
import com.crm.integrations.token.config.TokenServiceConfig;
import com.crm.integrations.token.repository.OAuthSessionRepository;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Deletes authorizations whose expiry is older than the retention (kept that long to explain a
 * user's failed attempt), in batches like the outbox and processed-event pruning. They hold only
 * hashes, but nothing should pile up.
 */
@Singleton
public class OAuthSessionPruner {

    private static final Logger LOG = Logger.getLogger(OAuthSessionPruner.class);

    private final Pool pool;
    private final Pruning.Settings settings;
    private final Clock clock = Clock.systemUTC();

    public OAuthSessionPruner(Pool pool, TokenServiceConfig config) {
        this.pool = pool;
        this.settings = config.sessions();
    }

    @Scheduled(every = "${integrations.token.sessions.interval:1m}", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return prune().onFailure().invoke(failure -> LOG.warnf("Could not prune expired OAuth authorizations: %s",
                failure.getMessage())).onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Deletes the sessions that expired more than the retention ago; returns how many. */
    Uni<Long> prune() {
        return Pruning.inBatches(pool, OAuthSessionRepository.PRUNE, clock.instant().minus(settings.retention()), settings.batchSize())
                .invoke(deleted -> {
                    if (deleted > 0) {
                        LOG.infof("Deleted %d expired OAuth authorizations", deleted);
                    }
                });
    }
}
