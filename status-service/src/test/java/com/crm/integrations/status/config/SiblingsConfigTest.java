package com.crm.integrations.status.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.crm.integrations.status.Integration.Sibling;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

class SiblingsConfigTest {

    private static SiblingsConfig load(Map<String, String> properties) {
        return load(properties, Map.of());
    }

    private static SiblingsConfig load(Map<String, String> properties, Map<String, String> environment) {
        // Durations as Quarkus reads them ("10s"), as it does for the service.
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(SiblingsConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 250), new EnvConfigSource(environment, 300)).build();
        return config.getConfigMapping(SiblingsConfig.class);
    }

    @Test
    void defaultsToTheLocalRun() {
        // When
        SiblingsConfig config = load(Map.of());

        // Then
        assertEquals(Optional.of("http://localhost:8081"), config.url(Sibling.TOKEN_SERVICE));
        assertEquals(Optional.of("http://localhost:8082"), config.url(Sibling.CALENDAR_SERVICE));
        assertEquals(Optional.of("http://localhost:8083"), config.url(Sibling.MAILCHIMP_SERVICE));
        assertEquals(Duration.ofSeconds(10), config.probeInterval());
        assertEquals(Duration.ofSeconds(3), config.timeout());
        assertEquals(Duration.ofSeconds(30), config.grace());
        assertEquals(1000, config.maxLag());
    }

    @Test
    void anEmptyUrlIsNotProbed() {
        // When
        SiblingsConfig config = load(Map.of("integrations.status.siblings.mailchimp-service.url", ""));

        // Then
        assertEquals(Optional.empty(), config.url(Sibling.MAILCHIMP_SERVICE));
        assertEquals(Optional.of("http://localhost:8081"), config.url(Sibling.TOKEN_SERVICE));
    }

    @Test
    void aTrailingSlashIsDropped() {
        // When
        SiblingsConfig config = load(Map.of("integrations.status.siblings.calendar-service.url", "http://calendar-service/"));

        // Then
        assertEquals(Optional.of("http://calendar-service"), config.url(Sibling.CALENDAR_SERVICE));
    }

    @Test
    void theEnvironmentSetsTheUrlsAsKubernetesDoes() {
        // When
        SiblingsConfig config = load(Map.of(), Map.of("INTEGRATIONS_STATUS_SIBLINGS_CALENDAR_SERVICE_URL", "http://calendar-service",
                "INTEGRATIONS_STATUS_SIBLINGS_MAX_LAG", "5000"));

        // Then
        assertEquals(Optional.of("http://calendar-service"), config.url(Sibling.CALENDAR_SERVICE));
        assertEquals(5000, config.maxLag());
    }
}
