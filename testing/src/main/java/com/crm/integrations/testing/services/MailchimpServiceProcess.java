package com.crm.integrations.testing.services;

import com.crm.integrations.testing.IntegrationInfrastructure;
import com.crm.integrations.testing.support.AppProcess;
import java.util.List;
import java.util.Map;

/**
 * The real mailchimp-service, from its packaged jar ({@code <repository root>/mailchimp-service/target/quarkus-app/quarkus-run.jar},
 * or the jar {@value #JAR_PROPERTY} names), as a child JVM beside another module's test app (status-service's), started
 * by {@link IntegrationInfrastructure} with init arg {@value IntegrationInfrastructure#MAILCHIMP_SERVICE_ARG}.
 *
 * <p>{@link #start(int, Map)} configures it against the test infrastructure and the real token-service: the same
 * PostgreSQL database under its own schema ({@value #SCHEMA}), the same Kafka broker, the sandbox as identity provider
 * (client {@value #NAME}), token-service's internal API for connection facts and Mailchimp tokens (whose
 * {@code apiEndpoint} is the sandbox's Mailchimp stand-in), its own URL as the webhooks' public URL (the sandbox's
 * Mailchimp registers, checks and posts the audiences' webhooks there), and the pacing of mailchimp-service's own
 * tests: the inbox, imports, commands and reconciliation look for work every 200-500 ms, an audience's activity is
 * published within a second or two, a Mailchimp outage is retried within a second. Its log:
 * {@code target/mailchimp-service-*.log} of the module under test.
 */
public final class MailchimpServiceProcess extends ServiceProcess {

    /** Its name: the module, the jar's directory, its identity client id. */
    public static final String NAME = "mailchimp-service";
    /** System property: the mailchimp-service jar to run instead of the repository's. */
    public static final String JAR_PROPERTY = "integrations.mailchimp-service.jar";
    /** Its PostgreSQL schema (its own application.properties says the same). */
    public static final String SCHEMA = "mailchimp";

    private MailchimpServiceProcess(AppProcess app) {
        super(app);
    }

    /**
     * Starts mailchimp-service on {@code port} against the infrastructure whose configuration {@link IntegrationInfrastructure}
     * supplies, token-service's URL included, and waits until it is ready.
     *
     * @throws IllegalArgumentException when a key it needs is missing (token-service, PostgreSQL, Kafka or the sandbox was left out)
     */
    public static MailchimpServiceProcess start(int port, Map<String, String> infrastructure) {
        return new MailchimpServiceProcess(launch(NAME, port, configuration(urlOf(port), infrastructure), JVM_OPTIONS));
    }

    /**
     * Starts the mailchimp-service jar on {@code port} with exactly this configuration (its secrets in the environment), e.g. as
     * one of several replicas behind a proxy whose URL the configuration names, and waits until it is ready.
     */
    public static MailchimpServiceProcess start(int port, Map<String, String> configuration, List<String> jvmOptions) {
        return new MailchimpServiceProcess(launch(NAME, port, configuration, jvmOptions));
    }

    /**
     * mailchimp-service's configuration for a test: at {@code url} (the public URL of its webhook ingress), against the
     * infrastructure's configuration (token-service's URL included).
     */
    public static Map<String, String> configuration(String url, Map<String, String> infrastructure) {
        Map<String, String> config = tokenServiceClientConfiguration(NAME, SCHEMA, infrastructure);
        config.put("integrations.mailchimp.webhooks.public-url", url);
        config.put("integrations.mailchimp.inbox.poll-interval", "200ms");
        config.put("integrations.mailchimp.inbox.unknown-member-wait", "3s");
        config.put("integrations.mailchimp.inbox.retry-delay", "200ms");
        config.put("integrations.mailchimp.api.import-poll-interval", "500ms");
        config.put("integrations.mailchimp.api.import-retry-delay", "200ms");
        config.put("integrations.mailchimp.api.throttle-wait", "200ms");
        quickRetries(config, "integrations.mailchimp.api.http");
        config.put("integrations.mailchimp.activity.interval", "1s");
        config.put("integrations.mailchimp.activity.check-every", "1s");
        config.put("integrations.mailchimp.commands.poll-interval", "200ms");
        config.put("integrations.mailchimp.commands.min-retry-delay", "200ms");
        config.put("integrations.mailchimp.commands.max-retry-delay", "2s");
        config.put("integrations.mailchimp.commands.batch-poll-interval", "300ms");
        config.put("integrations.mailchimp.reconciliation.check-every", "500ms");
        return config;
    }
}
