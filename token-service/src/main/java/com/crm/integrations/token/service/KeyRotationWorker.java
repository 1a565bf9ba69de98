package com.crm.integrations.token.service;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.token.KeyRotation;
import com.crm.integrations.token.KeyRotationStatus;
import com.crm.integrations.token.config.TokenServiceConfig;
import com.crm.integrations.token.repository.ConnectionRepository;
import com.crm.integrations.token.repository.KeyRotationRepository;
import com.crm.integrations.token.repository.ResealCandidate;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Carries out stored key rotation runs: on each tick it claims a running run towards this replica's
 * active key under a lease and re-seals batches (one transaction each, renewing the lease) until no
 * row is left. Rows other transactions hold are left for the next tick; at shutdown no new batch
 * starts and the lease is released, so another replica resumes the run.
 */
@Singleton
public class KeyRotationWorker {

    private static final Logger LOG = Logger.getLogger(KeyRotationWorker.class);

    private final Pool pool;
    private final KeyRotationRepository rotations;
    private final ConnectionRepository connections;
    private final TokenVault vault;
    private final TokenStore tokens;
    private final int batchSize;
    private final Duration lease;
    private final String owner = "worker-" + UUID.randomUUID();
    private final Clock clock = Clock.systemUTC();
    private volatile boolean stopping;

    public KeyRotationWorker(Pool pool, KeyRotationRepository rotations, ConnectionRepository connections, TokenVault vault,
            TokenStore tokens, TokenServiceConfig config) {
        this.pool = pool;
        this.rotations = rotations;
        this.connections = connections;
        this.vault = vault;
        this.tokens = tokens;
        this.batchSize = config.encryption().rotationBatchSize();
        this.lease = config.encryption().rotationLease();
    }

    @Scheduled(every = "${integrations.token.encryption.rotation-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return work().onFailure().invoke(failure -> LOG.warnf("Key rotation worker: %s", failure.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        stopping = true;
    }

    /** Claims one run, if any is waiting, and works on it until it is done, blocked, or the service stops. */
    Uni<Void> work() {
        if (stopping) {
            return Uni.createFrom().voidItem();
        }
        String target = vault.keyRing().active().id();
        return rotations.claim(pool, target, owner, clock.instant(), clock.instant().plus(lease))
                .chain(claimed -> claimed.map(this::run).orElse(Uni.createFrom().voidItem()));
    }

    private Uni<Void> run(KeyRotation rotation) {
        LOG.infof("Key rotation %s: re-sealing under key %s (%d rows so far)", rotation.id(), rotation.targetKeyId(),
                rotation.resealedRows());
        return batches(rotation).onFailure(failure -> !stopping && !(failure instanceof LeaseLostException))
                .call(failure -> rotations.finish(pool, rotation.id(), KeyRotationStatus.FAILED, failure.getMessage(), clock.instant())
                        .invoke(() -> LOG.errorf("Key rotation %s failed: %s (start another to resume)", rotation.id(),
                                failure.getMessage()))
                        .onFailure().recoverWithNull());
    }

    private Uni<Void> batches(KeyRotation rotation) {
        if (stopping) {
            LOG.infof("Key rotation %s: stopping; another replica resumes it", rotation.id());
            return rotations.release(pool, rotation.id(), owner);
        }
        return pool.withTransaction(tx -> connections.lockNotSealedUnder(tx, rotation.targetKeyId(), batchSize).chain(batch -> {
            Uni<Void> stored = Uni.createFrom().voidItem();
            for (ResealCandidate row : batch) {
                stored = stored.chain(() -> connections.storeResealed(tx, row.id(), tokens.reseal(row)));
            }
            return stored.chain(() -> batch.isEmpty() ? Uni.createFrom().item(true)
                    : rotations.progress(tx, rotation.id(), owner, batch.size(), clock.instant().plus(lease)))
                    .map(held -> {
                        if (!held) {
                            throw new LeaseLostException(rotation.id());
                        }
                        return batch.size();
                    });
        })).chain(count -> count > 0 ? batches(rotation) : finishOrLeave(rotation));
    }

    /** Nothing lockable: done, unless rows are held by other transactions (a refresh, a reconnect), which the next tick waits out. */
    private Uni<Void> finishOrLeave(KeyRotation rotation) {
        return connections.countNotSealedUnder(pool, rotation.targetKeyId()).chain(remaining -> remaining == 0
                ? rotations.finish(pool, rotation.id(), KeyRotationStatus.COMPLETED, null, clock.instant())
                        .invoke(() -> LOG.infof("Key rotation %s completed: every token is sealed under key %s", rotation.id(),
                                rotation.targetKeyId()))
                : rotations.release(pool, rotation.id(), owner));
    }
}
