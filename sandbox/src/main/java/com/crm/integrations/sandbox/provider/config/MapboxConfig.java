package com.crm.integrations.sandbox.provider.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The Mapbox stand-in ({@code sandbox.mapbox.*}). */
@ConfigMapping(prefix = "sandbox.mapbox")
public interface MapboxConfig {

    /** Longest (and default) lifetime of a temporary {@code tk} token. Defaults to 1 hour. */
    @WithDefault("1h")
    Duration temporaryTokenMaxLifetime();
}
