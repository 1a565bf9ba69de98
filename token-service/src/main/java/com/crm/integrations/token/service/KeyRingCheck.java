package com.crm.integrations.token.service;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.token.repository.ConnectionRepository;

import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * At start-up, after the migrations: every key id a stored token names must be in the key ring, or
 * the service stops and names the missing ids (a key removed before its rows were re-sealed, or
 * the wrong ring). Better than failing one request at a time.
 */
@Singleton
public class KeyRingCheck {

    private static final Logger LOG = Logger.getLogger(KeyRingCheck.class);

    void check(@Observes StartupEvent start, Pool pool, TokenVault vault, ConnectionRepository connections) {
        Set<String> stored = connections.keyIds(pool).await().atMost(Duration.ofSeconds(30));
        Set<String> missing = new TreeSet<>(stored);
        missing.removeAll(vault.keyRing().ids());
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Stored tokens are sealed under key ids missing from the key ring: " + missing
                    + ". Add them back to INTEGRATIONS_TOKEN_ENCRYPTION_KEYS (and finish the rotation before removing a key).");
        }
        LOG.infof("Key ring: active key %s, keys %s; stored tokens use %s", vault.keyRing().active().id(), vault.keyRing().ids(),
                stored);
    }
}
