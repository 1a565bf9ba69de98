package com.crm.integrations.token.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.IntFunction;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.crm.integrations.testing.bench.Load;
import com.crm.integrations.testing.contract.SandboxTokens;
import com.crm.integrations.token.ProviderAccount;
import com.crm.integrations.token.ProviderDefinition;
import com.crm.integrations.token.Secret;
import com.crm.integrations.token.TokenGrant;
import com.crm.integrations.testing.bench.Load.Measured;
import com.crm.integrations.token.service.OAuthConnections;
import com.crm.integrations.token.config.ProviderRegistry;
import com.crm.integrations.token.TokenServiceInfrastructure;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The internal access-token API's benchmark ({@code bench/access-token.sh}, issue 5): latency of
 * {@code GET /internal/connections/{id}/access-token} at a fixed 1,000 requests/s over 10,000 stored
 * connections, and its throughput at saturation, next to two ceilings measured in the same run: the
 * same HTTP stack answering a trivial endpoint, and the primary-key {@code SELECT} of a connection
 * row over the same pool. Not a test: its name is outside surefire's default includes, so
 * {@code ./mvnw verify} never runs it; {@code -Dtest=AccessTokenBench} does.
 *
 * <p>Seeding goes through {@link OAuthConnections#store} (the OAuth callback's store: sealing,
 * the row, the {@code connection.changed} v1 and v2 outbox events, one transaction each), {@value #SEED_IN_FLIGHT}
 * at a time, with made-up Google tokens that expire in an hour, so the measured path never refreshes:
 * it is find, unseal, answer. The run checks that: no connection's tokens changed after seeding.
 *
 * <p>Load: a Vert.x HTTP client on its own Vert.x instance (one event loop), HTTP/1.1 keep-alive, a
 * random connection per request, the bearer of a client-credentials token of {@code calendar-service}.
 * Open loop ({@link Load#openLoop}): latency is counted from each request's due time, so neither a
 * slow server nor a stalled generator hides queueing. Each open-loop phase runs {@value #WARM_UP_SECONDS}
 * s of warm-up (discarded) then {@value #MEASURE_SECONDS} s; each closed-loop (saturation) phase
 * {@value #SATURATION_WARM_UP_SECONDS} s then {@value #SATURATION_SECONDS} s with
 * {@value #SATURATION_IN_FLIGHT} in flight. Before any phase, every path runs closed-loop for a few
 * seconds (JIT, the JWT key set, the pool's connections).
 *
 * <p>Writes {@code target/bench/access-token.md} (the table, also printed) and
 * {@code target/bench/access-token.tsv} (for {@code bench/access-token.sh}). Sizes are system
 * properties ({@code bench.access-token.connections}, {@code .rate}, {@code .seconds},
 * {@code .warm-up-seconds}, {@code .saturation-seconds}, {@code .in-flight}) so a quick run can shrink them.
 */
@QuarkusTest
@WithTestResource(TokenServiceInfrastructure.class)
class AccessTokenBench {

    private static final int CONNECTIONS = Integer.getInteger("bench.access-token.connections", 10_000);
    private static final int TENANTS = 100;
    private static final int SEED_IN_FLIGHT = 16;
    private static final int RATE = Integer.getInteger("bench.access-token.rate", 1_000);
    private static final int WARM_UP_SECONDS = 5;
    private static final int MEASURE_SECONDS = 20;
    private static final int SATURATION_WARM_UP_SECONDS = 2;
    private static final int SATURATION_SECONDS = 10;
    private static final int SATURATION_IN_FLIGHT = 32;
    private static final double WARM_UP = Double.parseDouble(System.getProperty("bench.access-token.warm-up-seconds",
            String.valueOf(WARM_UP_SECONDS)));
    private static final double SECONDS = Double.parseDouble(System.getProperty("bench.access-token.seconds",
            String.valueOf(MEASURE_SECONDS)));
    private static final double SATURATION = Double.parseDouble(System.getProperty("bench.access-token.saturation-seconds",
            String.valueOf(SATURATION_SECONDS)));
    private static final int IN_FLIGHT = Integer.getInteger("bench.access-token.in-flight", SATURATION_IN_FLIGHT);
    /** Closed-loop seconds per path before the first phase. */
    private static final double PRIME_SECONDS = 3;

    private static final Duration WAIT = Duration.ofMinutes(3);
    /** A request that has not connected, or not answered, within this counts as an error. */
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Path OUTPUT = Path.of("target", "bench");
    private static final String ACCESS_PREFIX = "ya29.bench-";
    /** The trivial endpoint: JAX-RS, unauthenticated, no I/O (the browser's landing page after OAuth). */
    private static final String TRIVIAL = "/oauth/finished?provider=google&outcome=connected";
    /** Same columns as the service reads (ConnectionRepository.findStored), by primary key. */
    private static final String SELECT_BY_ID = """
            SELECT id, tenant_id, owner_type, owner_id, provider, kind, status, scopes, account_id, account_login, data_centre,
                api_endpoint, access_expires_at, last_refreshed_at, consecutive_failures, last_error_category, last_error_code,
                retry_at, refresh_token IS NOT NULL AS has_refresh_token, created_by, created_at, updated_at, revoked_at,
                access_key_id, access_token, refresh_key_id, refresh_token
            FROM connection WHERE id = $1""";

    @Inject
    OAuthConnections connections;
    @Inject
    ProviderRegistry providers;
    @Inject
    Pool pool;

    /** One row of the table; latencies in milliseconds, NaN when not measured. */
    record Result(String key, String label, String offered, double achieved, double p50, double p99, double max, int errors) {

        static Result of(String key, String label, String offered, Measured m) {
            if (m.errors() > 0) {
                System.out.printf("%s: %d errors, first: %s%n", key, m.errors(), m.firstError());
            }
            return new Result(key, label, offered, m.achieved(), m.p50(), m.p99(), m.max(), m.errors());
        }
    }

    @Test
    void measuresTheAccessTokenApiNextToItsCeilings() throws Exception {
        List<String> settings = settings();
        List<Result> results = new ArrayList<>();

        Seeded seeded = seed();
        results.add(seeded.result());
        settle();

        String bearer = SandboxTokens.service("calendar-service");
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        Vertx generator = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        HttpClient http = generator.createHttpClient(new HttpClientOptions().setDefaultHost("localhost").setDefaultPort(port)
                .setKeepAlive(true).setPipelining(false), new PoolOptions().setHttp1MaxSize(256));
        Context loop = generator.getOrCreateContext();
        try {
            String[] tokenUris = seeded.ids().stream().map(id -> "/internal/connections/" + id + "/access-token").toArray(String[]::new);
            int[] picks = new Random(5).ints(4_000_000, 0, tokenUris.length).toArray();
            requireTheStoredToken(http, bearer, tokenUris[0]);

            Load.Operation trivial = get(loop, http, i -> TRIVIAL, null, 200);
            Load.Operation select = selectOperation(seeded.ids(), picks);
            Load.Operation authOnly = get(loop, http, i -> "/internal/bench-none/" + picks[i % picks.length], bearer, 404);
            Load.Operation api = get(loop, http, i -> tokenUris[picks[i % picks.length]], bearer, 200);

            for (Load.Operation path : List.of(trivial, select, authOnly, api)) {
                Load.closedLoop(path, IN_FLIGHT, 0, PRIME_SECONDS);
            }
            pause();

            String rate = String.format(Locale.ROOT, "%,d/s", RATE);
            results.add(Result.of("trivial-rate", "ceiling: trivial HTTP endpoint (GET /oauth/finished: JAX-RS, no auth, no I/O)",
                    rate, Load.openLoop(trivial, RATE, WARM_UP, SECONDS)));
            pause();
            results.add(Result.of("select-rate", "ceiling: PK SELECT of a connection row (the service's columns), same pool",
                    rate, Load.openLoop(select, RATE, WARM_UP, SECONDS)));
            pause();
            results.add(Result.of("auth-rate", "diagnostic: service bearer checked, then 404 (GET /internal/bench-none/…: JWT, no I/O)",
                    rate, Load.openLoop(authOnly, RATE, WARM_UP, SECONDS)));
            pause();
            results.add(Result.of("api-rate", String.format(Locale.ROOT,
                    "access-token API (GET /internal/connections/{id}/access-token, %,d connections)", CONNECTIONS),
                    rate, Load.openLoop(api, RATE, WARM_UP, SECONDS)));
            pause();

            String saturation = String.format(Locale.ROOT, "saturation (%d in flight)", IN_FLIGHT);
            results.add(Result.of("trivial-sat", "ceiling: trivial HTTP endpoint", saturation,
                    Load.closedLoop(trivial, IN_FLIGHT, SATURATION_WARM_UP_SECONDS, SATURATION)));
            pause();
            results.add(Result.of("select-sat", "ceiling: PK SELECT over the pool", saturation,
                    Load.closedLoop(select, IN_FLIGHT, SATURATION_WARM_UP_SECONDS, SATURATION)));
            pause();
            results.add(Result.of("auth-sat", "diagnostic: service bearer checked, then 404", saturation,
                    Load.closedLoop(authOnly, IN_FLIGHT, SATURATION_WARM_UP_SECONDS, SATURATION)));
            pause();
            results.add(Result.of("api-sat", "access-token API", saturation,
                    Load.closedLoop(api, IN_FLIGHT, SATURATION_WARM_UP_SECONDS, SATURATION)));
        } finally {
            http.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            generator.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        long changed = count("SELECT count(*) FROM connection WHERE updated_at <> created_at OR refresh_lease_until IS NOT NULL");
        if (changed != 0) {
            throw new IllegalStateException(changed + " connections changed during the run (a refresh?): the read path was not alone");
        }
        report(settings, results);
    }

    // --- Seeding ------------------------------------------------------------------------------------------

    record Seeded(List<UUID> ids, Result result) {
    }

    /** {@link #CONNECTIONS} Google connections over {@link #TENANTS} tenants, one user each, {@link #SEED_IN_FLIGHT} at a time. */
    private Seeded seed() {
        ProviderDefinition google = providers.require("google");
        SecureRandom random = new SecureRandom();
        UUID[] ids = new UUID[CONNECTIONS];
        Load.Operation store = (i, done) -> {
            TokenGrant grant = new TokenGrant(new Secret(ACCESS_PREFIX + randomText(random, 160)),
                    Optional.of(new Secret("1//0bench-" + randomText(random, 96))), Optional.of(Duration.ofHours(1)), List.of(),
                    Optional.empty());
            String tenant = String.format(Locale.ROOT, "bench-tenant-%02d", i % TENANTS);
            String user = String.format(Locale.ROOT, "bench-user-%05d", i / TENANTS);
            ProviderAccount account = new ProviderAccount(Optional.of("1" + String.format(Locale.ROOT, "%020d", i)),
                    Optional.of(user + "@example.test"), Optional.empty(), Optional.empty());
            connections.store(tenant, user, google, grant, account).map(java.util.Optional::orElseThrow).subscribe().with(outcome -> {
                ids[i] = outcome.connection().id();
                done.completed(outcome.reconnected() ? "reconnected: the database was not fresh" : null);
            }, failure -> done.completed(failure.toString()));
        };
        long start = System.nanoTime();
        Measured measured = Load.closedLoop(Load.limited(store, CONNECTIONS), SEED_IN_FLIGHT, 0, 3600);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (measured.errors() > 0) {
            throw new IllegalStateException(measured.errors() + " connections were not stored; first: " + measured.firstError());
        }
        if (count("SELECT count(*) FROM connection") != CONNECTIONS) {
            throw new IllegalStateException("Expected " + CONNECTIONS + " connections");
        }
        return new Seeded(List.of(ids), new Result("seed", String.format(Locale.ROOT,
                "seeding: OAuthConnections.store (seal ×2, INSERT, outbox events v1 and v2; one transaction each), %,d connections, "
                        + "%d tenants (latency: one store)", CONNECTIONS, TENANTS),
                String.format(Locale.ROOT, "%d in flight", SEED_IN_FLIGHT), CONNECTIONS / seconds, measured.p50(), measured.p99(),
                measured.max(), 0));
    }

    private static String randomText(Random random, int length) {
        byte[] bytes = new byte[length * 3 / 4];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Seeding's outbox events delivered, the table vacuumed and analysed, a checkpoint, a second of quiet. */
    private void settle() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (count("SELECT count(*) FROM outbox WHERE sent_at IS NULL") > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The outbox did not drain in " + WAIT);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        sql("VACUUM ANALYZE connection");
        sql("VACUUM ANALYZE outbox");
        sql("CHECKPOINT");
        pause();
    }

    // --- Operations ---------------------------------------------------------------------------------------

    /**
     * A GET on the generator's event loop: the request, its response and its body all handled on that
     * one thread (started from the pacing thread, Vert.x's client could miss a body's end).
     */
    private static Load.Operation get(Context loop, HttpClient http, IntFunction<String> uri, String bearer, int expected) {
        return (i, done) -> loop.runOnContext(ignored -> http.request(new RequestOptions().setMethod(HttpMethod.GET).setURI(uri.apply(i))
                        .setConnectTimeout(TIMEOUT.toMillis()).setIdleTimeout(TIMEOUT.toMillis()))
                .compose(request -> {
                    if (bearer != null) {
                        request.putHeader("Authorization", "Bearer " + bearer);
                    }
                    return request.send();
                })
                .compose(response -> response.body().map(body -> response.statusCode()))
                .onComplete(outcome -> done.completed(outcome.failed() ? outcome.cause().toString()
                        : outcome.result() == expected ? null : "status " + outcome.result())));
    }

    private Load.Operation selectOperation(List<UUID> ids, int[] picks) {
        return (i, done) -> pool.preparedQuery(SELECT_BY_ID).execute(Tuple.of(ids.get(picks[i % picks.length])))
                .subscribe().with(rows -> done.completed(rows.size() == 1 ? null : "rows: " + rows.size()),
                        failure -> done.completed(failure.toString()));
    }

    /** The API answers with the token stored for that connection (the made-up one), not a refreshed one. */
    private static void requireTheStoredToken(HttpClient http, String bearer, String uri) throws Exception {
        String body = http.request(HttpMethod.GET, uri)
                .compose(request -> request.putHeader("Authorization", "Bearer " + bearer).send())
                .compose(response -> response.statusCode() == 200 ? response.body()
                        : io.vertx.core.Future.failedFuture("status " + response.statusCode()))
                .map(Object::toString)
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        if (!new JsonObject(body).getString("accessToken", "").startsWith(ACCESS_PREFIX)) {
            throw new IllegalStateException("The API did not answer with the stored token");
        }
    }

    // --- Output -------------------------------------------------------------------------------------------

    private List<String> settings() {
        Function<String, String> config = name -> ConfigProvider.getConfig().getOptionalValue(name, String.class).orElse("?");
        Function<String, String> show = name -> pool.query("SHOW " + name).execute().await().atMost(WAIT)
                .iterator().next().getString(0);
        return List.of(
                String.format(Locale.ROOT, "PostgreSQL %s: fsync=%s, synchronous_commit=%s; reactive pool max-size=%s",
                        show.apply("server_version"), show.apply("fsync"), show.apply("synchronous_commit"),
                        config.apply("quarkus.datasource.reactive.max-size")),
                String.format(Locale.ROOT, "%,d Google connections over %d tenants, tokens expiring in 1 h (refresh-ahead %s: no "
                        + "refresh); a random connection per request", CONNECTIONS, TENANTS, config.apply("integrations.token.refresh-ahead")),
                String.format(Locale.ROOT, "Generator: Vert.x HTTP client (own instance, 1 event loop, HTTP/1.1 keep-alive) in the test "
                        + "JVM; open loop %.0f s warm-up + %.0f s measured, latency from each request's due time; saturation %.0f s + "
                        + "%.0f s, %d in flight", WARM_UP, SECONDS, (double) SATURATION_WARM_UP_SECONDS, SATURATION, IN_FLIGHT),
                String.format(Locale.ROOT, "%d cores, test JVM -Xmx%d m (app, generator, seeding)",
                        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20));
    }

    private void report(List<String> settings, List<Result> results) throws IOException {
        StringBuilder table = new StringBuilder();
        table.append("Access-token API benchmark, ").append(LocalDate.now()).append('\n');
        settings.forEach(line -> table.append("- ").append(line).append('\n'));
        table.append('\n')
                .append("| measure | offered rate | achieved (/s) | p50 (ms) | p99 (ms) | max (ms) | errors |\n")
                .append("|---|---|---|---|---|---|---|\n");
        StringBuilder tsv = new StringBuilder();
        settings.forEach(line -> tsv.append("# ").append(line).append('\n'));
        for (Result r : results) {
            table.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %s | %s | %s | %d |%n", r.label(), r.offered(), r.achieved(),
                    ms(r.p50()), ms(r.p99()), ms(r.max()), r.errors()));
            tsv.append(String.join("\t", r.key(), r.label(), r.offered(), String.format(Locale.ROOT, "%.0f", r.achieved()),
                    ms(r.p50()), ms(r.p99()), ms(r.max()), String.valueOf(r.errors()))).append('\n');
        }
        Files.createDirectories(OUTPUT);
        Files.writeString(OUTPUT.resolve("access-token.md"), table.toString());
        Files.writeString(OUTPUT.resolve("access-token.tsv"), tsv.toString());
        System.out.println();
        System.out.println(table);
    }

    private static String ms(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, value < 10 ? "%.2f" : "%.1f", value);
    }

    private static void pause() {
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
    }

    private void sql(String statement) {
        pool.query(statement).execute().await().atMost(WAIT);
    }

    private long count(String query) {
        Row row = pool.query(query).execute().await().atMost(WAIT).iterator().next();
        return row.getLong(0);
    }
}
