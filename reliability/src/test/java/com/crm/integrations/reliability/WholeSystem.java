package com.crm.integrations.reliability;

import com.crm.integrations.testing.IntegrationInfrastructure;
import com.crm.integrations.testing.kafka.KafkaBroker;
import com.crm.integrations.testing.postgres.PostgresCluster;
import com.crm.integrations.testing.proxy.ProxyTimeouts;
import com.crm.integrations.testing.proxy.RoundRobinProxy;
import com.crm.integrations.testing.proxy.Route;
import com.crm.integrations.testing.services.CalendarServiceProcess;
import com.crm.integrations.testing.services.MailchimpServiceProcess;
import com.crm.integrations.testing.services.ServiceProcess;
import com.crm.integrations.testing.services.StatusServiceProcess;
import com.crm.integrations.testing.services.TokenServiceProcess;
import com.crm.integrations.testing.support.FreePorts;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;

/**
 * The whole system, once per test JVM: a real PostgreSQL, Kafka and the sandbox ({@link IntegrationInfrastructure}, used
 * outside Quarkus as a plain object), then two replicas of each of the four services as child JVMs, all eight started in
 * parallel, each service behind its own {@link RoundRobinProxy} port in this JVM. Every URL a service is configured with
 * is a proxy's: token-service's public and return URLs, calendar-service's and mailchimp-service's token-service URL,
 * mailchimp-service's webhook URL, status-service's siblings and its page's. Stopped by a shutdown hook.
 *
 * <p>The testing helpers ({@code SandboxTokens}, {@code TokenServiceConnections}, {@code TopicReader}) read the addresses
 * through MicroProfile Config: {@link #get()} sets them as system properties before any of them runs, with
 * {@value IntegrationInfrastructure#TOKEN_SERVICE_URL} the token-service proxy's.
 */
final class WholeSystem {

    static final String TOKEN = TokenServiceProcess.NAME;
    static final String CALENDAR = CalendarServiceProcess.NAME;
    static final String MAILCHIMP = MailchimpServiceProcess.NAME;
    static final String STATUS = StatusServiceProcess.NAME;
    static final List<String> SERVICES = List.of(TOKEN, CALENDAR, MAILCHIMP, STATUS);
    /** Each service's PostgreSQL schema. */
    static final Map<String, String> SCHEMAS = Map.of(TOKEN, TokenServiceProcess.SCHEMA, CALENDAR, CalendarServiceProcess.SCHEMA,
            MAILCHIMP, MailchimpServiceProcess.SCHEMA, STATUS, StatusServiceProcess.SCHEMA);
    static final int REPLICAS = 2;
    /**
     * Eight replicas with common's reactive pool of 20 (and JDBC's 2, and a listener each) would need ~190 connections; the
     * test cluster allows PostgreSQL's default 100, as production's does without a Pooler (docs/operations.md). Pools of 6
     * keep the eight within ~75.
     */
    static final Map<String, String> SMALL_POOLS = Map.of("quarkus.datasource.reactive.max-size", "6");

    /**
     * Leases a dead replica leaves behind lapse after 40 s instead of 2 min, so the fault scenarios see the other replica
     * take its work over within the run; still above the provider calls' 30 s {@code max-duration}, as
     * docs/configuration.md asks. Batch items give up after production's hour.
     */
    static final Map<String, String> CALENDAR_RUN_SETTINGS = Map.of("integrations.calendar.sync.lease", "40s",
            "integrations.calendar.commands.lease", "40s", "integrations.calendar.batches.lease", "40s",
            // Production's (CalendarServiceProcess sets 20 s for tests that wait for a give-up): a batch item outlives
            // every fault of the run and is sent when it ends.
            "integrations.calendar.batches.give-up-after", "1h");

    /**
     * The Google calendar breaker judges the last 10 calls instead of 20: the run's load is a few calls per second per
     * replica, far below production's, and the fault scenario's 10 s outage must fill its window to show it open.
     */
    static final Map<String, String> SMALL_BREAKER_WINDOW = Map.of("integrations.calendar.google.http.breaker-volume", "10");

    /**
     * System property: in how many waves the eight JVMs start (default 2: the first replica of each service, then the
     * second; 1: all eight at once, which on a loaded 2-core machine can take longer than a replica's 120 s to be ready).
     */
    static final String WAVES_PROPERTY = "reliability.start-waves";

