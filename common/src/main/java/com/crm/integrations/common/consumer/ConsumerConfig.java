package com.crm.integrations.common.consumer;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import com.crm.integrations.common.sql.Pruning;

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

    /**
     * Forgetting processed event ids ({@code integrations.consumer.prune.retention}, {@code .interval},
     * {@code .batch-size}). Keep the retention well above the topics' retention of records: a
     * redelivery older than it would be applied again.
     */
    Pruning.Settings prune();

}
