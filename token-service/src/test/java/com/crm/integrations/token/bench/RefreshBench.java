package com.crm.integrations.token.bench;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

import jakarta.inject.Inject;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.crm.integrations.testing.bench.CpuUse;
import com.crm.integrations.testing.bench.Load;
import com.crm.integrations.testing.contract.SandboxControl;
import com.crm.integrations.testing.contract.SandboxTokens;
import com.crm.integrations.token.TokenServiceInfrastructure;
import com.crm.integrations.token.cluster.SecondInstance;
import com.crm.integrations.token.cluster.SharedKeyRingProfile;
import com.crm.integrations.token.config.ProviderRegistry;
import com.crm.integrations.token.config.TokenServiceConfig;
import com.crm.integrations.token.repository.RefreshRunRepository;
import com.crm.integrations.token.refresh.SeededGrants;
import com.crm.integrations.token.refresh.SeededGrants.Minted;
import com.crm.integrations.token.service.OAuthConnections;
import com.crm.integrations.token.service.RefreshCycle;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The refresh runs' benchmark ({@code bench/refresh.sh}, issue 11): how long one run takes to refresh
 * {@value #DEFAULT_CONNECTIONS} due Google connections holding real grants at the sandbox, whose token
 * endpoint answers in {@value #DEFAULT_LATENCY_MS} ms (a latency rule), with one replica and with two
 * (the test's app and a {@link SecondInstance} from the packaged jar, over a second tenant's as many
 * connections), next to the raw lower bound (connections × latency ÷ concurrency) and a ceiling
 * measured in the same run: as many refresh-token POSTs straight at the sandbox's token endpoint, as
 * many in flight, from a plain Vert.x client (no database), over grants minted for it alone. Not a
 * test: its name is outside surefire's default includes; {@code -Dtest=RefreshBench} runs it, after
 * {@code package} (the second instance runs the packaged jar).
 *
 * <p>Each run is asked for through {@code POST /admin/refresh-runs} with the bench tenant as scope and
 * timed from the run's {@code started_at} to its {@code finished_at} (both the app's clock). The
 * sandbox's token-request log gives the provider's view (calls per second, mean and peak in any one
 * second, against the configured per-replica rate); its refresh-token list gives each token's use count
 * (a token used twice means a connection refreshed twice). The run's items give the time per refresh
 * (pacer slot → outcome stored), how many of the concurrency's slots were busy on average, and the
 * share each replica took. A warm-up run of {@value #DEFAULT_WARM_UP} connections (its own tenant)
 * precedes each measured run, and warm-up POSTs the ceiling.
 *
 * <p>The grants carry the calendar scope only, so the sandbox signs no id_token per refresh: it runs on
 * the same cores with the C1 compiler only, where an RS256 signature costs milliseconds of CPU that the
 * real provider spends on its own machines. A diagnostic row measures that cost ({@value #DEFAULT_ID_TOKEN_CALLS}
 * POSTs over openid grants).
 *
 * <p>Writes {@code target/bench/refresh.md} (the table, also printed) and {@code target/bench/refresh.tsv}
 * (for {@code bench/refresh.sh}). Sizes are system properties ({@code bench.refresh.connections},
 * {@code .warm-up}, {@code .id-token-calls}, {@code .latency-ms}, {@code .rate}) so that a quick run can
 * shrink them.
 */
@QuarkusTest
@TestProfile(RefreshBench.Profile.class)
@WithTestResource(TokenServiceInfrastructure.class)
class RefreshBench {

    /** The CPU group of the child token-service JVM. */
    private static final String SECOND_INSTANCE = "second instance";

    private static final int DEFAULT_CONNECTIONS = 10_000;
    private static final int DEFAULT_WARM_UP = 2_000;
    private static final int DEFAULT_ID_TOKEN_CALLS = 2_000;
    private static final int DEFAULT_LATENCY_MS = 50;
    private static final int CONNECTIONS = Integer.getInteger("bench.refresh.connections", DEFAULT_CONNECTIONS);
    private static final int WARM_UP = Integer.getInteger("bench.refresh.warm-up", DEFAULT_WARM_UP);
    private static final int ID_TOKEN_CALLS = Integer.getInteger("bench.refresh.id-token-calls", DEFAULT_ID_TOKEN_CALLS);
    private static final int LATENCY_MS = Integer.getInteger("bench.refresh.latency-ms", DEFAULT_LATENCY_MS);
    /** Google's token-endpoint calls per second per replica: high enough not to bind. */
    static final String RATE = System.getProperty("bench.refresh.rate", "2000");
    /** Google's calendar scope without openid: no id_token, so no RS256 signature in the sandbox per refresh. */
    private static final List<String> SCOPES = List.of("https://www.googleapis.com/auth/calendar.events");

    private static final String TENANT_ONE = "bench-refresh-one";
    private static final String TENANT_TWO = "bench-refresh-two";
    private static final String TENANT_WARM_ONE = "bench-refresh-warm-one";
    private static final String TENANT_WARM_TWO = "bench-refresh-warm-two";
    private static final String PREFIX_ONE = "one";
    private static final String PREFIX_TWO = "two";
    private static final String PREFIX_CEILING = "ceiling";
    private static final String PREFIX_ID_TOKEN = "idtoken";
    private static final String TOKEN_PATH = "/google/token";

    private static final Duration WAIT = Duration.ofMinutes(5);
    private static final Duration RUN_LIMIT = Duration.ofMinutes(15);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Path OUTPUT = Path.of("target", "bench");

    /** The shared key ring of {@link SharedKeyRingProfile}, Google's rate raised, logging as deployed (INFO, no DEBUG file). */
    public static class Profile implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(new SharedKeyRingProfile().getConfigOverrides());
            overrides.put("integrations.token.refresh.provider-rates.google", RATE);
            overrides.put("quarkus.log.file.enabled", "false");
            overrides.put("quarkus.log.category.\"com.crm.integrations\".level", "INFO");
            return overrides;
        }
    }

    @Inject
    OAuthConnections connections;
    @Inject
    ProviderRegistry providers;
    @Inject
    Pool pool;
    @Inject
    RefreshCycle cycle;
    @Inject
    TokenServiceConfig config;
    @Inject
    RefreshRunRepository runs;

    private CpuUse cpu;

    /** One row of the table. */
    record Result(String key, String label, double seconds, double perSecond, double vsLowerBound, String notes) {
    }

    /** What the sandbox saw of one phase's refresh-token requests. */
    record ProviderCalls(int count, int failed, double meanPerSecond, int peakInOneSecond, long first, long last) {

        String describe(String limit) {
            return String.format(Locale.ROOT, "provider calls %,d (%d not 200): %,.0f/s mean, peak %,d in one second (limit %s)", count,
                    failed, meanPerSecond, peakInOneSecond, limit);
        }
    }

    /** One replica's share of a run, from the run's items. */
    record Share(String replica, long items, double meanMs, double p50Ms, double p99Ms, double sumSeconds, double joinedAfterSeconds) {
    }

    /** A measured run. */
    record Run(String id, long askedAt, double seconds, Map<String, Long> outcomes, List<Share> shares, ProviderCalls calls,
            ClientCalls client, CpuUse.Used cpu, double[] jvm, double[] database, String claims, double load) {

        long refreshed() {
            return outcomes.getOrDefault("refreshed", 0L);
        }

        double busySlots() {
            return shares.stream().mapToDouble(Share::sumSeconds).sum() / seconds;
        }
    }

    @Test
    void measuresRefreshRunsNextToTheirCeiling() throws Exception {
        int concurrency = config.refresh().concurrency();
        double lowerBound = CONNECTIONS * LATENCY_MS / 1000.0 / concurrency;
        List<String> settings = settings(concurrency);
        Map<String, String> extras = new LinkedHashMap<>();
        List<Result> results = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        cpu = new CpuUse(ConfigProvider.getConfig().getValue("integrations.test.postgres.dir", String.class), SECOND_INSTANCE);

        Seeding seeding = seed();
        settings.add(seeding.describe());
        settle();

        String rule = latencyRule();
        try {
            // Ceiling: the sandbox alone, as many in flight, no database
            Ceiling ceiling = ceiling(seeding.ceilingWarmUp(), seeding.ceiling(), concurrency);
            results.add(new Result("ceiling", String.format(Locale.ROOT, "ceiling: %,d refresh-token POSTs straight at the sandbox's token "
                    + "endpoint, %d in flight (Vert.x client, no database)", CONNECTIONS, concurrency), ceiling.seconds(), ceiling.perSecond(),
                    ceiling.seconds() / lowerBound, ceiling.notes()));
            Ceiling idTokens = ceiling(List.of(), seeding.idTokens(), concurrency);
            results.add(new Result("id-token", String.format(Locale.ROOT, "diagnostic: %,d such POSTs over openid grants (an RS256 "
                    + "id_token per refresh, signed by the sandbox's C1-only JVM)", ID_TOKEN_CALLS), idTokens.seconds(),
                    idTokens.perSecond(), (CONNECTIONS / idTokens.perSecond()) / lowerBound, idTokens.notes()));
            problems.addAll(ceiling.problems());
            pause();

            // One replica
            warmUp(TENANT_WARM_ONE);
            Recording recording = startRecording();
            Run one = run(TENANT_ONE);
            stopRecording(recording);
            results.add(new Result("one", String.format(Locale.ROOT, "one instance: POST /admin/refresh-runs (one tenant, %,d due)",
                    CONNECTIONS), one.seconds(), one.refreshed() / one.seconds(), one.seconds() / lowerBound, notes(one, RATE + "/s")));
            settle();
            results.add(outcomesAlone(one, concurrency));
            settle();

            // Two replicas
            Run two;
            try (SecondInstance second = SecondInstance.start(Map.of("integrations.token.refresh.provider-rates.google", RATE))) {
                warmUp(TENANT_WARM_TWO);
                two = run(TENANT_TWO);
            }
            double speedUp = one.seconds() / two.seconds();
            results.add(new Result("two", String.format(Locale.ROOT, "two instances (test app + second from the packaged jar), another "
                    + "tenant, %,d due", CONNECTIONS), two.seconds(), two.refreshed() / two.seconds(), two.seconds() / lowerBound,
                    String.format(Locale.ROOT, "speed-up %.2f× vs one; %s", speedUp, notes(two, "2 × " + RATE + "/s"))));

            Map<String, int[]> uses = refreshTokenUses();
            int twiceOne = uses.get(PREFIX_ONE)[1];
            int twiceTwo = uses.get(PREFIX_TWO)[1];
            results.replaceAll(result -> result.key().equals("one") ? withNote(result, "refresh tokens used twice: " + twiceOne)
                    : result.key().equals("two") ? withNote(result, "refresh tokens used twice: " + twiceTwo) : result);
            extras.put("x-speedup", format(speedUp));
            extras.put("x-twice-one", String.valueOf(twiceOne));
            extras.put("x-twice-two", String.valueOf(twiceTwo));
            extras.put("x-twice-ceiling", String.valueOf(uses.get(PREFIX_CEILING)[1]));
            extras.put("x-refreshed-one", String.valueOf(one.refreshed()));
            extras.put("x-refreshed-two", String.valueOf(two.refreshed()));
            extras.put("x-busy-one", format(one.busySlots()));
            extras.put("x-busy-two", format(two.busySlots()));
            extras.put("x-calls-one", format(one.calls().meanPerSecond()));
            extras.put("x-calls-two", format(two.calls().meanPerSecond()));
            extras.put("x-peak-one", String.valueOf(one.calls().peakInOneSecond()));
            extras.put("x-peak-two", String.valueOf(two.calls().peakInOneSecond()));
            extras.put("x-cpu-ms-one", format(one.cpu().oursMillisPer(Math.max(1, one.refreshed()))));
            extras.put("x-cpu-ms-two", format(two.cpu().oursMillisPer(Math.max(1, two.refreshed()))));
            extras.put("x-machine-one", format(one.cpu().machine()));
            extras.put("x-machine-two", format(two.cpu().machine()));
            extras.put("x-others-one", format(one.cpu().cores(CpuUse.OTHERS)));
            extras.put("x-others-two", format(two.cpu().cores(CpuUse.OTHERS)));
            extras.put("x-share-app", format(100.0 * two.shares().stream().filter(s -> s.replica().equals("test app")).mapToLong(Share::items)
                    .sum() / Math.max(1, two.shares().stream().mapToLong(Share::items).sum())));
            for (Run measured : List.of(one, two)) {
                if (measured.refreshed() != CONNECTIONS) {
                    problems.add("run " + measured.id() + " refreshed " + measured.refreshed() + " of " + CONNECTIONS + ": " + measured.outcomes());
                }
            }
            if (twiceOne + twiceTwo > 0) {
                problems.add((twiceOne + twiceTwo) + " refresh tokens were used twice");
            }
        } finally {
            SandboxControl.removeRule(rule);
        }
        results.add(0, new Result("lower-bound", String.format(Locale.ROOT, "raw lower bound: %,d × %d ms ÷ %d in flight", CONNECTIONS,
                LATENCY_MS, concurrency), lowerBound, CONNECTIONS / lowerBound, 1.0, "the provider's latency alone, every slot always busy"));
        report(settings, results, extras);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("The run was not clean: " + problems);
        }
    }

    // --- Seeding ------------------------------------------------------------------------------------------

    record Seeding(List<Minted> ceilingWarmUp, List<Minted> ceiling, List<Minted> idTokens, double mintSeconds, double storeSeconds,
            int stored) {

        String describe() {
            return String.format(Locale.ROOT, "Seeding: grants minted at the sandbox in %.1f s; %,d connections stored "
                    + "(OAuthConnections.store, 16 at a time) in %.1f s (%,.0f/s)", mintSeconds, stored, storeSeconds, stored / storeSeconds);
        }
    }

    /** Grants for both measured tenants, both warm-up tenants (stored as connections), the ceiling and the id_token diagnostic. */
    private Seeding seed() {
        long start = System.nanoTime();
        List<Minted> one = SeededGrants.mint("google", CONNECTIONS, PREFIX_ONE, SCOPES);
        List<Minted> two = SeededGrants.mint("google", CONNECTIONS, PREFIX_TWO, SCOPES);
        List<Minted> warmOne = SeededGrants.mint("google", WARM_UP, "warm-one", SCOPES);
        List<Minted> warmTwo = SeededGrants.mint("google", WARM_UP, "warm-two", SCOPES);
        List<Minted> ceilingWarmUp = SeededGrants.mint("google", WARM_UP, "warm-ceiling", SCOPES);
        List<Minted> ceiling = SeededGrants.mint("google", CONNECTIONS, PREFIX_CEILING, SCOPES);
        List<Minted> idTokens = SeededGrants.mint("google", ID_TOKEN_CALLS, PREFIX_ID_TOKEN);
        double minted = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        var google = providers.require("google");
        SeededGrants.store(connections, google, TENANT_ONE, one);
        SeededGrants.store(connections, google, TENANT_TWO, two);
        SeededGrants.store(connections, google, TENANT_WARM_ONE, warmOne);
        SeededGrants.store(connections, google, TENANT_WARM_TWO, warmTwo);
        double stored = (System.nanoTime() - start) / 1e9;
        return new Seeding(ceilingWarmUp, ceiling, idTokens, minted, stored, 2 * CONNECTIONS + 2 * WARM_UP);
    }

    // --- The ceiling --------------------------------------------------------------------------------------

    record Ceiling(double seconds, double perSecond, String notes, List<String> problems) {
    }

    /**
     * A refresh-token POST at the sandbox's Google token endpoint per grant, {@code inFlight} at a time (after one per warm-up
     * grant, not counted): the provider as the refresh path meets it, without the path.
     */
    private Ceiling ceiling(List<Minted> warmUp, List<Minted> grants, int inFlight) throws Exception {
        int count = grants.size();
        URI sandbox = URI.create(SandboxControl.url());
        String clientId = ConfigProvider.getConfig().getValue("integrations.providers.google.client-id", String.class);
        String secret = ConfigProvider.getConfig().getValue("integrations.test.providers.client-secret", String.class);
        Vertx generator = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        HttpClient http = generator.createHttpClient(new HttpClientOptions().setDefaultHost(sandbox.getHost())
                .setDefaultPort(sandbox.getPort()).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(inFlight));
        Context loop = generator.getOrCreateContext();
        try {
            Function<List<Minted>, Load.Operation> over = list -> (i, done) -> {
                Buffer form = Buffer.buffer("grant_type=refresh_token&refresh_token=" + encode(list.get(i).refreshToken())
                        + "&client_id=" + encode(clientId) + "&client_secret=" + encode(secret));
                loop.runOnContext(ignored -> http.request(new RequestOptions().setMethod(HttpMethod.POST).setURI(TOKEN_PATH)
                                .setConnectTimeout(TIMEOUT.toMillis()).setIdleTimeout(TIMEOUT.toMillis()))
                        .compose(request -> request.putHeader("Content-Type", "application/x-www-form-urlencoded").send(form))
                        .compose(response -> response.body().map(body -> response.statusCode()))
                        .onComplete(outcome -> done.completed(outcome.failed() ? outcome.cause().toString()
                                : outcome.result() == 200 ? null : "status " + outcome.result())));
            };
            if (!warmUp.isEmpty()) {
                Load.closedLoop(Load.limited(over.apply(warmUp), warmUp.size()), inFlight, 0, 3600);
                pause();
            }
            double load = loadAverage();
            CpuUse.Sample cpuBefore = cpu.sample();
            long since = System.currentTimeMillis();
            long start = System.nanoTime();
            Load.Measured measured = Load.closedLoop(Load.limited(over.apply(grants), count), inFlight, 0, 3600);
            double seconds = (System.nanoTime() - start) / 1e9;
            CpuUse.Used used = CpuUse.between(cpuBefore, cpu.sample());
            ProviderCalls calls = providerCalls(since);
            List<String> problems = measured.errors() == 0 ? List.of()
                    : List.of("ceiling: " + measured.errors() + " errors, first: " + measured.firstError());
            return new Ceiling(seconds, (count - measured.errors()) / seconds, String.format(Locale.ROOT,
                    "POST → answer p50 %.1f ms, p99 %.1f ms; %d errors; %s; %s; sandbox CPU per call %.2f ms; load %.1f",
                    measured.p50(), measured.p99(), measured.errors(), calls.describe("none"), used.describe(),
                    used.millisPer(CpuUse.SANDBOX, count), load), problems);
        } finally {
            http.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            generator.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    // --- Refresh runs -------------------------------------------------------------------------------------

    /** A run over the warm-up tenant (JIT, pools, the second replica's first claims), not measured. */
    private void warmUp(String tenant) {
        if (WARM_UP > 0) {
            run(tenant);
            settle();
        }
    }

    /** Makes the tenant's connections due, asks for a run of that tenant and measures it once finished. */
    private Run run(String tenant) {
        pool.preparedQuery("UPDATE connection SET access_expires_at = now() + interval '2 minutes',"
                + " last_refreshed_at = now() - interval '58 minutes' WHERE tenant_id = $1").execute(Tuple.of(tenant)).await().atMost(WAIT);
        sql("VACUUM ANALYZE connection");
        sql("CHECKPOINT");
        pause();
        double load = loadAverage();
        Map<String, Double> clientBefore = clientMetrics();
        CpuUse.Sample cpuBefore = cpu.sample();
        double[] databaseBefore = databaseCounters();
        double[] jvmBefore = jvmCounters();
        long since = System.currentTimeMillis();
        String id = given().auth().oauth2(SandboxTokens.operator("ops")).contentType(ContentType.JSON).body(Map.of("tenantId", tenant))
                .when().post("/admin/refresh-runs").then().statusCode(202).extract().path("id");
        UUID run = UUID.fromString(id);
        long deadline = System.nanoTime() + RUN_LIMIT.toNanos();
        Row row;
        String claims;
        try (ClaimProbe probe = ClaimProbe.start(pool, runs, config, tenant)) {
            row = awaitFinished(run, deadline);
            claims = probe.describe();
        }
        CpuUse.Used used = CpuUse.between(cpuBefore, cpu.sample());
        double[] jvm = difference(jvmBefore, jvmCounters());
        double seconds = number(row, "seconds");
        Map<String, Long> outcomes = new TreeMap<>();
        pool.preparedQuery("SELECT outcome, count(*) AS n FROM refresh_run_item WHERE run_id = $1 GROUP BY outcome").execute(Tuple.of(run))
                .await().atMost(WAIT).forEach(r -> outcomes.put(r.getString("outcome"), r.getLong("n")));
        List<Share> shares = new ArrayList<>();
        pool.preparedQuery("""
                SELECT i.replica, count(*) AS n, avg(i.duration_ms) AS mean, percentile_cont(0.5) WITHIN GROUP (ORDER BY i.duration_ms) AS p50,
                       percentile_cont(0.99) WITHIN GROUP (ORDER BY i.duration_ms) AS p99, coalesce(sum(i.duration_ms), 0) / 1000.0 AS busy,
                       extract(epoch FROM min(i.claimed_at) - r.started_at) AS joined
                  FROM refresh_run_item i JOIN refresh_run r ON r.id = i.run_id WHERE i.run_id = $1 GROUP BY i.replica, r.started_at
                 ORDER BY n DESC""").execute(Tuple.of(run)).await().atMost(WAIT)
                .forEach(r -> shares.add(new Share(cycle.replica().equals(r.getString("replica")) ? "test app" : "second instance",
                        r.getLong("n"), number(r, "mean"), number(r, "p50"), number(r, "p99"), number(r, "busy"), number(r, "joined"))));
        return new Run(id, since, seconds, outcomes, shares, providerCalls(since), ClientCalls.between(clientBefore, clientMetrics()), used, jvm,
                difference(databaseBefore, drainedDatabaseCounters()), claims, load);
    }

    private Row awaitFinished(UUID run, long deadline) {
        while (true) {
            Row row = pool.preparedQuery("SELECT status, extract(epoch FROM finished_at - started_at) AS seconds FROM refresh_run WHERE id = $1")
                    .execute(Tuple.of(run)).await().atMost(WAIT).iterator().next();
            if (!"running".equals(row.getString("status"))) {
                return row;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Refresh run " + run + " still running after " + RUN_LIMIT);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    /**
     * PostgreSQL's committed transactions, WAL flushes (fsyncs) and WAL bytes so far (its statistics reach
     * these views within about a second; the benchmark's own polling adds a few commits).
     */
    private double[] databaseCounters() {
        Row row = pool.query("SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()) AS commits,"
                + " wal_sync, wal_bytes FROM pg_stat_wal").execute().await().atMost(WAIT).iterator().next();
        return new double[] { number(row, "commits"), number(row, "wal_sync"), number(row, "wal_bytes") };
    }

    /** The test JVM's JIT compilation and garbage collection so far, in seconds (its own accounting, wall time of those threads). */
    private static double[] jvmCounters() {
        double gc = ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime)
                .filter(time -> time > 0).sum() / 1000.0;
        return new double[] { ManagementFactory.getCompilationMXBean().getTotalCompilationTime() / 1000.0, gc };
    }

    /** The counters once the relay has published the run's events (their commits count), a second after. */
    private double[] drainedDatabaseCounters() {
        awaitOutboxDrained();
        pause();
        return databaseCounters();
    }

    private static double[] difference(double[] before, double[] after) {
        double[] difference = new double[before.length];
        for (int i = 0; i < before.length; i++) {
            difference[i] = after[i] - before[i];
        }
        return difference;
    }

    /**
     * Each of a finished run's items recorded again through {@link RefreshRunRepository#recordOutcome} (its own outcome and
     * duration: nothing changes but the row version), as many at a time as the run had in flight: what each refresh pays
     * after its own transaction, a durable autocommit UPDATE, here with nothing else running.
     */
    private Result outcomesAlone(Run run, int inFlight) {
        List<Row> items = new ArrayList<>();
        pool.preparedQuery("SELECT connection_id, outcome, provider_code, duration_ms FROM refresh_run_item WHERE run_id = $1")
                .execute(Tuple.of(UUID.fromString(run.id()))).await().atMost(WAIT).forEach(items::add);
        Load.Operation record = (i, done) -> {
            Row item = items.get(i);
            runs.recordOutcome(pool, UUID.fromString(run.id()), item.getUUID("connection_id"), item.getString("outcome"),
                    item.getString("provider_code"), item.getInteger("duration_ms")).subscribe()
                    .with(ignored -> done.completed(null), failure -> done.completed(failure.toString()));
        };
        long start = System.nanoTime();
        Load.Measured measured = Load.closedLoop(Load.limited(record, items.size()), inFlight, 0, 3600);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result("outcome-alone", String.format(Locale.ROOT, "diagnostic: the item's outcome UPDATE alone "
                + "(RefreshRunRepository.recordOutcome, autocommit), the run's %,d items again, %d at a time", items.size(), inFlight),
                seconds, items.size() / seconds, Double.NaN, String.format(Locale.ROOT, "latency p50 %.1f ms, p99 %.1f ms, mean %.1f ms; "
                        + "%d errors", measured.p50(), measured.p99(), 1000.0 * seconds * inFlight / items.size(), measured.errors()));
    }

    private static double number(Row row, String column) {
        Object value = row.getValue(column);
        return value == null ? Double.NaN : ((Number) value).doubleValue();
    }

    private static String notes(Run run, String limit) {
        StringBuilder notes = new StringBuilder();
        notes.append("outcomes ").append(run.outcomes()).append("; ").append(run.calls().describe(limit));
        notes.append(String.format(Locale.ROOT, "; provider calls from +%.2f s to +%.2f s after the POST; slots busy %.1f on average",
                (run.calls().first() - run.askedAt()) / 1000.0, (run.calls().last() - run.askedAt()) / 1000.0, run.busySlots()));
        for (Share share : run.shares()) {
            notes.append(String.format(Locale.ROOT, "; %s: %,d items (%.0f %%), slot → stored p50 %.0f ms, p99 %.0f ms, first claim +%.2f s",
                    share.replica(), share.items(), 100.0 * share.items() / run.shares().stream().mapToLong(Share::items).sum(),
                    share.p50Ms(), share.p99Ms(), share.joinedAfterSeconds()));
        }
        notes.append("; ").append(run.claims());
        notes.append("; ").append(run.client().describe());
        run.shares().stream().filter(share -> share.replica().equals("test app")).findFirst().ifPresent(app -> notes.append(
                String.format(Locale.ROOT, " (so %.0f ms of the test app's mean %.0f ms per refresh is the rest: find, unseal, seal, "
                        + "the store transaction)", app.meanMs() - run.client().meanMs(), app.meanMs())));
        long refreshed = Math.max(1, run.refreshed());
        CpuUse.Used cpu = run.cpu();
        double ours = cpu.oursMillisPer(refreshed);
        notes.append("; ").append(cpu.describe());
        notes.append(String.format(Locale.ROOT, "; CPU per refresh: test JVM %.2f ms, second %.2f ms, PostgreSQL %.2f ms, sandbox %.2f ms, "
                + "Kafka %.2f ms, Maven %.2f ms: %.2f ms in all, so %d cores alone would do at most %,.0f/s", cpu.millisPer(CpuUse.APP, refreshed),
                cpu.millisPer(SECOND_INSTANCE, refreshed), cpu.millisPer(CpuUse.POSTGRES, refreshed), cpu.millisPer(CpuUse.SANDBOX, refreshed),
                cpu.millisPer(CpuUse.KAFKA, refreshed), cpu.millisPer(CpuUse.MAVEN, refreshed), ours, Runtime.getRuntime().availableProcessors(),
                1000.0 * Runtime.getRuntime().availableProcessors() / ours));
        notes.append(String.format(Locale.ROOT, "; test JVM during the run: JIT compiling %.1f s, GC %.1f s", run.jvm()[0], run.jvm()[1]));
        notes.append(String.format(Locale.ROOT, "; PostgreSQL per refresh: %.1f commits, %.2f WAL flushes, %,.0f WAL bytes",
                run.database()[0] / refreshed, run.database()[1] / refreshed, run.database()[2] / refreshed));
        notes.append(String.format(Locale.ROOT, "; load %.1f", run.load()));
        return notes.toString();
    }

    private static Result withNote(Result result, String note) {
        return new Result(result.key(), result.label(), result.seconds(), result.perSecond(), result.vsLowerBound(),
                result.notes() + "; " + note);
    }

    /** With {@code -Dbench.refresh.jfr=<file>}: a Flight Recording (the JDK's "profile" settings) of the test JVM during the one-instance run. */
    private static Recording startRecording() throws IOException, ParseException {
        if (System.getProperty("bench.refresh.jfr") == null) {
            return null;
        }
        Recording recording = new Recording(Configuration.getConfiguration("profile"));
        recording.start();
        return recording;
    }

    private static void stopRecording(Recording recording) throws IOException {
        if (recording != null) {
            recording.stop();
            recording.dump(Path.of(System.getProperty("bench.refresh.jfr")));
            recording.close();
        }
    }

    // --- What the sandbox and the app saw -----------------------------------------------------------------

    /** The sandbox's Google token-endpoint log since {@code since} (epoch ms): refresh-token requests only. */
    private static ProviderCalls providerCalls(long since) {
        List<Map<String, Object>> requests = given().queryParam("since", since).when()
                .get(SandboxControl.url() + "/control/google/token-requests").then().statusCode(200).extract().path("requests");
        long[] at = requests.stream().filter(request -> "refresh_token".equals(request.get("grantType")))
                .mapToLong(request -> ((Number) request.get("at")).longValue()).sorted().toArray();
        int failed = (int) requests.stream().filter(request -> "refresh_token".equals(request.get("grantType")))
                .filter(request -> !Integer.valueOf(200).equals(request.get("status"))).count();
        int peak = 0;
        for (int first = 0, last = 0; last < at.length; last++) {
            while (at[last] - at[first] >= 1000) {
                first++;
            }
            peak = Math.max(peak, last - first + 1);
        }
        double span = at.length < 2 ? Double.NaN : (at[at.length - 1] - at[0]) / 1000.0;
        return new ProviderCalls(at.length, failed, at.length < 2 ? Double.NaN : (at.length - 1) / span, peak,
                at.length == 0 ? 0 : at[0], at.length == 0 ? 0 : at[at.length - 1]);
    }

    /** Per account prefix: refresh tokens used never, and used more than once. */
    private static Map<String, int[]> refreshTokenUses() {
        List<Map<String, Object>> tokens = given().when().get(SandboxControl.url() + "/control/google/refresh-tokens").then().statusCode(200)
                .extract().path("refreshTokens");
        Map<String, int[]> uses = new HashMap<>();
        for (String prefix : List.of(PREFIX_ONE, PREFIX_TWO, PREFIX_CEILING, PREFIX_ID_TOKEN)) {
            uses.put(prefix, new int[2]);
        }
        for (Map<String, Object> token : tokens) {
            String account = (String) token.get("account");
            int[] counts = uses.get(account.substring(0, account.lastIndexOf('-')));
            if (counts != null) {
                int n = ((Number) token.get("uses")).intValue();
                counts[0] += n == 0 ? 1 : 0;
                counts[1] += n > 1 ? 1 : 0;
            }
        }
        return uses;
    }

    /** The app's REST-client timings of calls to the token endpoint (Micrometer's {@code http.client.requests}). */
    record ClientCalls(double count, double seconds) {

        static ClientCalls between(Map<String, Double> before, Map<String, Double> after) {
            return new ClientCalls(after.getOrDefault("count", 0.0) - before.getOrDefault("count", 0.0),
                    after.getOrDefault("sum", 0.0) - before.getOrDefault("sum", 0.0));
        }

        double meanMs() {
            return count < 1 ? Double.NaN : 1000 * seconds / count;
        }

        String describe() {
            return String.format(Locale.ROOT, "the test app's token-endpoint POST (REST client timer) %.1f ms mean over %,.0f", meanMs(), count);
        }
    }

    private static Map<String, Double> clientMetrics() {
        String text = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Map<String, Double> sums = new HashMap<>();
        for (String line : text.split("\n")) {
            // The token endpoint's client is built on its full URL: its calls are the POSTs to "root" (no other POST is made here)
            if (!line.startsWith("http_client_requests_seconds_") || !line.contains("method=\"POST\"") || !line.contains("uri=\"root\"")) {
                continue;
            }
            String name = line.substring("http_client_requests_seconds_".length(), line.indexOf('{'));
            if (name.equals("count") || name.equals("sum")) {
                sums.merge(name, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
            }
        }
        return sums;
    }

    // --- Settings and output ------------------------------------------------------------------------------

    private String latencyRule() {
        return given().contentType(ContentType.JSON).body(Map.of("method", "POST", "path", TOKEN_PATH, "millis", LATENCY_MS))
                .when().post(SandboxControl.url() + "/control/latency").then().statusCode(201).extract().path("id");
    }

    private List<String> settings(int concurrency) {
        Function<String, String> show = name -> pool.query("SHOW " + name).execute().await().atMost(WAIT).iterator().next().getString(0);
        Function<String, String> value = name -> ConfigProvider.getConfig().getOptionalValue(name, String.class).orElse("?");
        List<String> settings = new ArrayList<>();
        settings.add(String.format(Locale.ROOT, "%d cores; test JVM -Xmx%d m (the app, the seeding, the ceiling's client); second instance "
                + "-Xmx256m -XX:+UseSerialGC; sandbox -Xmx160m -XX:TieredStopAtLevel=1", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20));
        settings.add(String.format(Locale.ROOT, "PostgreSQL %s: fsync=%s, synchronous_commit=%s; reactive pool max-size=%s",
                show.apply("server_version"), show.apply("fsync"), show.apply("synchronous_commit"),
                value.apply("quarkus.datasource.reactive.max-size")));
        settings.add(String.format(Locale.ROOT, "Refresh: concurrency %d per replica; Google rate %s/s per replica (default %s/s); "
                + "poll interval %s (replicas join a run within it); refresh lease %s", concurrency, RATE,
                value.apply("integrations.token.refresh.rate-per-second"), value.apply("integrations.token.refresh.poll-interval"),
                value.apply("integrations.token.refresh-lease")));
        settings.add(String.format(Locale.ROOT, "Sandbox: latency rule POST %s %d ms; grants with scope %s (no id_token); %,d due "
                + "connections per measured run, a %,d-connection warm-up run before each", TOKEN_PATH, LATENCY_MS, SCOPES.get(0),
                CONNECTIONS, WARM_UP));
        settings.add(String.format(Locale.ROOT, "Outbox relay: tenants-per-round=%s, poll-interval=%s (every refresh writes token.refreshed)",
                value.apply("integrations.outbox.relay.tenants-per-round"), value.apply("integrations.outbox.relay.poll-interval")));
        return settings;
    }

    private static void report(List<String> settings, List<Result> results, Map<String, String> extras) throws IOException {
        StringBuilder table = new StringBuilder();
        table.append("Refresh-run benchmark, ").append(LocalDate.now()).append('\n');
        settings.forEach(line -> table.append("- ").append(line).append('\n'));
        table.append('\n').append("| measure | seconds | refreshes/s | vs lower bound | notes |\n").append("|---|---|---|---|---|\n");
        StringBuilder tsv = new StringBuilder();
        settings.forEach(line -> tsv.append("# ").append(line).append('\n'));
        for (Result r : results) {
            table.append(String.format(Locale.ROOT, "| %s | %.2f | %,.0f | %s | %s |%n", r.label(), r.seconds(), r.perSecond(),
                    Double.isNaN(r.vsLowerBound()) ? "–" : format(r.vsLowerBound()) + "×", r.notes()));
            tsv.append(String.join("\t", r.key(), r.label(), format(r.seconds()), String.format(Locale.ROOT, "%.0f", r.perSecond()),
                    Double.isNaN(r.vsLowerBound()) ? "-" : format(r.vsLowerBound()), r.notes())).append('\n');
        }
        extras.forEach((key, value) -> tsv.append(key).append('\t').append(value).append('\n'));
        Files.createDirectories(OUTPUT);
        Files.writeString(OUTPUT.resolve("refresh.md"), table.toString());
        Files.writeString(OUTPUT.resolve("refresh.tsv"), tsv.toString());
        System.out.println();
        System.out.println(table);
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Seeding's or the last run's outbox events delivered, the table vacuumed and analysed, a checkpoint, a second of quiet. */
    private void settle() {
        awaitOutboxDrained();
        sql("VACUUM ANALYZE connection");
        sql("VACUUM ANALYZE outbox");
        sql("VACUUM ANALYZE refresh_run_item");
        sql("CHECKPOINT");
        pause();
    }

    private void awaitOutboxDrained() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (count("SELECT count(*) FROM outbox WHERE sent_at IS NULL") > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The outbox did not drain in " + WAIT);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    private static void pause() {
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
    }

    private void sql(String statement) {
        pool.query(statement).execute().await().atMost(WAIT);
    }

    private long count(String query) {
        return pool.query(query).execute().await().atMost(WAIT).iterator().next().getLong(0);
    }
}
