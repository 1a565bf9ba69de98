package com.crm.integrations.token.service;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.common.problem.ResourceNotFoundException;
import com.crm.integrations.token.config.TokenServiceConfig;
import com.crm.integrations.token.crypto.Sealed;
import com.crm.integrations.token.crypto.TokenField;
import com.crm.integrations.token.repository.KeyRotationRepository;
import com.crm.integrations.token.repository.KeyRotationRepository.Run;
import com.crm.integrations.token.repository.KeyRotationRepository.SealedRow;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Re-seals every stored token under the active key, in batches of one transaction each, while the
 * service keeps serving: tokens under an older key still unseal meanwhile (the ring keeps it), and
 * a refresh that lands on a row first simply seals under the active key itself. The work list is the
 * rows' own key ids, so a run that dies (crash, restart) is resumed by starting a new one; several
 * runs or replicas share the work ({@code FOR UPDATE SKIP LOCKED}).
 */
@Singleton
public class KeyRotationService {

    private static final Logger LOG = Logger.getLogger(KeyRotationService.class);

    /** A run and what is left: stored tokens per key id. */
    public record Progress(Run run, Map<String, Long> tokensByKey) {
    }

    private final Pool pool;
    private final KeyRotationRepository rotations;
    private final TokenVault vault;
    private final int batchSize;
    private final Clock clock = Clock.systemUTC();

    public KeyRotationService(Pool pool, KeyRotationRepository rotations, TokenVault vault, TokenServiceConfig config) {
        this.pool = pool;
        this.rotations = rotations;
        this.vault = vault;
        this.batchSize = config.encryption().rotationBatchSize();
    }

    /** Starts a run towards the active key; it continues in the background. */
    public Uni<Run> start(String requestedBy) {
        String target = vault.keyRing().active().id();
        UUID id = UUID.randomUUID();
        return rotations.insert(pool, id, target, requestedBy, clock.instant()).invoke(run -> {
            LOG.infof("Key rotation %s started by %s: re-sealing every token under key %s", id, requestedBy, target);
            batches(id, target, 0).subscribe().with(
                    total -> LOG.infof("Key rotation %s completed: %d rows re-sealed under key %s", id, total, target),
                    failure -> LOG.errorf("Key rotation %s failed: %s (start another to resume)", id, failure.getMessage()));
        });
    }

    public Uni<Progress> progress(UUID id) {
        return rotations.find(pool, id)
                .map(found -> found.orElseThrow(() -> new ResourceNotFoundException("No key rotation " + id)))
                .chain(run -> rotations.tokensByKey(pool).map(counts -> new Progress(run, counts)));
    }

    /** Rounds in a row that found only rows other transactions hold before a run gives up (about 10 s). */
    private static final int MAX_BLOCKED_ROUNDS = 50;
    private static final java.time.Duration BLOCKED_PAUSE = java.time.Duration.ofMillis(200);

    private Uni<Long> batches(UUID id, String target, long done) {
        return batches(id, target, done, 0);
    }

    private Uni<Long> batches(UUID id, String target, long done, int blockedRounds) {
        return pool.withTransaction(tx -> rotations.lockBatch(tx, target, batchSize).chain(batch -> {
                    if (batch.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    Uni<Void> stored = Uni.createFrom().voidItem();
                    for (SealedRow row : batch) {
                        Optional<Sealed> access = row.access().map(sealed -> vault.reseal(sealed, row.tenantId(), row.provider(), row.id(),
                                "api_key".equals(row.kind()) ? TokenField.API_KEY : TokenField.ACCESS));
                        Optional<Sealed> refresh = row.refresh()
                                .map(sealed -> vault.reseal(sealed, row.tenantId(), row.provider(), row.id(), TokenField.REFRESH));
                        stored = stored.chain(() -> rotations.store(tx, row.id(), access, refresh));
                    }
                    return stored.chain(() -> rotations.progress(tx, id, batch.size())).replaceWith(batch.size());
                }))
                .chain(count -> count > 0 ? batches(id, target, done + count, 0)
                        // Nothing lockable: done, unless rows are held by other transactions (a refresh, another run).
                        : rotations.remaining(pool, target).chain(remaining -> {
                            if (remaining == 0) {
                                return rotations.finish(pool, id, "completed", null, clock.instant()).replaceWith(done);
                            }
                            if (blockedRounds >= MAX_BLOCKED_ROUNDS) {
                                return Uni.createFrom().failure(new IllegalStateException(remaining
                                        + " rows stayed locked by other transactions; start another run to finish"));
                            }
                            return Uni.createFrom().voidItem().onItem().delayIt().by(BLOCKED_PAUSE)
                                    .chain(() -> batches(id, target, done, blockedRounds + 1));
                        }))
                .onFailure().call(failure -> rotations.finish(pool, id, "failed", failure.getMessage(), clock.instant())
                        .onFailure().recoverWithNull());
    }
}
