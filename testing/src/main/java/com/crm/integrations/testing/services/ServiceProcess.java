package com.crm.integrations.testing.services;

import com.crm.integrations.testing.IntegrationInfrastructure;
import com.crm.integrations.testing.support.AppProcess;
import com.crm.integrations.testing.support.ChildApp;
import com.crm.integrations.testing.support.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One of this repository's services, from its packaged jar ({@code <repository root>/<service>/target/quarkus-app/quarkus-run.jar},
 * or the jar the system property {@code integrations.<service>.jar} names), as a child JVM beside another module's test
 * app: a Quarkus test JVM runs one app, and the services that work together (status-service with calendar-service,
 * mailchimp-service and token-service) are tested against the real ones. What every such launcher shares lives here:
 * the jar and the hint to package it, the JVM's options, the configuration every service takes from the test
 * infrastructure (PostgreSQL under the service's own schema, Kafka, the sandbox as identity provider with the shared
 * client secret; the client id is the service's {@code quarkus.application.name}), and a log file in {@code target/} of
 * the module under test that is kept after the run.
 *
 * <p>Its secrets travel in its environment ({@link AppProcess#isSecret}), never on its command line; it counts as
 * started once {@code /q/health/ready} answers 200, and is SIGKILLed as soon as the test JVM dies ({@link AppProcess}).
 * {@link TokenServiceProcess}, {@link CalendarServiceProcess} and {@link MailchimpServiceProcess} add what each service
 * needs on top.
 */
public abstract class ServiceProcess extends ChildApp {

    /** A 256 MB heap; C1 only (it starts faster, and the tests that use it are short). */
    public static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:-UsePerfData");

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    /** What the test resource hands on unchanged: the services' own names for where the infrastructure is. */
    private static final List<String> SHARED_KEYS = List.of(IntegrationInfrastructure.POSTGRES_HOST,
            IntegrationInfrastructure.POSTGRES_PORT, IntegrationInfrastructure.POSTGRES_DATABASE,
            IntegrationInfrastructure.POSTGRES_USERNAME, IntegrationInfrastructure.POSTGRES_PASSWORD,
            IntegrationInfrastructure.KAFKA_BOOTSTRAP_SERVERS, IntegrationInfrastructure.IDENTITY_URL,
            IntegrationInfrastructure.IDENTITY_CLIENT_SECRET);
    private static final String NEEDS_INFRASTRUCTURE = "PostgreSQL, Kafka and the sandbox";

    protected ServiceProcess(AppProcess app) {
        super(app);
    }

    /** {@code http://127.0.0.1:<port>}: where a service started on {@code port} answers. */
    public static String urlOf(int port) {
        return "http://" + FreePorts.LOOPBACK + ":" + port;
    }

    /** The system property that names another jar for {@code service}: {@code integrations.<service>.jar}. */
    public static String jarProperty(String service) {
        return "integrations." + service + ".jar";
    }

    /** {@code service}'s jar: the one {@link #jarProperty} names if set, else the repository's packaged one. */
    public static Path locateJar(String service) {
        return AppProcess.packagedJar(jarProperty(service), service);
    }

    /**
     * Starts {@code service}'s jar on {@code port} with exactly this configuration (its secrets in the environment) and
     * these JVM options, logging to {@code target/<service>-*.log}, and waits until it is ready.
     */
    protected static AppProcess launch(String service, int port, Map<String, String> configuration, List<String> jvmOptions) {
        Path jar = locateJar(service);
        return AppProcess.launch(service, jar, port)
                .whenMissing("The " + service + " jar " + jar + " does not exist: package it first (./mvnw package -pl " + service
                        + " -am -DskipTests; a module whose tests start it has a test dependency on " + service
                        + " for the build order), or set -D" + jarProperty(service) + " to another " + service + " jar")
                .jvmOptions(jvmOptions)
                .configuration(configuration)
                .log(newLogFile(service))
                .readyTimeout(READY_TIMEOUT)
                .start();
    }

    /**
     * What every service takes from the test infrastructure: PostgreSQL (under {@code schema}), Kafka, the identity
     * provider and the identity client secret, and what the test asks every sibling to be configured with
     * ({@value IntegrationInfrastructure#SIBLINGS_PREFIX}…).
     *
     * @throws IllegalArgumentException when one is missing (PostgreSQL, Kafka or the sandbox was left out)
     */
    protected static Map<String, String> infrastructureConfiguration(String service, String schema, Map<String, String> infrastructure) {
        Map<String, String> config = new LinkedHashMap<>();
        for (String key : SHARED_KEYS) {
            config.put(key, required(service, infrastructure, key, NEEDS_INFRASTRUCTURE));
        }
        config.put("integrations.postgres.schema", schema);
        infrastructure.forEach((key, value) -> {
            if (key.startsWith(IntegrationInfrastructure.SIBLINGS_PREFIX)) {
                config.put(key.substring(IntegrationInfrastructure.SIBLINGS_PREFIX.length()), value);
            }
        });
        return config;
    }

    /**
     * The configuration of a service that asks token-service for tokens and connection facts: {@link
     * #infrastructureConfiguration} plus token-service's URL ({@value IntegrationInfrastructure#TOKEN_SERVICE_URL}).
     *
     * @throws IllegalArgumentException when a key is missing (token-service, PostgreSQL, Kafka or the sandbox was left out)
     */
    protected static Map<String, String> tokenServiceClientConfiguration(String service, String schema,
            Map<String, String> infrastructure) {
        Map<String, String> config = infrastructureConfiguration(service, schema, infrastructure);
        config.put(IntegrationInfrastructure.TOKEN_SERVICE_URL, required(service, infrastructure,
                IntegrationInfrastructure.TOKEN_SERVICE_URL, NEEDS_INFRASTRUCTURE + ", and token-service after them"));
        return config;
    }

    /**
     * Quick retries for a guard of common's {@code HttpGuardConfig} under {@code prefix} (e.g.
     * {@code integrations.mailchimp.api.http}): one retry 50-100 ms later, a {@code Retry-After} waited for up to 1 s, and
     * an open breaker that tries again after 2 s, so that an outage a test provokes costs it seconds, not minutes.
     */
    protected static void quickRetries(Map<String, String> config, String prefix) {
        config.put(prefix + ".max-retries", "1");
        config.put(prefix + ".min-backoff", "50ms");
        config.put(prefix + ".max-backoff", "100ms");
        config.put(prefix + ".max-retry-after", "1s");
        config.put(prefix + ".breaker-delay", "2s");
    }

    /**
     * {@code key} from the infrastructure's configuration.
     *
     * @param startItWith what the test infrastructure must have started for the key to be there
     * @throws IllegalArgumentException when it is missing
     */
    protected static String required(String service, Map<String, String> infrastructure, String key, String startItWith) {
        String value = infrastructure.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(service + " needs " + key + " from the test infrastructure: start it with " + startItWith);
        }
        return value;
    }

    /** {@code target/<service>-*.log} of the module under test (the working directory), else one in the temp directory. */
    private static Path newLogFile(String service) {
        Path target = Path.of("target");
        try {
            return Files.isDirectory(target) ? Files.createTempFile(target, service + "-", ".log")
                    : Files.createTempFile(service + "-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + service + "'s log file", e);
        }
    }
}
