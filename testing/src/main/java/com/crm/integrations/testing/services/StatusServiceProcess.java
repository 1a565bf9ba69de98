package com.crm.integrations.testing.services;

import com.crm.integrations.testing.support.AppProcess;
import java.util.List;
import java.util.Map;

/**
 * The real status-service, from its packaged jar ({@code <repository root>/status-service/target/quarkus-app/quarkus-run.jar},
 * or the jar {@value #JAR_PROPERTY} names), as a child JVM beside another module's tests (the reliability suite's whole
 * system).
 *
 * <p>{@link #configuration(String, String, String, Map)} configures it against the test infrastructure and its three
 * siblings: the same PostgreSQL database under its own schema ({@value #SCHEMA}), the same Kafka broker (it projects
 * the siblings' topics), the sandbox as identity provider (client {@value #NAME}), and the siblings' base URLs both for
 * its health probes ({@code integrations.status.siblings.*.url}) and for its integrations page
 * ({@code integrations.page.*-service-url}). Its log: {@code target/status-service-*.log} of the module under test.
 */
public final class StatusServiceProcess extends ServiceProcess {

    /** Its name: the module, the jar's directory, its identity client id. */
    public static final String NAME = "status-service";
    /** System property: the status-service jar to run instead of the repository's. */
    public static final String JAR_PROPERTY = "integrations.status-service.jar";
    /** Its PostgreSQL schema (its own application.properties says the same). */
    public static final String SCHEMA = "status";

    private StatusServiceProcess(AppProcess app) {
        super(app);
    }

    /**
     * Starts the status-service jar on {@code port} with exactly this configuration (its secrets in the environment) and
     * waits until it is ready.
     */
    public static StatusServiceProcess start(int port, Map<String, String> configuration, List<String> jvmOptions) {
        return new StatusServiceProcess(launch(NAME, port, configuration, jvmOptions));
    }

    /**
     * status-service's configuration for a test, against the infrastructure's configuration and its siblings at these
     * base URLs (probed, and called by its page); its streams beat every second.
     *
     * @throws IllegalArgumentException when a key it needs is missing (PostgreSQL, Kafka or the sandbox was left out)
     */
    public static Map<String, String> configuration(String tokenServiceUrl, String calendarServiceUrl, String mailchimpServiceUrl,
            Map<String, String> infrastructure) {
        Map<String, String> config = infrastructureConfiguration(NAME, SCHEMA, infrastructure);
        config.put("integrations.status.siblings.token-service.url", tokenServiceUrl);
        config.put("integrations.status.siblings.calendar-service.url", calendarServiceUrl);
        config.put("integrations.status.siblings.mailchimp-service.url", mailchimpServiceUrl);
        config.put("integrations.page.token-service-url", tokenServiceUrl);
        config.put("integrations.page.calendar-service-url", calendarServiceUrl);
        config.put("integrations.page.mailchimp-service-url", mailchimpServiceUrl);
        config.put("integrations.status.stream.heartbeat", "1s");
        return config;
    }
}
