package com.crm.integrations.testing.services;

import com.crm.integrations.testing.IntegrationInfrastructure;
import com.crm.integrations.testing.support.AppProcess;
import java.util.List;
import java.util.Map;

/**
 * The real calendar-service, from its packaged jar ({@code <repository root>/calendar-service/target/quarkus-app/quarkus-run.jar},
 * or the jar {@value #JAR_PROPERTY} names), as a child JVM beside another module's test app (status-service's), started
 * by {@link IntegrationInfrastructure} with init arg {@value IntegrationInfrastructure#CALENDAR_SERVICE_ARG}.
 *
 * <p>{@link #start(int, Map)} configures it against the test infrastructure and the real token-service: the same
 * PostgreSQL database under its own schema ({@value #SCHEMA}), the same Kafka broker (it consumes token-service's
 * {@code connection.changed} and makes a link per Google or Microsoft connection), the sandbox as identity provider
 * (client {@value #NAME}) and as Google Calendar and Microsoft Graph, token-service's internal API for access tokens,
 * and the pacing of calendar-service's own tests: a link syncs when it is made and when a test asks
 * ({@code POST /calendar/links/{id}/syncs}), never on schedule within a test; workers look for work every second or
 * faster; a provider's outage is retried within a second. Its log: {@code target/calendar-service-*.log} of the module
 * under test.
 */
public final class CalendarServiceProcess extends ServiceProcess {

    /** Its name: the module, the jar's directory, its identity client id. */
    public static final String NAME = "calendar-service";
    /** System property: the calendar-service jar to run instead of the repository's. */
    public static final String JAR_PROPERTY = "integrations.calendar-service.jar";
    /** Its PostgreSQL schema (its own application.properties says the same). */
    public static final String SCHEMA = "calendar";

    private CalendarServiceProcess(AppProcess app) {
        super(app);
    }

    /**
     * Starts calendar-service on {@code port} against the infrastructure whose configuration {@link IntegrationInfrastructure}
     * supplies, token-service's URL included, and waits until it is ready.
     *
     * @throws IllegalArgumentException when a key it needs is missing (token-service, PostgreSQL, Kafka or the sandbox was left out)
     */
    public static CalendarServiceProcess start(int port, Map<String, String> infrastructure) {
        return new CalendarServiceProcess(launch(NAME, port, configuration(infrastructure), JVM_OPTIONS));
    }

    /**
     * Starts the calendar-service jar on {@code port} with exactly this configuration (its secrets in the environment), e.g. as
     * one of several replicas behind a proxy whose URL the configuration names, and waits until it is ready.
     */
    public static CalendarServiceProcess start(int port, Map<String, String> configuration, List<String> jvmOptions) {
        return new CalendarServiceProcess(launch(NAME, port, configuration, jvmOptions));
    }

    /** calendar-service's configuration for a test, against the infrastructure's configuration (token-service's URL included). */
    public static Map<String, String> configuration(Map<String, String> infrastructure) {
        Map<String, String> config = tokenServiceClientConfiguration(NAME, SCHEMA, infrastructure);
        String sandbox = config.get(IntegrationInfrastructure.IDENTITY_URL);
        config.put("integrations.calendar.google.base-url", sandbox + "/google/calendar/v3");
        config.put("integrations.calendar.microsoft.base-url", sandbox + "/graph/v1.0");
        // A link syncs when made and when asked; the scheduled turn never comes within a test.
        config.put("integrations.calendar.sync.interval", "1h");
        config.put("integrations.calendar.sync.poll-interval", "1s");
        config.put("integrations.calendar.sync.backoff-min", "1s");
        config.put("integrations.calendar.sync.backoff-max", "2s");
        quickRetries(config, "integrations.calendar.google.http");
        quickRetries(config, "integrations.calendar.microsoft.http");
        config.put("integrations.calendar.commands.poll-interval", "1s");
        config.put("integrations.calendar.commands.backoff-min", "200ms");
        config.put("integrations.calendar.commands.backoff-max", "1s");
        config.put("integrations.calendar.commands.link-wait-interval", "1m");
        config.put("integrations.calendar.batches.give-up-after", "20s");
        config.put("integrations.calendar.batches.poll-interval", "500ms");
        config.put("integrations.calendar.batches.heartbeat", "1s");
        return config;
    }
}
