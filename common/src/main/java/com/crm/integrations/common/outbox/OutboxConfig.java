package com.crm.integrations.common.outbox;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import com.crm.integrations.common.sql.Pruning;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The outbox relay and its housekeeping ({@code integrations.outbox.*}). Bad values stop the
 * service at start-up.
 */
@ConfigMapping(prefix = "integrations.outbox")
public interface OutboxConfig {

    /** Publishing pending rows. */
    Relay relay();

    /** Deleting sent rows ({@code integrations.outbox.prune.retention}, {@code .interval}, {@code .batch-size}). */
    Pruning.Settings prune();

    interface Relay {

        /** Whether this replica publishes at all. Defaults to {@code true}. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Most rows one round claims and sends before it records what was acknowledged.
         * Defaults to 500; at most 1000 (the Kafka sink keeps up to 1024 records in flight).
         */
        @WithDefault("500")
        @Min(1)
        @Max(1000)
        int batchSize();

        /**
         * Most tenants one round claims. Other relays (replicas) claim the next ones, so a
         * lower value spreads a busy moment over more relays. Defaults to 100.
         */
        @WithDefault("100")
        @Min(1)
        int tenantsPerRound();

        /**
         * The fallback: how often the relay looks for pending rows without being notified (a lost
         * notification, a row left by a failed round). Commits wake it at once. Defaults to 1 s.
         */
        @WithDefault("1s")
        Duration pollInterval();

        /** First pause after a failed round (database unreachable, a record refused). Defaults to 100 ms. */
        @WithDefault("100ms")
        Duration minBackoff();

        /** Longest pause between failed rounds; pauses grow with full jitter up to it. Defaults to 5 s. */
        @WithDefault("5s")
        Duration maxBackoff();

        /** How often the pending-rows and oldest-age gauges are refreshed. Defaults to 5 s. */
        @WithDefault("5s")
        Duration metricsInterval();
    }

}
