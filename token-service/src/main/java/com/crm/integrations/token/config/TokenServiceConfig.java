package com.crm.integrations.token.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import com.crm.integrations.common.sql.Pruning;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The token service's own settings, {@code integrations.token.*} (docs/configuration.md). */
@ConfigMapping(prefix = "integrations.token")
public interface TokenServiceConfig {

    /**
     * The URL browsers reach this service at: start URLs and OAuth redirect URIs
     * ({@code <public-url>/oauth/<provider>/callback}, to register with each provider) are built
     * from it. Defaults to {@code http://localhost:8081}.
     */
    @WithDefault("http://localhost:8081")
    URI publicUrl();

    /**
     * Where the browser goes after a callback, with {@code provider}, {@code outcome} and, when one was
     * stored, {@code connection} as query parameters: the CRM's page. Defaults to this service's
     * own small page, {@code <public-url>/oauth/finished}.
     */
    Optional<URI> returnUrl();

    /** How long a started authorization (its start URL and state) stays usable. Defaults to 10 minutes. */
    @WithDefault("10m")
    Duration authorizationLifetime();

    /** An access token expiring within this is refreshed before it is handed out. Defaults to 60 s. */
    @WithDefault("60s")
    Duration refreshAhead();

    /** How long a caller waits for a refresh another caller is doing before a 503. Defaults to 5 s. */
    @WithDefault("5s")
    Duration refreshWait();

    /** How long a refresh lease lasts if its holder dies. Defaults to 30 s (above the providers' call budget). */
    @WithDefault("30s")
    Duration refreshLease();

    Encryption encryption();

    /**
     * Deleting finished and expired authorizations ({@code oauth_session}, hashes only), once
     * {@code retention} past their expiry: {@code integrations.token.sessions.retention|interval|batch-size}.
     */
    Pruning.Settings sessions();

    interface Encryption {

        /**
         * The key ring: comma-separated {@code <key id>:<base64 of 32 bytes>} entries, from the
         * environment ({@code INTEGRATIONS_TOKEN_ENCRYPTION_KEYS}). Required outside dev and test,
         * where a key is generated per start when none is given.
         */
        Optional<String> keys();

        /** The key that seals new values. May be left out when the ring has one key. */
        Optional<String> activeKey();

        /** Rows re-sealed per transaction by a key rotation. Defaults to 500. */
        @WithDefault("500")
        int rotationBatchSize();

        /**
         * How often each replica's key rotation worker looks for a run to claim or resume
         * ({@code integrations.token.encryption.rotation-interval}). Defaults to 2 s.
         */
        @WithDefault("2s")
        Duration rotationInterval();

        /**
         * How long a worker's claim on a run lasts without a batch renewing it: after a replica dies,
         * another resumes its run this long after its last batch. Defaults to 30 s.
         */
        @WithDefault("30s")
        Duration rotationLease();
    }
}
