package com.crm.integrations.common.sql;

import java.util.Optional;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import io.smallrye.config.ConfigMapping;

/**
 * Where the service's PostgreSQL is ({@code integrations.postgres.*}): the one source the reactive
 * pool's and Flyway's URLs are built from (common's {@code microprofile-config.properties}) and that
 * connections of our own, such as the outbox relay's listening connection, are opened with. Set from
 * the environment ({@code INTEGRATIONS_POSTGRES_HOST}, …); bad values stop the service at start-up.
 */
@ConfigMapping(prefix = "integrations.postgres")
public interface PostgresConfig {

    String host();

    @Min(1)
    @Max(65535)
    int port();

    String database();

    String username();

    /** Empty (no password) in the local run. */
    Optional<String> password();

    /**
     * The service's own schema: its tables, its Flyway history, and its outbox's notification
     * channel. Lower-case letters, digits and underscores.
     */
    @Pattern(regexp = "[a-z_][a-z0-9_]*")
    String schema();
}
