package com.crm.integrations.testing.services;

import com.crm.integrations.testing.IntegrationInfrastructure;
import com.crm.integrations.testing.support.AppProcess;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The real token-service, from its packaged jar ({@code <repository root>/token-service/target/quarkus-app/quarkus-run.jar},
 * or the jar {@value #JAR_PROPERTY} names), as a child JVM for other modules' tests: a Quarkus test JVM
 * runs one app, and calendar-service, mailchimp-service and status-service ask token-service for tokens.
 *
 * <p>{@link #start(int, Map)} configures it against the infrastructure {@link IntegrationInfrastructure}
 * started: the same PostgreSQL database under its own schema ({@value #SCHEMA}), the same Kafka broker,
 * the sandbox as identity provider and as every provider ({@link #OAUTH_PROVIDERS} by OAuth, Mapbox by API
 * key), and a key ring generated for this start. Its secrets (database password, client secrets, key ring)
 * travel in its environment, never on its command line. It logs to {@code target/token-service-*.log} of
 * the module under test (kept after the run; failure messages name it), and is SIGKILLed as soon as the
 * test JVM dies ({@link ServiceProcess}).
 */
public final class TokenServiceProcess extends ServiceProcess {

    /** Its name: the module, the jar's directory, its identity client id. */
    public static final String NAME = "token-service";
    /** System property: the token-service jar to run instead of the repository's. */
    public static final String JAR_PROPERTY = "integrations.token-service.jar";
    /** Its PostgreSQL schema (its own application.properties says the same). */
    public static final String SCHEMA = "token";
    /** The providers it connects by OAuth against the sandbox: the sandbox must accept their callbacks ({@link #callbackUris}). */
    public static final List<String> OAUTH_PROVIDERS = List.of("google", "microsoft", "mailchimp");

    private TokenServiceProcess(AppProcess app) {
        super(app);
    }

    /**
     * Starts token-service on {@code port} against the infrastructure whose configuration
     * {@link IntegrationInfrastructure} supplies (PostgreSQL, Kafka, sandbox and the providers' client
     * secret), and waits until it is ready.
     *
     * @throws IllegalArgumentException when a key it needs is missing (PostgreSQL, Kafka or the sandbox was left out)
     */
    public static TokenServiceProcess start(int port, Map<String, String> infrastructure) {
        return start(port, configuration(urlOf(port), infrastructure), JVM_OPTIONS);
    }

    /**
     * Starts the token-service jar with exactly this configuration (its secrets, {@link AppProcess#isSecret},
     * in the environment), e.g. as a second replica of a token-service test's app, and waits until it is ready.
     */
    public static TokenServiceProcess start(int port, Map<String, String> configuration, List<String> jvmOptions) {
        return new TokenServiceProcess(launch(NAME, port, configuration, jvmOptions));
    }

    /**
     * token-service's configuration for a test: at {@code url} (its public URL, so its OAuth redirect URIs
     * are {@link #callbackUris(String)}), against the infrastructure's configuration.
     */
    public static Map<String, String> configuration(String url, Map<String, String> infrastructure) {
        Map<String, String> config = infrastructureConfiguration(NAME, SCHEMA, infrastructure);
        String sandbox = config.get(IntegrationInfrastructure.IDENTITY_URL);
        String providersSecret = required(NAME, infrastructure, IntegrationInfrastructure.PROVIDERS_CLIENT_SECRET, "the sandbox");
        config.put("integrations.token.public-url", url);
        config.put("integrations.token.encryption.keys", newKeyRing());
        // Refresh runs only when a test asks for one (TokenServiceConnections.requireReauthentication), picked up fast.
        config.put("integrations.token.refresh.schedule-enabled", "false");
        config.put("integrations.token.refresh.poll-interval", "1s");
        provider(config, "google", "sandbox-client.apps.googleusercontent.com", providersSecret);
        config.put("integrations.providers.google.authorization-url", sandbox + "/google/o/oauth2/v2/auth");
        config.put("integrations.providers.google.token-url", sandbox + "/google/token");
        config.put("integrations.providers.google.revoke-url", sandbox + "/google/revoke");
        provider(config, "microsoft", "00000000-0000-4000-8000-000000000001", providersSecret);
        config.put("integrations.providers.microsoft.authorization-url", sandbox + "/microsoft/{tenant}/oauth2/v2.0/authorize");
        config.put("integrations.providers.microsoft.token-url", sandbox + "/microsoft/{tenant}/oauth2/v2.0/token");
        provider(config, "mailchimp", "123456789012", providersSecret);
        config.put("integrations.providers.mailchimp.authorization-url", sandbox + "/mailchimp/oauth2/authorize");
        config.put("integrations.providers.mailchimp.token-url", sandbox + "/mailchimp/oauth2/token");
        config.put("integrations.providers.mailchimp.metadata-url", sandbox + "/mailchimp/oauth2/metadata");
        config.put("integrations.providers.mailchimp.api-endpoint-template", sandbox + "/mailchimp-api/{dc}");
        config.put("integrations.providers.mapbox.token-check-url", sandbox + "/mapbox/tokens/v2");
        for (String provider : List.of("google", "microsoft", "mailchimp", "mapbox")) {
            // Fast retries: a test's injected provider outage costs milliseconds, not seconds.
            config.put("integrations.providers." + provider + ".http.min-backoff", "10ms");
            config.put("integrations.providers." + provider + ".http.max-backoff", "50ms");
        }
        return config;
    }

    /** The redirect URIs of a token-service at {@code url}: {@code <url>/oauth/<provider>/callback} for each of {@link #OAUTH_PROVIDERS}. */
    public static List<String> callbackUris(String url) {
        return OAUTH_PROVIDERS.stream().map(provider -> url + "/oauth/" + provider + "/callback").toList();
    }

    /** A key ring of one fresh AES-256 key, {@code <id>:<base64>}: made for one start, never stored. */
    public static String newKeyRing() {
        SecureRandom random = new SecureRandom();
        byte[] key = new byte[32];
        random.nextBytes(key);
        byte[] id = new byte[4];
        random.nextBytes(id);
        return "test-" + HexFormat.of().formatHex(id) + ":" + Base64.getEncoder().encodeToString(key);
    }

    private static void provider(Map<String, String> config, String name, String clientId, String clientSecret) {
        config.put("integrations.providers." + name + ".client-id", clientId);
        config.put("integrations.providers." + name + ".client-secret", clientSecret);
    }
}
