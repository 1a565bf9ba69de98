package com.crm.integrations.token.service;

import java.time.Clock;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.token.config.TokenServiceConfig;
import com.crm.integrations.token.repository.ConnectionRepository;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Each replica's health checks: every poll it claims the connections due for a check (SKIP LOCKED, so
 * replicas share them) and checks them, a few at a time ({@link ConnectionChecks}).
 */
@Singleton
public class ConnectionCheckWorker {

    private static final Logger LOG = Logger.getLogger(ConnectionCheckWorker.class);
    private static final int IN_FLIGHT = 8;

    private final Pool pool;
    private final ConnectionRepository connections;
    private final ConnectionChecks checks;
    private final TokenServiceConfig.Health config;
    private final Clock clock = Clock.systemUTC();

    public ConnectionCheckWorker(Pool pool, ConnectionRepository connections, ConnectionChecks checks, TokenServiceConfig config) {
        this.pool = pool;
        this.connections = connections;
        this.checks = checks;
        this.config = config.health();
    }

    @Scheduled(every = "${integrations.token.health.poll-interval:1m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        if (!config.enabled()) {
            return Uni.createFrom().voidItem();
        }
        return checkDue().onFailure().invoke(failure -> LOG.warnf("Health checks: %s", failure.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Checks the connections due now (one batch); returns how many were checked. */
    public Uni<Integer> checkDue() {
        return pool.withTransaction(tx -> connections.claimChecks(tx, clock.instant(), config.interval(), config.batchSize()))
                .chain(ids -> Multi.createFrom().iterable(ids)
                        .onItem().transformToUni(id -> connections.findStored(pool, id, false)
                                .chain(found -> found.map(checks::check).orElse(Uni.createFrom().nullItem()))
                                .onFailure().invoke(failure -> LOG.warnf("Health check of connection %s failed: %s", id, failure.getMessage()))
                                .onFailure().recoverWithNull())
                        .merge(IN_FLIGHT).collect().asList().map(list -> ids.size()));
    }
}
