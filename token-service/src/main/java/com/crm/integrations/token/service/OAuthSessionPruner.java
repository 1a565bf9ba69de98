package com.crm.integrations.token.service;

import java.time.Clock;
import java.time.Duration;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.token.repository.OAuthSessionRepository;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Deletes authorizations that expired a day ago or more (kept that long to explain a user's failed
 * attempt). They hold only hashes, but nothing should pile up.
 */
@Singleton
public class OAuthSessionPruner {

    private static final Logger LOG = Logger.getLogger(OAuthSessionPruner.class);
    static final Duration KEEP = Duration.ofDays(1);

    private final Pool pool;
    private final OAuthSessionRepository sessions;
    private final Clock clock = Clock.systemUTC();

    public OAuthSessionPruner(Pool pool, OAuthSessionRepository sessions) {
        this.pool = pool;
        this.sessions = sessions;
    }

    @Scheduled(every = "${integrations.token.session-prune-interval:1h}", delayed = "1m",
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> prune() {
        return sessions.deleteExpired(pool, clock.instant().minus(KEEP))
                .invoke(deleted -> {
                    if (deleted > 0) {
                        LOG.infof("Deleted %d expired OAuth authorizations", deleted);
                    }
                })
                .onFailure().invoke(failure -> LOG.warnf("Could not prune expired OAuth authorizations: %s", failure.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
