package com.crm.integrations.common.consumer;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Idempotent consumers ({@code integrations.consumer.*}). Bad values stop the service at start-up. */
@ConfigMapping(prefix = "integrations.consumer")
public interface ConsumerConfig {

    /**
     * Attempts at an event whose handler fails before it goes to the consumer's dead-letter topic.
     * A malformed event goes there at once. Defaults to 5.
     */
    @WithDefault("5")
    @Min(1)
    @Max(100)
    int maxAttempts();

    /** Pause before the second attempt; later pauses grow, with jitter, to {@link #maxBackoff()}. Defaults to 200 ms. */
    @WithDefault("200ms")
    Duration minBackoff();

    /** Longest pause between attempts. Defaults to 5 s. */
    @WithDefault("5s")
    Duration maxBackoff();

    /** Remembering processed events. */
    Prune prune();

    interface Prune {

        /**
         * How long a processed event id is remembered. A redelivery older than this would be applied
         * again: keep it well above the topics' retention of unconsumed records. Defaults to 7 days.
         */
        @WithDefault("P7D")
        Duration retention();

        /** How often pruning runs. Defaults to 1 minute. */
        @WithDefault("1m")
        Duration interval();

        /** Ids deleted per statement. Defaults to 1000. */
        @WithDefault("1000")
        @Min(1)
        @Max(100_000)
        int batchSize();
    }
}
