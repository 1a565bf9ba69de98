package com.crm.integrations.common.security;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * CORS for status-service's integrations page, driven by one key: {@code integrations.page.origins}, the origins the page
 * is served from. When it names any, {@code quarkus.http.cors.enabled} is {@code true} and common's
 * microprofile-config.properties gives Quarkus's CORS filter those origins and the page's methods and headers; unset
 * (the default), CORS stays off and no cross-origin call is answered with CORS headers. Its source sits just above
 * common's file (ordinal 100), so a service's application.properties or the environment can still set the Quarkus key.
 * Registered in {@code META-INF/services/io.smallrye.config.ConfigSourceFactory}.
 */
public class PageCorsConfigSourceFactory implements ConfigSourceFactory {

    static final String ORIGINS = "integrations.page.origins";
    static final String CORS_ENABLED = "quarkus.http.cors.enabled";
    static final int ORDINAL = 101;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue origins = context.getValue(ORIGINS);
        if (origins == null || origins.getValue() == null || origins.getValue().isBlank()) {
            return List.of();
        }
        return List.of(new PropertiesConfigSource(Map.of(CORS_ENABLED, "true"), "integrations.page.origins (CORS)", ORDINAL));
    }
}
