package com.crm.integrations.mailchimp.cluster;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import com.crm.integrations.testing.support.AppProcess;
import com.crm.integrations.testing.support.FreePorts;

/**
 * Another mailchimp-service replica beside the test's app: the jar {@code package} just built, as a child JVM on its
 * own port, configured like the test's app (its {@code integrations.*} and Kafka settings: the same database schema,
 * broker, token-service and sandbox) plus overrides. Its database sessions carry the application name {@link #NAME}, so
 * that a test can tell them from the test app's in {@code pg_stat_activity}. {@link #kill()} ends it the way a crash
 * does (SIGKILL: no shutdown, its open transaction left for PostgreSQL to roll back).
 */
public final class MailchimpReplica implements AutoCloseable {

    /** The {@code application_name} of the replica's database sessions. */
    static final String NAME = "mailchimp-replica";

    private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC");

    private final AppProcess process;

    private MailchimpReplica(AppProcess process) {
        this.process = process;
    }

    /** Starts it with the test app's configuration plus {@code overrides}, and waits until it is ready. */
    public static MailchimpReplica start(Map<String, String> overrides) {
        Config config = ConfigProvider.getConfig();
        Map<String, String> properties = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("%") || !(name.startsWith("integrations.") || name.startsWith("kafka."))) {
                continue;
            }
            try {
                config.getOptionalValue(name, String.class).ifPresent(value -> properties.put(name, value));
            } catch (RuntimeException unresolvable) {
                // a property only the test's app can resolve: the replica does without it
            }
        }
        properties.put("quarkus.datasource.reactive.additional-properties.application_name", NAME);
        properties.putAll(overrides);
        Path jar = AppProcess.packagedJar("integrations.mailchimp-service.jar", "mailchimp-service");
        try {
            Path log = Files.createTempFile("mailchimp-replica-", ".log");
            return new MailchimpReplica(AppProcess.launch("mailchimp-service", jar, FreePorts.next())
                    .whenMissing("The mailchimp-service jar " + jar + " does not exist: this is a failsafe test, run after package")
                    .jvmOptions(JVM_OPTIONS)
                    .configuration(properties)
                    .log(log)
                    .readyTimeout(Duration.ofSeconds(120))
                    .start());
        } catch (IOException cannot) {
            throw new IllegalStateException("No log file for the replica", cannot);
        }
    }

    /** {@code http://127.0.0.1:<port>}: its webhook ingress and {@code /q/metrics}. */
    public String baseUrl() {
        return process.baseUrl();
    }

    /** Deliveries this replica's inbox processor settled (applied, superseded or parked) since it started. */
    double processed() {
        return processed(baseUrl());
    }

    /** Deliveries settled by the replica at {@code baseUrl} since it started, from its {@code /q/metrics}. */
    static double processed(String baseUrl) {
        String series = "mailchimp_webhook_deliveries_processed_total{";
        return given().when().get(baseUrl + "/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith(series))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** Ends it at once, as a crash would, and returns once the process is gone. */
    void kill() {
        process.process().destroyForcibly();
        process.process().onExit().join();
    }

    Path log() {
        return process.logFile();
    }

    @Override
    public void close() {
        process.close();
    }
}
