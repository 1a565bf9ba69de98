package com.crm.integrations.mailchimp.cluster;

import static io.restassured.RestAssured.given;

import java.nio.file.Path;
import java.util.Map;

import com.crm.integrations.testing.services.TestAppReplica;

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

    private final TestAppReplica process;

    private MailchimpReplica(TestAppReplica process) {
        this.process = process;
    }

    /** Starts it with the test app's configuration plus {@code overrides}, and waits until it is ready. */
    public static MailchimpReplica start(Map<String, String> overrides) {
        Map<String, String> properties = new java.util.HashMap<>(overrides);
        properties.putIfAbsent("quarkus.datasource.reactive.additional-properties.application_name", NAME);
        return new MailchimpReplica(TestAppReplica.start("mailchimp-service", properties));
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
        process.kill();
    }

    Path log() {
        return process.log();
    }

    @Override
    public void close() {
        process.close();
    }
}
