package com.crm.integrations.token.service;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.common.problem.ResourceNotFoundException;
import com.crm.integrations.token.KeyRotation;
import com.crm.integrations.token.repository.ConnectionRepository;
import com.crm.integrations.token.repository.KeyRotationRepository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Starts key rotation runs and reports their progress: a run is a stored row towards the active key,
 * which a {@link KeyRotationWorker} on any replica claims and carries out.
 */
@Singleton
public class KeyRotationService {

    private static final Logger LOG = Logger.getLogger(KeyRotationService.class);

    /** A run and what is left: stored tokens per key id. */
    public record Progress(KeyRotation run, Map<String, Long> tokensByKey) {
    }

    private final Pool pool;
    private final KeyRotationRepository rotations;
    private final ConnectionRepository connections;
    private final TokenVault vault;
    private final Clock clock = Clock.systemUTC();

    public KeyRotationService(Pool pool, KeyRotationRepository rotations, ConnectionRepository connections, TokenVault vault) {
        this.pool = pool;
        this.rotations = rotations;
        this.connections = connections;
        this.vault = vault;
    }

    /** Stores a run towards the active key; a worker picks it up within the rotation interval. */
    public Uni<KeyRotation> start(String requestedBy) {
        String target = vault.keyRing().active().id();
        return rotations.insert(pool, UUID.randomUUID(), target, requestedBy, clock.instant())
                .invoke(run -> LOG.infof("Key rotation %s requested by %s: every token to be re-sealed under key %s", run.id(),
                        requestedBy, target));
    }

    /** @throws ResourceNotFoundException when there is no such run */
    public Uni<Progress> progress(UUID id) {
        return rotations.find(pool, id)
                .map(found -> found.orElseThrow(() -> new ResourceNotFoundException("No key rotation " + id)))
                .chain(run -> connections.tokensByKey(pool).map(counts -> new Progress(run, counts)));
    }
}