    /**
     * System property: the service JVMs' options, space-separated (default {@link ServiceProcess#JVM_OPTIONS}, made for
     * short tests); {@code reliability/run.sh} passes production's (deploy/kubernetes, {@code JAVA_TOOL_OPTIONS}) so the
     * peak RSS it reports sizes the pods.
     */
    static final String JVM_OPTIONS_PROPERTY = "reliability.jvm-options";

    private static WholeSystem started;

    /** The service JVMs' options: {@value #JVM_OPTIONS_PROPERTY}'s, or the tests' default. */
    static List<String> jvmOptions() {
        String options = System.getProperty(JVM_OPTIONS_PROPERTY, "").trim();
        return options.isEmpty() ? ServiceProcess.JVM_OPTIONS : List.of(options.split("\\s+"));
    }

    private final IntegrationInfrastructure infrastructure;
    private final Map<String, String> config;
    private final Map<String, String> tokenServiceConfig;
    private final RoundRobinProxy proxy;
    private final Map<String, List<ServiceProcess>> replicas;
    private final Map<String, IntFunction<ServiceProcess>> launchers;
    /** Every replica's log, those of replicas killed and started again included. */
    private final List<Path> logs = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Duration startUp;

    private WholeSystem(IntegrationInfrastructure infrastructure, Map<String, String> config, Map<String, String> tokenServiceConfig,
            RoundRobinProxy proxy, Map<String, List<ServiceProcess>> replicas, Map<String, IntFunction<ServiceProcess>> launchers,
            Duration startUp) {
        this.infrastructure = infrastructure;
        this.config = config;
        this.tokenServiceConfig = tokenServiceConfig;
        this.proxy = proxy;
        this.replicas = replicas;
        this.launchers = launchers;
        this.startUp = startUp;
        replicas.values().forEach(list -> list.forEach(replica -> logs.add(replica.logFile())));
    }

