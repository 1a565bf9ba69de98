package com.crm.integrations.testing;

import com.crm.integrations.testing.kafka.KafkaBroker;
import com.crm.integrations.testing.postgres.PostgresCluster;
import com.crm.integrations.testing.sandbox.SandboxProcess;
import com.crm.integrations.testing.services.CalendarServiceProcess;
import com.crm.integrations.testing.services.MailchimpServiceProcess;
import com.crm.integrations.testing.services.ServiceProcess;
import com.crm.integrations.testing.services.TokenServiceProcess;
import com.crm.integrations.testing.support.FreePorts;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The test resource every service's tests use: a real PostgreSQL cluster, a real Kafka broker and the
 * sandbox, started in parallel, each fresh for this test JVM.
 *
 * <pre>
 * &#64;QuarkusTest
 * &#64;WithTestResource(IntegrationInfrastructure.class)
 * class CalendarSettingsApiTest { ... }
 * </pre>
 *
 * <p>Every test class of a module names the same resource with the same arguments, so Quarkus starts
 * the application and the infrastructure once per module. A service whose tests walk OAuth flows names
 * the providers whose callbacks the sandbox's stand-in apps must accept by subclassing (token-service's
 * {@code TokenServiceInfrastructure} passes {@code google, microsoft, mailchimp, generic, acme} to
 * {@link #IntegrationInfrastructure(List)}); the others accept none but the local run's.
 *
 * <p>Init arguments {@code postgres}, {@code kafka} and {@code sandbox} ({@code "false"} to leave one
 * out, e.g. {@code @WithTestResource(value = IntegrationInfrastructure.class, initArgs = @ResourceArg(name =
 * "sandbox", value = "false"))} in common's tests; its keys are then not supplied), and {@value #TOKEN_SERVICE_ARG}
 * ({@code "true"} to add the real token-service, {@link TokenServiceProcess}, for the services that ask it for
 * tokens: its port is chosen before the sandbox starts, so that the sandbox's stand-ins accept its OAuth
 * callbacks, and it starts once PostgreSQL, Kafka and the sandbox are up; it needs all three), and
 * {@value #CALENDAR_SERVICE_ARG} and {@value #MAILCHIMP_SERVICE_ARG} ({@code "true"} to add the real calendar-service,
 * {@link CalendarServiceProcess}, and mailchimp-service, {@link MailchimpServiceProcess}, beside a service that works
 * with them, status-service; each needs {@value #TOKEN_SERVICE_ARG}, and they start in parallel once token-service is
 * ready). A subclass sets its defaults with {@link #IntegrationInfrastructure(List, Map)} (calendar-service's
 * {@code CalendarInfrastructure}, status-service's {@code StatusInfrastructure}). The configuration it supplies:
 * <ul>
 * <li>{@code integrations.postgres.host|port|database|username|password}</li>
 * <li>{@code kafka.bootstrap.servers}</li>
 * <li>{@code integrations.identity.url} (the sandbox's base URL; its issuer is {@code <url>/idp}) and
 * {@code integrations.identity.client-secret} (random per start)</li>
 * <li>{@code integrations.test.postgres.dir}, {@code integrations.test.kafka.dir}: for {@link Infrastructure}</li>
 * <li>{@code integrations.test.providers.client-secret}: the secret of the sandbox's provider stand-in apps</li>
 * <li>{@code quarkus.http.test-port} and {@code integrations.test.app-url}: the app's port, chosen first, so that the
 * stand-ins accept {@code <app url>/oauth/<provider>/callback} as redirect URIs</li>
 * <li>{@code quarkus.devservices.enabled=false}</li>
 * <li>with {@value #TOKEN_SERVICE_ARG}: {@code integrations.token-service.url} (token-service's base URL, where
 * {@code /internal/**} and its public API answer) and {@code integrations.test.token-service.log} (its log file)</li>
 * <li>with {@value #CALENDAR_SERVICE_ARG}: {@code integrations.test.calendar-service.url} and
 * {@code integrations.test.calendar-service.log}; with {@value #MAILCHIMP_SERVICE_ARG}:
 * {@code integrations.test.mailchimp-service.url} and {@code integrations.test.mailchimp-service.log}</li>
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
    /** The app's HTTP port, chosen before it starts so the sandbox can register its OAuth redirect URIs. */
    public static final String TEST_PORT = "quarkus.http.test-port";
    /** {@code http://127.0.0.1:<test port>}: the URL the app under test is reached at. */
    public static final String APP_URL = "integrations.test.app-url";
    /** The client secret of every provider stand-in app in the sandbox (random per start). */
    public static final String PROVIDERS_CLIENT_SECRET = "integrations.test.providers.client-secret";
    /** token-service's base URL, {@code http://127.0.0.1:<port>} (init arg {@value #TOKEN_SERVICE_ARG}). */
    public static final String TOKEN_SERVICE_URL = "integrations.token-service.url";
    /** token-service's log file (init arg {@value #TOKEN_SERVICE_ARG}). */
    public static final String TOKEN_SERVICE_LOG = "integrations.test.token-service.log";
    /**
     * Keys under this prefix are configuration every sibling started beside the app (token-service, calendar-service,
     * mailchimp-service) gets, the prefix taken off ({@link #siblingConfiguration}).
     */
    public static final String SIBLINGS_PREFIX = "integrations.test.siblings.";

    /** The init argument that adds the real token-service ({@code "true"}); off by default. */
    public static final String TOKEN_SERVICE_ARG = "token-service";
    /** calendar-service's base URL, {@code http://127.0.0.1:<port>} (init arg {@value #CALENDAR_SERVICE_ARG}). */
    public static final String CALENDAR_SERVICE_URL = "integrations.test.calendar-service.url";
    /** calendar-service's log file (init arg {@value #CALENDAR_SERVICE_ARG}). */
    public static final String CALENDAR_SERVICE_LOG = "integrations.test.calendar-service.log";
    /** The init argument that adds the real calendar-service ({@code "true"}; needs {@value #TOKEN_SERVICE_ARG}); off by default. */
    public static final String CALENDAR_SERVICE_ARG = "calendar-service";
    /** mailchimp-service's base URL, {@code http://127.0.0.1:<port>} (init arg {@value #MAILCHIMP_SERVICE_ARG}). */
    public static final String MAILCHIMP_SERVICE_URL = "integrations.test.mailchimp-service.url";
    /** mailchimp-service's log file (init arg {@value #MAILCHIMP_SERVICE_ARG}). */
    public static final String MAILCHIMP_SERVICE_LOG = "integrations.test.mailchimp-service.log";
    /** The init argument that adds the real mailchimp-service ({@code "true"}; needs {@value #TOKEN_SERVICE_ARG}); off by default. */
    public static final String MAILCHIMP_SERVICE_ARG = "mailchimp-service";
    private final List<String> callbackProviders;
    private final Map<String, String> defaultArgs;
    private boolean withPostgres = true;
    private boolean withKafka = true;
    private boolean withSandbox = true;
    private boolean withTokenService;
    private boolean withCalendarService;
    private boolean withMailchimpService;

    private PostgresCluster postgres;
    private KafkaBroker kafka;
    private SandboxProcess sandbox;
    private TokenServiceProcess tokenService;
    private CalendarServiceProcess calendarService;
    private MailchimpServiceProcess mailchimpService;

    /** Infrastructure whose sandbox accepts no OAuth callback of the app under test. */
    public IntegrationInfrastructure() {
        this(List.of());
    }

    /**
     * @param callbackProviders the provider names whose callbacks, {@code <app url>/oauth/<name>/callback},
     *                          the sandbox's stand-in apps accept
     */
    protected IntegrationInfrastructure(List<String> callbackProviders) {
        this(callbackProviders, Map.of());
    }

    /**
     * @param callbackProviders the provider names whose callbacks, {@code <app url>/oauth/<name>/callback},
     *                          the sandbox's stand-in apps accept
     * @param defaultArgs       init arguments that hold unless the annotation gives others, e.g.
     *                          {@code Map.of("token-service", "true")}
     */
    protected IntegrationInfrastructure(List<String> callbackProviders, Map<String, String> defaultArgs) {
        this.callbackProviders = List.copyOf(callbackProviders);
        this.defaultArgs = Map.copyOf(defaultArgs);
    }

    /**
     * Configuration for every sibling started beside the app, e.g. to let the app's own page call them (CORS) or to send
     * token-service's OAuth flows back to it; none by default. A subclass overrides it.
     *
     * @param appUrl the app's base URL, {@code http://127.0.0.1:<port>}
     */
    protected Map<String, String> siblingConfiguration(String appUrl) {
        return Map.of();
    }

    @Override
    public void init(Map<String, String> initArgs) {
        Map<String, String> args = new LinkedHashMap<>(defaultArgs);
        args.putAll(initArgs);
        withPostgres = !"false".equalsIgnoreCase(args.getOrDefault("postgres", "true"));
        withKafka = !"false".equalsIgnoreCase(args.getOrDefault("kafka", "true"));
        withSandbox = !"false".equalsIgnoreCase(args.getOrDefault("sandbox", "true"));
        withTokenService = "true".equalsIgnoreCase(args.getOrDefault(TOKEN_SERVICE_ARG, "false"));
        withCalendarService = "true".equalsIgnoreCase(args.getOrDefault(CALENDAR_SERVICE_ARG, "false"));
        withMailchimpService = "true".equalsIgnoreCase(args.getOrDefault(MAILCHIMP_SERVICE_ARG, "false"));
        if (withTokenService && !(withPostgres && withKafka && withSandbox)) {
            throw new IllegalArgumentException("token-service needs PostgreSQL, Kafka and the sandbox: do not leave one out");
        }
        for (String sibling : List.of(CALENDAR_SERVICE_ARG, MAILCHIMP_SERVICE_ARG)) {
            if ("true".equalsIgnoreCase(args.get(sibling)) && !withTokenService) {
                throw new IllegalArgumentException(sibling + " needs token-service: set the init arg " + TOKEN_SERVICE_ARG + "=true too");
            }
        }
    }

    @Override
    public Map<String, String> start() {
        String clientSecret = newClientSecret();
        String providersSecret = newClientSecret();
        int appPort = FreePorts.next();
        String appUrl = "http://" + FreePorts.LOOPBACK + ":" + appPort;
        int tokenServicePort = withTokenService ? FreePorts.next() : 0;
        String tokenServiceUrl = ServiceProcess.urlOf(tokenServicePort);
        int calendarServicePort = withCalendarService ? FreePorts.next() : 0;
        int mailchimpServicePort = withMailchimpService ? FreePorts.next() : 0;
        List<String> redirectUris = Stream.concat(
                callbackProviders.stream().map(name -> appUrl + "/oauth/" + name + "/callback"),
                withTokenService ? TokenServiceProcess.callbackUris(tokenServiceUrl).stream() : Stream.empty()).toList();
        ExecutorService executor = starters(3);
        try {
            CompletableFuture<PostgresCluster> postgresStart = startIf(withPostgres, PostgresCluster::startTestCluster, executor);
            CompletableFuture<KafkaBroker> kafkaStart = startIf(withKafka, KafkaBroker::startTestBroker, executor);
            CompletableFuture<SandboxProcess> sandboxStart = startIf(withSandbox, () -> SandboxProcess.start(clientSecret, providersSecret, redirectUris), executor);
            List<RuntimeException> failures = new ArrayList<>();
            postgres = await(postgresStart, failures);
            kafka = await(kafkaStart, failures);
            sandbox = await(sandboxStart, failures);
            failIfAny(failures);
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
            config.put(PROVIDERS_CLIENT_SECRET, providersSecret);
        }
        config.put(TEST_PORT, Integer.toString(appPort));
        config.put(APP_URL, appUrl);
        config.put(DEVSERVICES_ENABLED, "false");
        siblingConfiguration(appUrl).forEach((key, value) -> config.put(SIBLINGS_PREFIX + key, value));
        if (withTokenService) {
            try {
                tokenService = TokenServiceProcess.start(tokenServicePort, config);
            } catch (RuntimeException e) {
                stop();
                throw e;
            }
            config.put(TOKEN_SERVICE_URL, tokenService.url());
            config.put(TOKEN_SERVICE_LOG, tokenService.logFile().toString());
            startSiblings(config, calendarServicePort, mailchimpServicePort);
        }
        return config;
    }

    /** calendar-service and mailchimp-service, as asked, in parallel, against {@code config} (token-service's URL included). */
    private void startSiblings(Map<String, String> config, int calendarServicePort, int mailchimpServicePort) {
        ExecutorService executor = starters(2);
        try {
            CompletableFuture<CalendarServiceProcess> calendarStart = startIf(withCalendarService,
                    () -> CalendarServiceProcess.start(calendarServicePort, config), executor);
            CompletableFuture<MailchimpServiceProcess> mailchimpStart = startIf(withMailchimpService,
                    () -> MailchimpServiceProcess.start(mailchimpServicePort, config), executor);
            List<RuntimeException> failures = new ArrayList<>();
            calendarService = await(calendarStart, failures);
            mailchimpService = await(mailchimpStart, failures);
            failIfAny(failures);
        } finally {
            executor.shutdown();
        }
        supply(config, calendarService, CALENDAR_SERVICE_URL, CALENDAR_SERVICE_LOG);
        supply(config, mailchimpService, MAILCHIMP_SERVICE_URL, MAILCHIMP_SERVICE_LOG);
    }

    private static void supply(Map<String, String> config, ServiceProcess service, String urlKey, String logKey) {
        if (service != null) {
            config.put(urlKey, service.url());
            config.put(logKey, service.logFile().toString());
        }
    }

    /** Stops everything started so far and throws the first failure (the others suppressed in it), if any. */
    private void failIfAny(List<RuntimeException> failures) {
        if (!failures.isEmpty()) {
            stop();
            RuntimeException failure = failures.get(0);
            failures.stream().skip(1).forEach(failure::addSuppressed);
            throw failure;
        }
    }

    @Override
    public void stop() {
        // Those that depend on others first: the siblings (in parallel: each takes seconds to leave its Kafka groups) on
        // token-service, token-service on the rest.
        List<AutoCloseable> siblings = Stream.<AutoCloseable>of(calendarService, mailchimpService).filter(Objects::nonNull).toList();
        List<AutoCloseable> rest = Stream.<AutoCloseable>of(tokenService, sandbox, kafka, postgres).filter(Objects::nonNull).toList();
        calendarService = null;
        mailchimpService = null;
        tokenService = null;
        sandbox = null;
        kafka = null;
        postgres = null;
        List<Exception> failures = new ArrayList<>();
        ExecutorService executor = starters(2);
        try {
            siblings.stream().map(sibling -> CompletableFuture.runAsync(() -> close(sibling, failures), executor)).toList()
                    .forEach(CompletableFuture::join);
        } finally {
            executor.shutdown();
        }
        rest.forEach(closeable -> close(closeable, failures));
        if (!failures.isEmpty()) {
            IllegalStateException failure = new IllegalStateException("Could not stop the test infrastructure", failures.get(0));
            failures.stream().skip(1).forEach(failure::addSuppressed);
            throw failure;
        }
    }

    private static void close(AutoCloseable closeable, List<Exception> failures) {
        try {
            closeable.close();
        } catch (Exception e) {
            synchronized (failures) {
                failures.add(e);
            }
        }
    }

    /** Daemon threads that start or stop things in parallel. */
    private static ExecutorService starters(int count) {
        return Executors.newFixedThreadPool(count, runnable -> {
            Thread thread = new Thread(runnable, "integration-infrastructure");
            thread.setDaemon(true);
            return thread;
        });
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
