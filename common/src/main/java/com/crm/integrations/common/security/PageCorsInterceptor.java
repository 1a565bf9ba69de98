package com.crm.integrations.common.security;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;

/**
 * CORS for status-service's integrations page, driven by one key: {@code integrations.page.origins}, the origins the page
 * is served from. common's microprofile-config.properties gives Quarkus's CORS filter those origins and the page's
 * methods and headers, and sets {@code quarkus.http.cors.enabled=false}; this interceptor answers {@code true} for that
 * key instead when the origins name any. So CORS is off by default (no CORS headers for anyone) and on wherever the key
 * is set: in a service's file, the environment, or a {@code quarkus.config.locations} file as ./run's (a
 * {@code ConfigSourceFactory} would not see those). A value set above common's file (ordinal 100) is left as it is.
 * Registered in {@code META-INF/services/io.smallrye.config.ConfigSourceInterceptor}.
 */
public class PageCorsInterceptor implements ConfigSourceInterceptor {

    static final String ORIGINS = "integrations.page.origins";
    static final String CORS_ENABLED = "quarkus.http.cors.enabled";
    /** common's microprofile-config.properties. */
    static final int COMMON_ORDINAL = 100;

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (!CORS_ENABLED.equals(name) || value != null && value.getConfigSourceOrdinal() > COMMON_ORDINAL) {
            return value;
        }
        ConfigValue origins = context.proceed(ORIGINS);
        if (origins == null || origins.getValue() == null || origins.getValue().isBlank()) {
            return value;
        }
        return ConfigValue.builder().withName(CORS_ENABLED).withValue("true")
                .withConfigSourceName(origins.getConfigSourceName() + " (" + ORIGINS + ")")
                .withConfigSourceOrdinal(origins.getConfigSourceOrdinal()).build();
    }
}
