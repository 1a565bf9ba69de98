package com.crm.integrations.token.service;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

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

    void check(@Observes StartupEvent start, Pool pool, TokenVault vault) {
        Set<String> stored = new TreeSet<>();
        pool.query("SELECT access_key_id AS key_id FROM connection WHERE access_key_id IS NOT NULL "
                + "UNION SELECT refresh_key_id FROM connection WHERE refresh_key_id IS NOT NULL")
                .execute().await().atMost(Duration.ofSeconds(30))
                .forEach(row -> stored.add(row.getString("key_id")));
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
