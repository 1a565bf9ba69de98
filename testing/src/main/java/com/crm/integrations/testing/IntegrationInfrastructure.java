package com.crm.integrations.testing;

import com.crm.integrations.testing.kafka.KafkaBroker;
import com.crm.integrations.testing.postgres.PostgresCluster;
import com.crm.integrations.testing.sandbox.SandboxProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The test resource every service's tests use: a real PostgreSQL cluster, a real Kafka broker and the
 * sandbox, started in parallel, each fresh for this test JVM.
 *
 * <pre>
 * &#64;QuarkusTestResource(value = IntegrationInfrastructure.class, restrictToAnnotatedClass = false)
 * </pre>
 *
 * <p>Init arguments {@code postgres}, {@code kafka} and {@code sandbox} ({@code "false"} to leave one
 * out; its keys are then not supplied). The configuration it supplies:
 * <ul>
 * <li>{@code integrations.postgres.host|port|database|username|password}</li>
 * <li>{@code kafka.bootstrap.servers}</li>
 * <li>{@code integrations.identity.url} (the sandbox's base URL; its issuer is {@code <url>/idp}) and
 * {@code integrations.identity.client-secret} (random per start)</li>
 * <li>{@code integrations.test.postgres.dir}, {@code integrations.test.kafka.dir}: for {@link Infrastructure}</li>
 * <li>{@code quarkus.devservices.enabled=false}</li>
 * </ul>
 *
 * <p>The PostgreSQL cluster runs with {@code fsync=off}; the system property
 * {@code integrations.test.postgres.durable=true} ({@link PostgresCluster#DURABLE_PROPERTY}) starts it
 * with PostgreSQL's durable defaults instead, for benchmarks (e.g. {@code bench/events.sh}).
 */
public class IntegrationInfrastructure implements QuarkusTestResourceLifecycleManager {

    public static final String POSTGRES_HOST = "integrations.postgres.host";
    public static final String POSTGRES_PORT = "integrations.postgres.port";
    public static final String POSTGRES_DATABASE = "integrations.postgres.database";
    public static final String POSTGRES_USERNAME = "integrations.postgres.username";
    public static final String POSTGRES_PASSWORD = "integrations.postgres.password";
    public static final String KAFKA_BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
    public static final String IDENTITY_URL = "integrations.identity.url";
    public static final String IDENTITY_CLIENT_SECRET = "integrations.identity.client-secret";
    public static final String POSTGRES_DIR = "integrations.test.postgres.dir";
    public static final String KAFKA_DIR = "integrations.test.kafka.dir";
    public static final String DEVSERVICES_ENABLED = "quarkus.devservices.enabled";

    private boolean withPostgres = true;
    private boolean withKafka = true;
    private boolean withSandbox = true;

    private PostgresCluster postgres;
    private KafkaBroker kafka;
    private SandboxProcess sandbox;

    @Override
    public void init(Map<String, String> initArgs) {
        withPostgres = !"false".equalsIgnoreCase(initArgs.getOrDefault("postgres", "true"));
        withKafka = !"false".equalsIgnoreCase(initArgs.getOrDefault("kafka", "true"));
        withSandbox = !"false".equalsIgnoreCase(initArgs.getOrDefault("sandbox", "true"));
    }

    @Override
    public Map<String, String> start() {
        String clientSecret = newClientSecret();
        ExecutorService executor = Executors.newFixedThreadPool(3, runnable -> {
            Thread thread = new Thread(runnable, "integration-infrastructure-start");
            thread.setDaemon(true);
            return thread;
        });
        try {
            CompletableFuture<PostgresCluster> postgresStart = startIf(withPostgres, PostgresCluster::startTestCluster, executor);
            CompletableFuture<KafkaBroker> kafkaStart = startIf(withKafka, KafkaBroker::startTestBroker, executor);
            CompletableFuture<SandboxProcess> sandboxStart = startIf(withSandbox, () -> SandboxProcess.start(clientSecret), executor);
            List<RuntimeException> failures = new ArrayList<>();
            postgres = await(postgresStart, failures);
            kafka = await(kafkaStart, failures);
            sandbox = await(sandboxStart, failures);
            if (!failures.isEmpty()) {
                stop();
                RuntimeException failure = failures.get(0);
                failures.stream().skip(1).forEach(failure::addSuppressed);
                throw failure;
            }
        } finally {
            executor.shutdown();
        }

        Map<String, String> config = new LinkedHashMap<>();
        if (postgres != null) {
            config.put(POSTGRES_HOST, postgres.host());
            config.put(POSTGRES_PORT, Integer.toString(postgres.port()));
            config.put(POSTGRES_DATABASE, postgres.database());
            config.put(POSTGRES_USERNAME, postgres.username());
            config.put(POSTGRES_PASSWORD, postgres.password());
            config.put(POSTGRES_DIR, postgres.dir().toString());
        }
        if (kafka != null) {
            config.put(KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
            config.put(KAFKA_DIR, kafka.dir().toString());
        }
        if (sandbox != null) {
            config.put(IDENTITY_URL, sandbox.baseUrl());
            config.put(IDENTITY_CLIENT_SECRET, clientSecret);
        }
        config.put(DEVSERVICES_ENABLED, "false");
        return config;
    }

    @Override
    public void stop() {
        List<AutoCloseable> running = new ArrayList<>();
        if (sandbox != null) {
            running.add(sandbox);
        }
        if (kafka != null) {
            running.add(kafka);
        }
        if (postgres != null) {
            running.add(postgres);
        }
        sandbox = null;
        kafka = null;
        postgres = null;
        RuntimeException failure = null;
        for (AutoCloseable closeable : running) {
            try {
                closeable.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("Could not stop the test infrastructure", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static <T> CompletableFuture<T> startIf(boolean wanted, Supplier<T> starter, ExecutorService executor) {
        return wanted ? CompletableFuture.supplyAsync(starter, executor) : CompletableFuture.completedFuture(null);
    }

    private static <T> T await(CompletableFuture<T> future, List<RuntimeException> failures) {
        try {
            return future.join();
        } catch (CompletionException e) {
            failures.add(e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause()));
            return null;
        }
    }

    private static String newClientSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