    /** The system, started on the first call. */
    static synchronized WholeSystem get() {
        if (started == null) {
            started = start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "whole-system-stop"));
        }
        return started;
    }

    private static WholeSystem start() {
        long begin = System.nanoTime();
        int statusPort = FreePorts.next();
        int calendarPort = FreePorts.next();
        int mailchimpPort = FreePorts.next();
        String statusUrl = ServiceProcess.urlOf(statusPort);
        SystemInfrastructure infrastructure = new SystemInfrastructure(statusUrl);
        infrastructure.init(Map.of());
        Map<String, String> config = new LinkedHashMap<>(infrastructure.start());
        long infrastructureReady = System.nanoTime();
        // The "app under test" whose OAuth callbacks the sandbox accepts is token-service's proxy.
        int tokenPort = Integer.parseInt(config.get(IntegrationInfrastructure.TEST_PORT));
        String tokenUrl = config.get(IntegrationInfrastructure.APP_URL);
        String calendarUrl = ServiceProcess.urlOf(calendarPort);
        String mailchimpUrl = ServiceProcess.urlOf(mailchimpPort);
        config.put(IntegrationInfrastructure.TOKEN_SERVICE_URL, tokenUrl);

        Map<String, List<Integer>> instancePorts = new LinkedHashMap<>();
        SERVICES.forEach(service -> instancePorts.put(service, List.of(FreePorts.next(), FreePorts.next())));
        RoundRobinProxy proxy = RoundRobinProxy.start(List.of(
                new Route(TOKEN, tokenPort, instancePorts.get(TOKEN)),
                new Route(CALENDAR, calendarPort, instancePorts.get(CALENDAR)),
                new Route(MAILCHIMP, mailchimpPort, instancePorts.get(MAILCHIMP)),
                new Route(STATUS, statusPort, instancePorts.get(STATUS))), ProxyTimeouts.DEFAULTS, line -> { });

        // One configuration per service, shared by its replicas (token-service's key ring included).
        Map<String, String> tokenConfig = TokenServiceProcess.configuration(tokenUrl, config);
        Map<String, String> calendarConfig = CalendarServiceProcess.configuration(config);
        Map<String, String> mailchimpConfig = MailchimpServiceProcess.configuration(mailchimpUrl, config);
        Map<String, String> statusConfig = StatusServiceProcess.configuration(tokenUrl, calendarUrl, mailchimpUrl, config);
        for (Map<String, String> each : List.of(tokenConfig, calendarConfig, mailchimpConfig, statusConfig)) {
            each.putAll(SMALL_POOLS);
        }
        calendarConfig.putAll(CALENDAR_RUN_SETTINGS);
        calendarConfig.putAll(SMALL_BREAKER_WINDOW);
        Map<String, IntFunction<ServiceProcess>> launchers = Map.of(
                TOKEN, port -> TokenServiceProcess.start(port, tokenConfig, jvmOptions()),
                CALENDAR, port -> CalendarServiceProcess.start(port, calendarConfig, jvmOptions()),
                MAILCHIMP, port -> MailchimpServiceProcess.start(port, mailchimpConfig, jvmOptions()),
                STATUS, port -> StatusServiceProcess.start(port, statusConfig, jvmOptions()));
        ExecutorService executor = Executors.newFixedThreadPool(SERVICES.size() * REPLICAS);
        try {
            Map<String, List<ServiceProcess>> replicas = new LinkedHashMap<>();
            SERVICES.forEach(service -> replicas.put(service, new java.util.concurrent.CopyOnWriteArrayList<>()));
            List<RuntimeException> failures = new ArrayList<>();
            int waves = Integer.getInteger(WAVES_PROPERTY, 2);
            for (int wave = 0; wave < waves && failures.isEmpty(); wave++) {
                // Replica i starts in wave i % waves: all eight at once with one wave, the first of each service then the
                // second with two.
                Map<String, List<CompletableFuture<ServiceProcess>>> starts = new LinkedHashMap<>();
                for (String service : SERVICES) {
                    List<Integer> ports = instancePorts.get(service);
                    List<CompletableFuture<ServiceProcess>> futures = new ArrayList<>();
                    for (int i = wave; i < ports.size(); i += waves) {
                        int port = ports.get(i);
                        futures.add(CompletableFuture.supplyAsync(() -> launchers.get(service).apply(port), executor));
                    }
                    starts.put(service, futures);
                }
                starts.forEach((service, futures) -> {
                    for (CompletableFuture<ServiceProcess> future : futures) {
                        try {
                            replicas.get(service).add(future.join());
                        } catch (CompletionException e) {
                            failures.add(e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause()));
                        }
                    }
                });
            }
            Duration startUp = Duration.ofNanos(System.nanoTime() - begin);
            WholeSystem system = new WholeSystem(infrastructure, config, tokenConfig, proxy, replicas, launchers, startUp);
            if (!failures.isEmpty()) {
                system.stop();
                RuntimeException failure = failures.get(0);
                failures.stream().skip(1).forEach(failure::addSuppressed);
                throw failure;
            }
            System.out.printf("WholeSystem: infrastructure in %d ms, 8 service JVMs (%d wave(s)) ready %d ms after it, %d ms in all%n",
                    (infrastructureReady - begin) / 1_000_000, Integer.getInteger(WAVES_PROPERTY, 2), (System.nanoTime() - infrastructureReady) / 1_000_000,
                    startUp.toMillis());
            for (String key : List.of(IntegrationInfrastructure.IDENTITY_URL, IntegrationInfrastructure.IDENTITY_CLIENT_SECRET,
                    IntegrationInfrastructure.KAFKA_BOOTSTRAP_SERVERS, IntegrationInfrastructure.TOKEN_SERVICE_URL,
                    IntegrationInfrastructure.PROVIDERS_CLIENT_SECRET)) {
                System.setProperty(key, config.get(key));
            }
            return system;
        } finally {
            executor.shutdown();
        }
    }

    /** A service's public base URL: its proxy's, {@code http://127.0.0.1:<port>}. */
    String url(String service) {
        return ServiceProcess.urlOf(proxy.port(service));
    }

    /** A service's replicas (each reachable on its own port too). */
    List<ServiceProcess> replicas(String service) {
        return replicas.get(service);
    }

    /** Every replica's log file, those of replicas killed in the run included. */
    List<Path> logFiles() {
        return List.copyOf(logs);
    }

    /** Kills replica {@code index} of {@code service} (SIGKILL, as the kernel's OOM killer or a lost node would) and waits for its end. */
    void kill(String service, int index) {
        ProcessHandle process = replicas.get(service).get(index).process();
        process.destroyForcibly();
        process.onExit().join();
    }

    /** Starts replica {@code index} of {@code service} again on its port (the proxy sends to it once it answers); waits until it is ready. */
    void restart(String service, int index) {
        ServiceProcess dead = replicas.get(service).get(index);
        dead.close();
        ServiceProcess replica = launchers.get(service).apply(dead.port());
        replicas.get(service).set(index, replica);
        logs.add(replica.logFile());
    }

    /** Kills the Kafka broker (SIGKILL): its data stays on disk. */
    void killKafka() {
        KafkaBroker.kill(Path.of(config.get(IntegrationInfrastructure.KAFKA_DIR)));
    }

    /** Starts the Kafka broker again: same port, same data; waits until it is ready. */
    void startKafka() {
        KafkaBroker.start(Path.of(config.get(IntegrationInfrastructure.KAFKA_DIR)));
    }

    /** Stops PostgreSQL (a fast shutdown: every client's connection is cut). */
    void stopPostgres() {
        PostgresCluster.stop(Path.of(config.get(IntegrationInfrastructure.POSTGRES_DIR)));
    }

    /** Starts PostgreSQL again: same port, same data; waits until it accepts connections. */
    void startPostgres() {
        PostgresCluster.start(Path.of(config.get(IntegrationInfrastructure.POSTGRES_DIR)));
    }

    /** How long it took from nothing to eight ready service JVMs behind their proxies. */
    Duration startUp() {
        return startUp;
    }

    String sandboxUrl() {
        return config.get(IntegrationInfrastructure.IDENTITY_URL);
    }

    String identityClientSecret() {
        return config.get(IntegrationInfrastructure.IDENTITY_CLIENT_SECRET);
    }

    String providersClientSecret() {
        return config.get(IntegrationInfrastructure.PROVIDERS_CLIENT_SECRET);
    }

    /** token-service's key ring, {@code <id>:<base64>[,...]}. */
    String keyRing() {
        return tokenServiceConfig.get("integrations.token.encryption.keys");
    }

    String kafkaBootstrapServers() {
        return config.get(IntegrationInfrastructure.KAFKA_BOOTSTRAP_SERVERS);
    }

    /** A new JDBC connection to the services' database (every schema), as the cluster's superuser. */
    Connection database() throws SQLException {
        String url = "jdbc:postgresql://" + config.get(IntegrationInfrastructure.POSTGRES_HOST) + ":"
                + config.get(IntegrationInfrastructure.POSTGRES_PORT) + "/" + config.get(IntegrationInfrastructure.POSTGRES_DATABASE);
        return DriverManager.getConnection(url, config.get(IntegrationInfrastructure.POSTGRES_USERNAME),
                config.get(IntegrationInfrastructure.POSTGRES_PASSWORD));
    }

    private void stop() {
        ExecutorService executor = Executors.newFixedThreadPool(SERVICES.size() * REPLICAS);
        try {
            replicas.values().stream().flatMap(List::stream)
                    .map(replica -> CompletableFuture.runAsync(replica::close, executor)).toList()
                    .forEach(CompletableFuture::join);
        } finally {
            executor.shutdown();
        }
        proxy.close();
        infrastructure.stop();
    }

    /**
     * PostgreSQL, Kafka and the sandbox, whose provider stand-ins accept the OAuth callbacks of the "app under test"
     * (here token-service's proxy, on the port the resource chooses first), and whose siblings' configuration sends
     * token-service's flows back to status-service's page and lets that page call every service (CORS).
     */
    private static final class SystemInfrastructure extends IntegrationInfrastructure {

        private final String statusUrl;

        SystemInfrastructure(String statusUrl) {
            super(TokenServiceProcess.OAUTH_PROVIDERS, Map.of());
            this.statusUrl = statusUrl;
        }

        @Override
        protected Map<String, String> siblingConfiguration(String appUrl) {
            return Map.of("integrations.page.origins", statusUrl, "integrations.token.return-url", statusUrl + "/integrations/");
        }
    }
}
