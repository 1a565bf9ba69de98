package com.crm.integrations.testing.services;

import com.crm.integrations.testing.IntegrationInfrastructure;
import com.crm.integrations.testing.support.AppProcess;
import com.crm.integrations.testing.support.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
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
 * test JVM dies ({@link AppProcess}).
 */
public final class TokenServiceProcess implements AutoCloseable {

    /** System property: the token-service jar to run instead of the repository's. */
    public static final String JAR_PROPERTY = "integrations.token-service.jar";
    /** Its PostgreSQL schema (its own application.properties says the same). */
    public static final String SCHEMA = "token";
    /** The providers it connects by OAuth against the sandbox: the sandbox must accept their callbacks ({@link #callbackUris}). */
    public static final List<String> OAUTH_PROVIDERS = List.of("google", "microsoft", "mailchimp");
    /** A 256 MB heap; C1 only (it starts faster, and the tests that use it are short). */
    public static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:-UsePerfData");

    private static final String NAME = "token-service";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    /** What the test resource hands on unchanged: the services' own names for where the infrastructure is. */
    private static final List<String> SHARED_KEYS = List.of(IntegrationInfrastructure.POSTGRES_HOST,
            IntegrationInfrastructure.POSTGRES_PORT, IntegrationInfrastructure.POSTGRES_DATABASE,
            IntegrationInfrastructure.POSTGRES_USERNAME, IntegrationInfrastructure.POSTGRES_PASSWORD,
            IntegrationInfrastructure.KAFKA_BOOTSTRAP_SERVERS, IntegrationInfrastructure.IDENTITY_URL,
            IntegrationInfrastructure.IDENTITY_CLIENT_SECRET);

    private final AppProcess app;

    private TokenServiceProcess(AppProcess app) {
        this.app = app;
    }

    /**
     * Starts token-service on {@code port} against the infrastructure whose configuration
     * {@link IntegrationInfrastructure} supplies (PostgreSQL, Kafka, sandbox and the providers' client
     * secret), and waits until it is ready.
     *
     * @throws IllegalArgumentException when a key it needs is missing (PostgreSQL, Kafka or the sandbox was left out)
     */
    public static TokenServiceProcess start(int port, Map<String, String> infrastructure) {
        return start(port, configuration("http://" + FreePorts.LOOPBACK + ":" + port, infrastructure), JVM_OPTIONS);
    }

    /**
     * Starts the token-service jar with exactly this configuration (its secrets, {@link AppProcess#isSecret},
     * in the environment), e.g. as a second replica of a token-service test's app, and waits until it is ready.
     */
    public static TokenServiceProcess start(int port, Map<String, String> configuration, List<String> jvmOptions) {
        Path jar = locateJar();
        return new TokenServiceProcess(AppProcess.launch(NAME, jar, port)
                .whenMissing("The token-service jar " + jar + " does not exist: package it first (./mvnw package -pl token-service -am"
                        + " -DskipTests; a module whose tests start it has a test dependency on token-service for the build order),"
                        + " or set -D" + JAR_PROPERTY + " to another token-service jar")
                .jvmOptions(jvmOptions)
                .configuration(configuration)
                .log(newLogFile())
                .readyTimeout(READY_TIMEOUT)
                .start());
    }

    /**
     * token-service's configuration for a test: at {@code url} (its public URL, so its OAuth redirect URIs
     * are {@link #callbackUris(String)}), against the infrastructure's configuration.
     */
    public static Map<String, String> configuration(String url, Map<String, String> infrastructure) {
        Map<String, String> config = new LinkedHashMap<>();
        for (String key : SHARED_KEYS) {
            config.put(key, required(infrastructure, key));
        }
        String sandbox = required(infrastructure, IntegrationInfrastructure.IDENTITY_URL);
        String providersSecret = required(infrastructure, IntegrationInfrastructure.PROVIDERS_CLIENT_SECRET);
        config.put("integrations.postgres.schema", SCHEMA);
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

    /** The token-service jar: {@value #JAR_PROPERTY} if set, else the repository's packaged token-service. */
    public static Path locateJar() {
        return AppProcess.packagedJar(JAR_PROPERTY, NAME);
    }

    public int port() {
        return app.port();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return app.baseUrl();
    }

    /** Everything it logged (kept after {@link #close()}). */
    public Path logFile() {
        return app.logFile();
    }

    public ProcessHandle process() {
        return app.process();
    }

    /** Stops it (SIGTERM, SIGKILL after 10 s); its log stays. */
    @Override
    public void close() {
        app.close();
    }

    @Override
    public String toString() {
        return app.toString();
    }

    private static void provider(Map<String, String> config, String name, String clientId, String clientSecret) {
        config.put("integrations.providers." + name + ".client-id", clientId);
        config.put("integrations.providers." + name + ".client-secret", clientSecret);
    }

    private static String required(Map<String, String> infrastructure, String key) {
        String value = infrastructure.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("token-service needs " + key + " from the test infrastructure: start it with"
                    + " PostgreSQL, Kafka and the sandbox");
        }
        return value;
    }

    /** {@code target/token-service-*.log} of the module under test (the working directory), else one in the temp directory. */
    private static Path newLogFile() {
        Path target = Path.of("target");
        try {
            return Files.isDirectory(target) ? Files.createTempFile(target, NAME + "-", ".log")
                    : Files.createTempFile(NAME + "-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create token-service's log file", e);
        }
    }
}
