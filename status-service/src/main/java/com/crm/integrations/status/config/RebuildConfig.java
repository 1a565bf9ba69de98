package com.crm.integrations.status.config;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Rebuilding the projection from the topics ({@code integrations.status.rebuild.*}); docs/status.md, "Rebuilding". */
@ConfigMapping(prefix = "integrations.status.rebuild")
public interface RebuildConfig {

    /** How often each replica looks for a rebuild to run (one replica runs it, holding its lease). Defaults to 2 s. */
    @WithDefault("2s")
    Duration pollInterval();

    /**
     * How long the replica running a rebuild holds it without renewing (it renews after each batch): a replica that
     * died leaves it to another after this. Defaults to 30 s.
     */
    @WithDefault("30s")
    Duration lease();

    /** Records read per poll of the topics, and applied per transaction. Defaults to 500. */
    @WithDefault("500")
    @Min(1)
    @Max(10_000)
    int maxPollRecords();

    /** How long a replaced generation's rows are kept (to compare, or to look back) before they are deleted. Defaults to 1 h. */
    @WithDefault("1h")
    Duration keepRetired();

    /** How often replaced generations are looked for, to delete their rows. Defaults to 1 minute. */
    @WithDefault("1m")
    Duration purgeInterval();
}
