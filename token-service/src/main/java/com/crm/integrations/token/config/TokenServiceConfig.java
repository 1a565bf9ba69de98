package com.crm.integrations.token.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

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

    /**
     * An access token expiring within this is refreshed before it is handed out, or within
     * {@link #refreshAheadFraction()} of the lifetime the provider granted it, whichever is shorter.
     * Defaults to 60 s.
     */
    @WithDefault("60s")
    Duration refreshAhead();

    /**
     * The share of a token's granted lifetime within which it counts as due (on demand and in scheduled
     * runs): a 60 s token is refreshed in its last 15 s, not on every call. Defaults to 0.25.
     */
    @WithDefault("0.25")
    @DecimalMin("0.01")
    @DecimalMax("0.9")
    double refreshAheadFraction();

    /** How long a caller waits for a refresh another caller is doing before a 503. Defaults to 5 s. */
    @WithDefault("5s")
    Duration refreshWait();

    /** How long a refresh lease lasts if its holder dies. Defaults to 30 s (above the providers' call budget). */
    @WithDefault("30s")
    Duration refreshLease();

    Encryption encryption();

    Refresh refresh();

    Health health();

    /**
     * Deleting finished and expired authorizations ({@code oauth_session}, hashes only), once
     * {@code retention} past their expiry: {@code integrations.token.sessions.retention|interval|batch-size}.
     */
    Pruning.Settings sessions();

    /** Refresh runs, scheduled and asked for ({@code integrations.token.refresh.*}, docs/token-refresh.md). */
    interface Refresh {

        /** Whether this replica starts a run every {@link #interval()}; off when a CronJob starts them. Defaults to true. */
        @WithDefault("true")
        boolean scheduleEnabled();

        /** How often a scheduled run starts (cluster-wide: one per interval, whichever replica starts it). Defaults to 60 s. */
        @WithDefault("60s")
        Duration interval();

        /** A scheduled run refreshes tokens expiring within this (and within the lifetime fraction). Defaults to 10 minutes. */
        @WithDefault("10m")
        Duration margin();

        /** Refreshes in flight per replica. Defaults to 32. */
        @WithDefault("32")
        @Min(1)
        @Max(1024)
        int concurrency();

        /**
         * Token-endpoint calls per second per provider and per replica (the cluster's total is replicas ×
         * this). Defaults to 50.
         */
        @WithDefault("50")
        @DecimalMin("0.1")
        double ratePerSecond();

        /** Per provider, instead of {@link #ratePerSecond()}: {@code integrations.token.refresh.provider-rates.google=200}. */
        Map<String, Double> providerRates();

        /** How often each replica looks for a running run to work on. Defaults to 2 s. */
        @WithDefault("2s")
        Duration pollInterval();

        /** The first pause after a transient failure; it doubles per failure, with jitter. Defaults to 30 s. */
        @WithDefault("30s")
        Duration backoffMin();

        /** The longest pause after transient failures. Defaults to 30 minutes. */
        @WithDefault("30m")
        Duration backoffMax();

        /** How many of the slowest refreshes a run's report lists. Defaults to 10. */
        @WithDefault("10")
        @Min(0)
        @Max(100)
        int slowest();

        /** Deleting finished runs and their items: {@code integrations.token.refresh.runs.retention|interval|batch-size}. */
        Pruning.Settings runs();
    }

    /** Health checks of connections whose tokens never expire ({@code integrations.token.health.*}). */
    interface Health {

        /** Whether this replica checks connections. Defaults to true. */
        @WithDefault("true")
        boolean enabled();

        /** How often each API key and non-expiring OAuth token is checked (spread ±25 %). Defaults to 6 hours. */
        @WithDefault("6h")
        Duration interval();

        /** How often each replica looks for connections due for a check. Defaults to 1 minute. */
        @WithDefault("1m")
        Duration pollInterval();

        /** Connections checked per look, 8 at a time. Defaults to 200. */
        @WithDefault("200")
        @Min(1)
        int batchSize();
    }

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
