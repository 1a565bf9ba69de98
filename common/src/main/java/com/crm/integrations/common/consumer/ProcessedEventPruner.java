package com.crm.integrations.common.consumer;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.crm.integrations.common.sql.Pruning;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/** Forgets processed event ids after the configured retention, a small batch per statement. */
@ApplicationScoped
public class ProcessedEventPruner {

    private static final Logger LOG = Logger.getLogger(ProcessedEventPruner.class);

    static final String PRUNE = """
            DELETE FROM processed_event WHERE ctid IN (
                SELECT ctid FROM processed_event WHERE processed_at < $1 ORDER BY processed_at LIMIT $2
                   FOR UPDATE SKIP LOCKED)""";

    private final Pool pool;
    private final ConsumerConfig config;

    public ProcessedEventPruner(Pool pool, ConsumerConfig config) {
        this.pool = pool;
        this.config = config;
    }

    @Scheduled(every = "${integrations.consumer.prune.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> prune() {
        return pruneProcessedBefore(Instant.now().minus(config.prune().retention()))
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("Pruning processed event ids failed, next run retries: %s", failure.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }

    /** Deletes ids processed before {@code cutoff}, batch by batch; returns how many. */
    public Uni<Long> pruneProcessedBefore(Instant cutoff) {
        return Pruning.inBatches(pool, PRUNE, cutoff, config.prune().batchSize());
    }
}
