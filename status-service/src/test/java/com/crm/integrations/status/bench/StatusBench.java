package com.crm.integrations.status.bench;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.IntFunction;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.crm.integrations.common.consumer.EventHandlers;
import com.crm.integrations.common.consumer.IdempotentConsumer;
import com.crm.integrations.common.security.Caller;
import com.crm.integrations.common.security.TenantId;
import com.crm.integrations.status.repository.StatusStatements;
import com.crm.integrations.status.service.Projection;
import com.crm.integrations.status.service.StatusService;
import com.crm.integrations.testing.IntegrationInfrastructure;
import com.crm.integrations.testing.bench.CpuUse;
import com.crm.integrations.testing.bench.Load;
import com.crm.integrations.testing.bench.Load.Measured;
import com.crm.integrations.testing.contract.SandboxTokens;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * status-service's benchmark ({@code bench/status.sh}): the projection, the status API, the way from an event to a
 * reader, and a rebuild, each next to ceilings measured in the same run. Not a test: its name is outside surefire's
 * default includes, so {@code ./mvnw verify} never runs it; {@code -Dtest=StatusBench} does, and {@code bench/status.sh}
 * runs it against a durable cluster ({@code -Dintegrations.test.postgres.durable=true}).
 *
 * <p>The app runs with the real PostgreSQL, Kafka and sandbox ({@link IntegrationInfrastructure}) and no sibling
 * service: the bench publishes the siblings' events itself ({@link BenchTenants}, built with {@code SiblingEvents}) with a
 * plain {@link KafkaProducer}. Phases:
 * <ol>
 * <li>tokens: a user token for each of the {@code bench.status.tenants} tenants, minted by the sandbox before anything
 * is measured; a warm-up of {@value #WARM_TENANTS} tenants' histories through the projection;</li>
 * <li>the projection: every tenant's history (~7.5 events) sent as fast as the producer goes, first send → the last
 * tenant's whole history visible in {@code GET /integrations/status}; ceilings: the same records sent by the same
 * producer to a scratch topic nobody reads, durable single-row {@code INSERT}s over the app's pool; diagnostics: the same
 * rows one after another in transactions of a poll's size (the projection's shape), and the projection without Kafka
 * (other tenants' histories through {@link IdempotentConsumer#replay} with the projection's handlers);</li>
 * <li>the API: {@code GET /integrations/status} for random tenants of those whose user has a token
 * ({@code bench.status.tokens}, spread evenly), each with its user's token, open loop at
 * {@code bench.status.rate} requests/s (latency from each request's due time) and closed loop at saturation; next to
 * {@code /q/health/live} (the HTTP stack and this client: no auth, no I/O), the bearer check alone (the same resource
 * with {@code scope=bogus}: authenticated, then 422 from validation, no SQL), the status read's SQL over the same pool,
 * and {@link StatusService#view} called straight (SQL, rows read, cards, ETag: all but HTTP and auth);</li>
 * <li>events → readers: {@code bench.status.event-rate} events/s for {@code bench.status.event-seconds} (open loop), a
 * realistic mix over the tenants, with {@code bench.status.streams} SSE streams open; every
 * {@code bench.status.sample-every}th event is a refresh of a streamed tenant's Google token carrying a distinct
 * {@code refreshedAt} (the streamed tenants get no other event): due time → its card's arrival on the tenant's stream,
 * and for every {@code bench.status.probe-every}th of them → that value visible in {@code GET /integrations/status}
 * (asked every {@code bench.status.probe-interval-ms} with If-None-Match for a second, then every
 * {@value #SLOW_PROBE_INTERVAL_MS} ms: the probes' load stays small next to the events');</li>
 * <li>a rebuild from the topics ({@code POST /admin/status/rebuilds}): POST → {@code live}, records replayed per
 * second.</li>
 * </ol>
 * Per phase, as diagnostics: CPU per process ({@link CpuUse}), PostgreSQL commits/s, change-log rows written and bearer
 * tokens verified (not answered from the verified-token cache). {@code -Dbench.status.jfr=<file>
 * -Dbench.status.jfr-phase=<phase>} records one phase in a Flight Recording.
 *
 * <p>Writes {@code target/bench/status.md} (the tables, also printed) and {@code target/bench/status.tsv} (for
 * {@code bench/status.sh}). Sizes are system properties ({@code bench.status.*}, below); {@code bench.status.phases}
 * picks among {@code ceilings,api,events,rebuild} (the projection always runs: the others read what it wrote).
 */
@QuarkusTest
@WithTestResource(IntegrationInfrastructure.class)
class StatusBench {

    private static final int TENANTS = Integer.getInteger("bench.status.tenants", 10_000);
    /**
     * Users with a token (spread evenly over the tenants; the sandbox mints ~50 a second on a loaded machine, its JVM
     * capped at C1): the API's random tenants and the streams' are theirs.
     */
    private static final int TOKENS = Integer.getInteger("bench.status.tokens", 2_000);
    private static final int WARM_TENANTS = 200;
    private static final int RATE = Integer.getInteger("bench.status.rate", 1_000);
    private static final double WARM_UP = seconds("bench.status.warm-up-seconds", 5);
    private static final double SECONDS = seconds("bench.status.seconds", 15);
    private static final double SATURATION_WARM_UP = 2;
    private static final double SATURATION = seconds("bench.status.saturation-seconds", 10);
    private static final int IN_FLIGHT = Integer.getInteger("bench.status.in-flight", 32);
    private static final int EVENT_RATE = Integer.getInteger("bench.status.event-rate", 1_000);
    private static final double EVENT_SECONDS = seconds("bench.status.event-seconds", 30);
    private static final int STREAMS = Integer.getInteger("bench.status.streams", 300);
    private static final int SAMPLE_EVERY = Integer.getInteger("bench.status.sample-every", 20);
    /** Of the samples, every this many is also looked for through the API (the rest only on their streams). */
    private static final int PROBE_EVERY = Integer.getInteger("bench.status.probe-every", 5);
    private static final long PROBE_INTERVAL_MS = Long.getLong("bench.status.probe-interval-ms", 50);
    private static final int INSERTS = Integer.getInteger("bench.status.inserts", 20_000);
    /** How often a sample not yet visible 1 s after its due time is looked for again. */
    private static final long SLOW_PROBE_INTERVAL_MS = 500;
    private static final Set<String> PHASES = Set.of(System.getProperty("bench.status.phases", "ceilings,api,events,rebuild")
            .split(","));
    /** Closed-loop seconds per API path before its first measured phase. */
    private static final double PRIME_SECONDS = 3;
    private static final int MINT_IN_FLIGHT = 8;
    private static final long TOKEN_SECONDS = 6 * 3600;

    private static final Duration WAIT = Duration.ofMinutes(10);
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    /** A sample not visible (or not arrived) this long after its due time counts as an error. */
    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(30);
    private static final Path OUTPUT = Path.of("target", "bench");
    private static final String STATUS = "/integrations/status";
    private static final String LIVE_CONSUMER = Projection.LIVE_CONSUMER;
    private static final String CEILING_TOPIC = "bench.status-ceiling";
    private static final String SCRATCH_TABLE = "bench_row";
    private static final String SCRATCH_TENANTS = "bench-scratch";
    private static final String SCRATCH_CONSUMER = "bench.status.replay";
    private static final String INSERT_ROW = "INSERT INTO " + SCRATCH_TABLE + " (generation, tenant_id, connection_id, provider,"
            + " integration, kind, owner_user_id, token_expires_at, refreshed_at, refreshed_event)"
            + " VALUES (1, $1, $2, 'google', 'google-calendar', 'oauth', $3, $4, $5, $6)";

    @Inject
    Pool pool;
    @Inject
    StatusService status;
    @Inject
    Projection projection;
    @Inject
    IdempotentConsumer consumer;

    private Vertx generator;
    private Context loop;
    private HttpClient api;
    private HttpClient streamClient;
    private KafkaProducer<String, byte[]> producer;
    private CpuUse cpu;
    private final List<String> notes = new ArrayList<>();
    /** Records sent to the siblings' topics so far (the live projection has applied them all once it processed as many). */
    private final AtomicLong published = new AtomicLong();

    // --- Rows of the tables -------------------------------------------------------------------------------

    /** A rate: so many events (rows, records) in so many seconds. */
    record Throughput(String key, String label, long events, double seconds) {
    }

    /** A latency row; milliseconds, NaN when not measured. */
    record Latency(String key, String label, String offered, double achieved, double p50, double p99, double max, int errors) {

        static Latency of(String key, String label, String offered, Measured m) {
            if (m.errors() > 0) {
                System.out.printf("%s: %d errors, first: %s%n", key, m.errors(), m.firstError());
            }
            return new Latency(key, label, offered, m.achieved(), m.p50(), m.p99(), m.max(), m.errors());
        }
    }

    /**
     * What a phase cost: CPU per process, PostgreSQL's commits, change-log rows, bearer tokens verified, and the
     * transactions a consumer of the projection committed (null where none was measured).
     */
    record Diagnostic(String key, String label, CpuUse.Used used, long operations, double commitsPerSecond, long changes,
            long verified, Batches batches) {
    }

    /** A consumer's transactions in a phase: how many, the events they applied, the median and largest count in one. */
    record Batches(long transactions, long events, double median, long largest) {
    }

    /** The counters a {@link Diagnostic} is the difference of. */
    private record Snapshot(CpuUse.Sample cpu, long commits, long changeSeq, long verified, Instant at) {
    }

    @Test
    void measuresTheStatusServiceNextToItsCeilings() throws Exception {
        List<String> settings = settings();
        List<Throughput> throughputs = new ArrayList<>();
        List<Latency> latencies = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        cpu = new CpuUse(config("integrations.test.postgres.dir"), "token-service");
        generator = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        loop = generator.getOrCreateContext();
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        api = generator.createHttpClient(new HttpClientOptions().setDefaultHost("localhost").setDefaultPort(port).setKeepAlive(true)
                .setPipelining(false), new PoolOptions().setHttp1MaxSize(256));
        streamClient = generator.createHttpClient(new HttpClientOptions().setDefaultHost("localhost").setDefaultPort(port)
                .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(STREAMS + 16));
        producer = new KafkaProducer<>(producerProperties());
        try {
            BenchTenants tenants = new BenchTenants("bench", TENANTS);
            Users users = mint(tenants);
            warmUp();

            List<ProducerRecord<String, byte[]>> history = history(tenants);
            if (PHASES.contains("ceilings")) {
                throughputs.add(producerCeiling(history));
            }
            project(tenants, users, history, throughputs, diagnostics);
            history = null;
            settle();
            if (PHASES.contains("ceilings")) {
                throughputs.addAll(databaseCeilings(diagnostics));
                settle();
            }
            if (PHASES.contains("api")) {
                api(tenants, users, latencies, diagnostics);
            }
            if (PHASES.contains("events")) {
                settle();
                events(tenants, users, latencies, diagnostics);
            }
            if (PHASES.contains("rebuild")) {
                settle();
                rebuild(throughputs, diagnostics);
            }
        } finally {
            producer.close(Duration.ofSeconds(10));
            generator.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        report(settings, throughputs, latencies, diagnostics);
    }

    // --- Tokens and warm-up -------------------------------------------------------------------------------

    /** The tenants whose user has a token, and the tokens by tenant (null for the others). */
    private record Users(int[] tenants, String[] tokens) {

        String token(int tenant) {
            return tokens[tenant];
        }
    }

    /**
     * A user token (no role) for the users of {@value #TOKENS} tenants spread evenly, and of the last tenant, from the
     * sandbox's identity provider, {@value #MINT_IN_FLIGHT} at a time.
     */
    private Users mint(BenchTenants tenants) {
        int stride = Math.max(1, tenants.count() / Math.min(TOKENS, tenants.count()));
        int[] holders = java.util.stream.IntStream.concat(java.util.stream.IntStream.range(0, tenants.count() / stride)
                .map(j -> j * stride), java.util.stream.IntStream.of(tenants.count() - 1)).distinct().toArray();
        URI identity = URI.create(SandboxTokens.identityUrl());
        HttpClient idp = generator.createHttpClient(new HttpClientOptions().setDefaultHost(identity.getHost())
                .setDefaultPort(identity.getPort()).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(MINT_IN_FLIGHT));
        String[] tokens = new String[tenants.count()];
        Load.Operation mint = (n, done) -> loop.runOnContext(ignored -> idp.request(new RequestOptions().setMethod(HttpMethod.POST)
                        .setURI(identity.getPath().replaceAll("/$", "") + "/idp/dev-tokens")
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json"))
                .compose(request -> request.send(new JsonObject().put("tenantId", tenants.tenant(holders[n]))
                        .put("userId", tenants.user(holders[n]))
                        .put("roles", new JsonArray()).put("expiresIn", TOKEN_SECONDS).toBuffer()))
                .compose(response -> response.body().map(body -> response.statusCode() == 200
                        ? body.toJsonObject().getString("access_token") : null))
                .onComplete(outcome -> {
                    tokens[holders[n]] = outcome.succeeded() ? outcome.result() : null;
                    done.completed(tokens[holders[n]] != null ? null : "not minted: " + outcome.cause());
                }));
        long start = System.nanoTime();
        Measured minted = Load.closedLoop(Load.limited(mint, holders.length), MINT_IN_FLIGHT, 0, 3600);
        idp.close();
        if (minted.errors() > 0) {
            throw new IllegalStateException(minted.errors() + " tokens were not minted; first: " + minted.firstError());
        }
        notes.add(String.format(Locale.ROOT, "%,d user tokens (the users of one tenant in %d, and of the last) minted in %.1f s"
                + " before anything was measured", holders.length, stride, (System.nanoTime() - start) / 1e9));
        return new Users(holders, tokens);
    }

    /** {@value #WARM_TENANTS} other tenants' histories through the projection (its consumer assigned, the JIT warm). */
    private void warmUp() {
        BenchTenants warm = new BenchTenants("warm", WARM_TENANTS);
        Instant at = Instant.now().minus(Duration.ofHours(1));
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < warm.count(); i++) {
            records.addAll(warm.history(i, at));
        }
        sendAll(records);
        published.addAndGet(records.size());
        int last = warm.count() - 1;
        String token = SandboxTokens.user(warm.tenant(last), warm.user(last));
        awaitHistory(warm, last, token);
    }

    // --- The projection -----------------------------------------------------------------------------------

    private static List<ProducerRecord<String, byte[]>> history(BenchTenants tenants) {
        Instant at = Instant.now().minus(Duration.ofHours(1));
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>((int) tenants.historySize());
        for (int i = 0; i < tenants.count(); i++) {
            records.addAll(tenants.history(i, at));
        }
        return records;
    }

    /** The same records, the same producer, a topic nobody reads: how fast events can arrive. */
    private Throughput producerCeiling(List<ProducerRecord<String, byte[]>> history) {
        sendAll(List.of(new ProducerRecord<>(CEILING_TOPIC, "created", new byte[0])));
        List<ProducerRecord<String, byte[]>> copies = history.stream().map(record -> new ProducerRecord<>(CEILING_TOPIC, null,
                record.key(), record.value(), record.headers())).toList();
        long start = System.nanoTime();
        sendAll(copies);
        return new Throughput("producer", String.format(Locale.ROOT, "ceiling: a plain KafkaProducer sends the same %,d records"
                + " to a topic nobody reads (first send → last acknowledged)", copies.size()), copies.size(),
                (System.nanoTime() - start) / 1e9);
    }

    /** Every tenant's history, first send → the last tenant's whole history visible through the API. */
    private void project(BenchTenants tenants, Users users, List<ProducerRecord<String, byte[]>> history,
            List<Throughput> throughputs, List<Diagnostic> diagnostics) {
        Snapshot before = snapshot();
        long start = System.nanoTime();
        long acknowledged;
        long visible;
        try (Profile profile = Profile.of("projection")) {
            acknowledged = sendAll(history);
            published.addAndGet(history.size());
            int last = tenants.count() - 1;
            awaitHistory(tenants, last, users.token(last));
            visible = System.nanoTime();
        }
        Diagnostic cost = diagnostic("projection", "projection: every tenant's history (first send → last tenant visible)",
                before, history.size(), LIVE_CONSUMER);

        long connections = count("SELECT count(*) FROM status_connection WHERE tenant_id LIKE 'bench-t-%'");
        long links = count("SELECT count(*) FROM status_calendar_link WHERE tenant_id LIKE 'bench-t-%'");
        long audiences = count("SELECT count(*) FROM status_audience WHERE tenant_id LIKE 'bench-t-%'");
        long mapboxes = java.util.stream.IntStream.range(0, tenants.count()).filter(tenants::hasMapbox).count();
        if (connections != 2L * tenants.count() + mapboxes || links != tenants.count() || audiences != tenants.count()) {
            throw new IllegalStateException("The projection holds " + connections + " connections, " + links + " links, "
                    + audiences + " audiences of the bench's tenants; expected " + (2L * tenants.count() + mapboxes) + ", "
                    + tenants.count() + ", " + tenants.count());
        }
        throughputs.add(new Throughput("projection", String.format(Locale.ROOT, "**projection**: %,d tenants' histories, %,d"
                + " events (first send → the last tenant's whole history visible in GET %s)", tenants.count(), history.size(),
                STATUS), history.size(), (visible - start) / 1e9));
        throughputs.add(new Throughput("projection-sent", "of which: the same records sent meanwhile (first send → last"
                + " acknowledged)", history.size(), (acknowledged - start) / 1e9));
        diagnostics.add(cost);
    }

    /** Waits until tenant {@code i}'s user sees its whole history, asking every 100 ms. */
    private void awaitHistory(BenchTenants tenants, int i, String token) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!tenants.showsHistory(i, statusOf(token))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Tenant " + tenants.tenant(i) + "'s history is not visible after " + WAIT + ": "
                        + statusOf(token).encodePrettily());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    /**
     * The database's ceilings: durable single-row INSERTs of a connection's row (a scratch copy of {@code status_connection},
     * its indexes) over the app's pool, as many in flight as it has connections; the same rows one after another on one
     * connection in transactions of a poll's size (the projection's shape); the projection's own statement called so.
     */
    private List<Throughput> databaseCeilings(List<Diagnostic> diagnostics) {
        int perTransaction = ConfigProvider.getConfig().getOptionalValue("mp.messaging.incoming.status-events.max.poll.records",
                Integer.class).orElse(500);
        int poolSize = ConfigProvider.getConfig().getOptionalValue("quarkus.datasource.reactive.max-size", Integer.class).orElse(20);
        sql("DROP TABLE IF EXISTS " + SCRATCH_TABLE);
        sql("CREATE TABLE " + SCRATCH_TABLE + " (LIKE status_connection INCLUDING ALL)");
        List<Throughput> rows = new ArrayList<>();
        try {
            Instant at = Instant.now();
            Load.Operation insert = (i, done) -> pool.preparedQuery(INSERT_ROW).execute(scratchRow("autocommit", i, at))
                    .subscribe().with(inserted -> done.completed(null), failure -> done.completed(failure.toString()));
            rows.add(timed("insert", String.format(Locale.ROOT, "ceiling: durable single-row INSERTs of a connection's row (a"
                    + " copy of status_connection), autocommit, %d in flight over the app's pool", poolSize), diagnostics,
                    () -> requireNoErrors("single-row INSERTs", Load.closedLoop(Load.limited(insert, INSERTS), poolSize, 0, 3600))));
            rows.add(timed("insert-serial", String.format(Locale.ROOT, "diagnostic: the same INSERTs one after another on one"
                    + " connection, %d per transaction (the projection's shape)", perTransaction), diagnostics,
                    () -> inTransactions(INSERTS, perTransaction, (tx, i) -> tx.preparedQuery(INSERT_ROW)
                            .execute(scratchRow("serial", i, at)).replaceWithVoid())));
            rows.add(replayed(perTransaction, diagnostics));
        } finally {
            sql("DROP TABLE IF EXISTS " + SCRATCH_TABLE);
            for (String table : List.of("status_connection", "status_calendar_link", "status_audience", "status_change")) {
                sql("DELETE FROM " + table + " WHERE tenant_id LIKE '" + SCRATCH_TENANTS + "-%'");
            }
            sql("DELETE FROM processed_event WHERE consumer = '" + SCRATCH_CONSUMER + "'");
        }
        return rows;
    }

    /** {@value #INSERTS} rows written by {@code work}: its rate, and what it cost (one diagnostic row). */
    private Throughput timed(String key, String label, List<Diagnostic> diagnostics, Runnable work) {
        Snapshot before = snapshot();
        long start = System.nanoTime();
        work.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        diagnostics.add(diagnostic(key, label, before, INSERTS));
        return new Throughput(key, label, INSERTS, seconds);
    }

    /**
     * The projection without Kafka: {@value #INSERTS} events of scratch tenants' histories (the same mix) handed to
     * {@link IdempotentConsumer#replay} with the live consumer's handlers on the live generation, {@code perTransaction}
     * at a time, one batch after the other: parsing, ids remembered, the projection's statements and change-log rows, as
     * the live consumer does them, without the Kafka connector.
     */
    private Throughput replayed(int perTransaction, List<Diagnostic> diagnostics) {
        BenchTenants scratch = new BenchTenants(SCRATCH_TENANTS, (int) Math.ceil(INSERTS / 7.5));
        Instant at = Instant.now().minus(Duration.ofHours(1));
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < scratch.count() && records.size() < INSERTS; i++) {
            for (ProducerRecord<String, byte[]> record : scratch.history(i, at)) {
                records.add(new ConsumerRecord<>(record.topic(), 0, records.size(), 0L, TimestampType.CREATE_TIME, -1, -1,
                        record.key(), record.value(), record.headers(), Optional.empty()));
            }
        }
        EventHandlers handlers = projection.rebuild(SCRATCH_CONSUMER, liveGeneration());
        String label = String.format(Locale.ROOT, "diagnostic: the projection without Kafka: %,d events of other tenants' histories"
                + " through IdempotentConsumer.replay with the projection's handlers (parse, ids remembered, the statements and"
                + " change-log rows), %d per transaction, one after another", records.size(), perTransaction);
        Snapshot before = snapshot();
        long start = System.nanoTime();
        for (int first = 0; first < records.size(); first += perTransaction) {
            IdempotentConsumer.Replayed replayed = consumer.replay(records.subList(first, Math.min(records.size(),
                    first + perTransaction)), handlers).await().atMost(WAIT);
            if (replayed.unreadable() > 0 || replayed.skipped() > 0) {
                throw new IllegalStateException("The scratch records were not all applied: " + replayed);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        diagnostics.add(diagnostic("replay", label, before, records.size(), SCRATCH_CONSUMER));
        return new Throughput("replay", label, records.size(), seconds);
    }

    private int liveGeneration() {
        return (int) count("SELECT generation FROM projection_generation WHERE state = 'live'");
    }

    private static Tuple scratchRow(String kind, int i, Instant at) {
        return Tuple.of(String.format(Locale.ROOT, "%s-%s-%05d", SCRATCH_TENANTS, kind, i % 1000), kind + "-" + i, "user-" + i,
                at.plusSeconds(3600).atOffset(java.time.ZoneOffset.UTC), at.atOffset(java.time.ZoneOffset.UTC),
                UUID.randomUUID().toString());
    }

    /** One statement of {@code statement} per index, one after another on one connection, {@code size} per transaction. */
    private void inTransactions(int statements, int size, StatementFactory statement) {
        for (int first = 0; first < statements; first += size) {
            int from = first;
            int to = Math.min(statements, first + size);
            pool.withTransaction(tx -> Multi.createFrom().range(from, to).onItem()
                    .transformToUniAndConcatenate(i -> statement.run(tx, i)).collect().last()).await().atMost(WAIT);
        }
    }

    @FunctionalInterface
    private interface StatementFactory {
        Uni<Void> run(io.vertx.mutiny.sqlclient.SqlConnection tx, int i);
    }

    // --- The API ------------------------------------------------------------------------------------------

    private void api(BenchTenants tenants, Users users, List<Latency> latencies, List<Diagnostic> diagnostics) {
        int[] holders = users.tenants();
        int[] picks = new Random(11).ints(4_000_000, 0, holders.length).map(j -> holders[j]).toArray();
        IntFunction<String> token = i -> users.token(picks[i % picks.length]);
        Load.Operation trivial = get(i -> "/q/health/live", i -> null, 200);
        Load.Operation authOnly = get(i -> STATUS + "?scope=bogus", token, 422);
        Load.Operation select = (i, done) -> {
            int tenant = picks[i % picks.length];
            pool.preparedQuery(StatusStatements.FACTS).execute(Tuple.of(tenants.tenant(tenant), tenants.user(tenant)))
                    .subscribe().with(rows -> done.completed(rows.size() == 1 ? null : "rows: " + rows.size()),
                            failure -> done.completed(failure.toString()));
        };
        Load.Operation view = (i, done) -> {
            int tenant = picks[i % picks.length];
            Caller caller = new Caller(tenants.user(tenant), new TenantId(tenants.tenant(tenant)), Set.of());
            status.view(caller, StatusService.Scope.USER).subscribe().with(answer -> done.completed(
                    answer.status().integrations().size() == 4 ? null : "cards: " + answer.status().integrations().size()),
                    failure -> done.completed(failure.toString()));
        };
        Load.Operation get = get(i -> STATUS, token, 200);

        if (given().get(STATUS + "?scope=bogus").statusCode() != 401) {
            notes.add("The bearer-check row is not what it says: without a token, scope=bogus is not refused with 401");
        }
        // Every user's token once (each verified once, then held by the verified-token cache), then each path warm.
        Measured primed = Load.closedLoop(Load.limited(get(i -> STATUS, i -> users.token(holders[i]), 200), holders.length),
                IN_FLIGHT, 0, 3600);
        requireNoErrors("the first request of each user", primed);
        int sample = picks[0];
        if (!tenants.showsHistory(sample, statusOf(users.token(sample)))) {
            throw new IllegalStateException("Tenant " + tenants.tenant(sample) + " does not show its history");
        }
        for (Load.Operation path : List.of(trivial, authOnly, select, view, get)) {
            Load.closedLoop(path, IN_FLIGHT, 0, PRIME_SECONDS);
        }
        explainTheRead(tenants, picks);
        pause();

        String rate = String.format(Locale.ROOT, "%,d/s", RATE);
        record ApiPath(String key, String label, Load.Operation operation) {
        }
        List<ApiPath> paths = List.of(
                new ApiPath("trivial", "ceiling: GET /q/health/live (the HTTP stack and this client; no auth, no I/O)", trivial),
                new ApiPath("auth", "diagnostic: the bearer check alone (GET " + STATUS + "?scope=bogus with the user's token:"
                        + " authenticated, then 422 from validation; no SQL)", authOnly),
                new ApiPath("select", "ceiling: the status read's SQL (StatusRows.FACTS) over the app's pool, rows not read", select),
                new ApiPath("view", "diagnostic: StatusService.view called straight (SQL, rows read, cards, ETag; no HTTP, no auth)",
                        view),
                new ApiPath("api", String.format(Locale.ROOT, "**GET %s** (a random tenant of %,d of the %,d, its user's"
                        + " token)", STATUS, holders.length, tenants.count()), get));
        for (ApiPath path : paths) {
            Snapshot before = snapshot();
            Measured measured;
            try (Profile profile = Profile.of(path.key())) {
                measured = Load.openLoop(path.operation(), RATE, WARM_UP, SECONDS);
            }
            latencies.add(Latency.of(path.key() + "-rate", path.label(), rate, measured));
            diagnostics.add(diagnostic(path.key() + "-rate", path.label() + " at " + rate + " (warm-up included)", before,
                    Math.round(RATE * (WARM_UP + SECONDS))));
            pause();
        }
        String saturation = String.format(Locale.ROOT, "saturation (%d in flight)", IN_FLIGHT);
        for (ApiPath path : List.of(paths.get(0), paths.get(2), paths.get(4))) {
            Snapshot before = snapshot();
            Measured measured = Load.closedLoop(path.operation(), IN_FLIGHT, SATURATION_WARM_UP, SATURATION);
            latencies.add(Latency.of(path.key() + "-sat", path.label(), saturation, measured));
            diagnostics.add(diagnostic(path.key() + "-sat", path.label() + ", " + saturation + " (warm-up included)", before,
                    Math.round(measured.achieved() * (SATURATION_WARM_UP + SATURATION))));
            pause();
        }
    }

    /** PostgreSQL's own time for the status read: EXPLAIN ANALYZE of it for 200 of the random tenants, one at a time. */
    private void explainTheRead(BenchTenants tenants, int[] picks) {
        double[] executions = new double[200];
        for (int n = 0; n < executions.length; n++) {
            int tenant = picks[n];
            Object plan = pool.preparedQuery("EXPLAIN (ANALYZE, FORMAT JSON) " + StatusStatements.FACTS)
                    .execute(Tuple.of(tenants.tenant(tenant), tenants.user(tenant))).await().atMost(WAIT).iterator().next().getValue(0);
            executions[n] = new JsonArray(plan.toString()).getJsonObject(0).getDouble("Execution Time");
        }
        Arrays.sort(executions);
        notes.add(String.format(Locale.ROOT, "The status read inside PostgreSQL (EXPLAIN ANALYZE of StatusRows.FACTS, %d random"
                + " tenants, one at a time, the machine otherwise idle): execution p50 %.3f ms, p99 %.3f ms", executions.length,
                executions[executions.length / 2], executions[(int) Math.ceil(0.99 * executions.length) - 1]));
    }

    /**
     * A GET on the generator's event loop, with the bearer {@code bearer} gives for the request (none when null): its
     * response and body read there too.
     */
    private Load.Operation get(IntFunction<String> uri, IntFunction<String> bearer, int expected) {
        return (i, done) -> {
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setURI(uri.apply(i))
                    .setConnectTimeout(TIMEOUT.toMillis()).setIdleTimeout(TIMEOUT.toMillis());
            String token = bearer.apply(i);
            if (token != null) {
                options.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token);
            }
            loop.runOnContext(ignored -> api.request(options).compose(HttpClientRequest::send)
                    .compose(response -> response.body().map(body -> response.statusCode()))
                    .onComplete(answered -> {
                        if (answered.failed()) {
                            done.completed(String.valueOf(answered.cause()));
                        } else {
                            done.completed(answered.result() == expected ? null : "status " + answered.result());
                        }
                    }));
        };
    }

    // --- Events → readers ---------------------------------------------------------------------------------

    /** A sampled event: a streamed tenant's Google token refreshed at {@code marker}. */
    private static final class Sample {

        final int stream;
        final int tenant;
        final Instant marker;
        final long due;
        final boolean measured;
        final boolean probed;
        volatile long visibleAt;
        volatile long arrivedAt;
        volatile String failure;

        Sample(int stream, int tenant, Instant marker, long due, boolean measured, boolean probed) {
            this.stream = stream;
            this.tenant = tenant;
            this.marker = marker;
            this.due = due;
            this.measured = measured;
            this.probed = probed;
        }

        boolean settled() {
            return failure != null || arrivedAt != 0 && (!probed || visibleAt != 0);
        }
    }

    private void events(BenchTenants tenants, Users users, List<Latency> latencies, List<Diagnostic> diagnostics)
            throws Exception {
        int streams = Math.min(STREAMS, users.tenants().length);
        int[] streamed = new int[streams];
        boolean[] isStreamed = new boolean[tenants.count()];
        for (int k = 0; k < streams; k++) {
            streamed[k] = users.tenants()[k * (users.tenants().length / streams)];
            isStreamed[streamed[k]] = true;
        }
        Map<Integer, List<Sample>> pending = new ConcurrentHashMap<>();
        AtomicInteger snapshots = new AtomicInteger();
        AtomicLong streamEvents = new AtomicLong();
        EventStreams.Listener listener = (stream, name, data, arrived) -> {
            streamEvents.incrementAndGet();
            Instant refreshed;
            if ("snapshot".equals(name)) {
                snapshots.incrementAndGet();
                refreshed = BenchTenants.lastRefresh(BenchTenants.card(new JsonObject(data), "google-calendar"));
            } else if ("integration".equals(name)) {
                JsonObject card = new JsonObject(data);
                refreshed = "google-calendar".equals(card.getString("id")) ? BenchTenants.lastRefresh(card) : null;
            } else {
                return;
            }
            List<Sample> waiting = pending.get(stream);
            if (refreshed != null && waiting != null) {
                synchronized (waiting) {
                    waiting.stream().filter(one -> one.arrivedAt == 0 && !one.marker.isAfter(refreshed))
                            .forEach(one -> one.arrivedAt = arrived);
                }
            }
        };
        EventStreams reader = new EventStreams(streamClient, loop);
        List<CompletableFuture<Void>> opened = new ArrayList<>();
        for (int k = 0; k < streams; k++) {
            pending.put(k, new ArrayList<>());
            opened.add(reader.open(k, STATUS + "/stream", users.token(streamed[k]), TIMEOUT, listener));
        }
        CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (snapshots.get() < streams && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        if (snapshots.get() < streams) {
            throw new IllegalStateException("Only " + snapshots.get() + " of " + streams + " streams sent their snapshot");
        }
        pause();

        List<Sample> samples = new ArrayList<>();
        Instant[] lastMarker = new Instant[streams];
        AtomicLong origin = new AtomicLong();
        AtomicLong probes = new AtomicLong();
        int warmUpEvents = (int) Math.round(EVENT_RATE * WARM_UP);
        Random random = new Random(13);
        Load.Operation publish = (i, done) -> {
            long now = System.nanoTime();
            if (i == 0) {
                origin.set(now);
            }
            long due = origin.get() + (long) (i * 1e9 / EVENT_RATE);
            Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            ProducerRecord<String, byte[]> record;
            Sample sample = null;
            if (i % SAMPLE_EVERY == 0) {
                int stream = (i / SAMPLE_EVERY) % streams;
                if (lastMarker[stream] != null && !at.isAfter(lastMarker[stream])) {
                    at = lastMarker[stream].plusMillis(1);
                }
                lastMarker[stream] = at;
                sample = new Sample(stream, streamed[stream], at, due, i >= warmUpEvents, (i / SAMPLE_EVERY) % PROBE_EVERY == 0);
                samples.add(sample);
                List<Sample> waiting = pending.get(stream);
                synchronized (waiting) {
                    waiting.add(sample);
                }
                record = tenants.refreshed(sample.tenant, at);
            } else {
                int tenant = random.nextInt(tenants.count());
                while (isStreamed[tenant]) {
                    tenant = (tenant + 1) % tenants.count(); // the streamed tenants get only the samples
                }
                record = tenants.steady(tenant, random.nextInt(100), at);
            }
            Sample probed = sample;
            published.incrementAndGet();
            producer.send(record, (metadata, failure) -> {
                done.completed(failure == null ? null : failure.toString());
                if (probed != null) {
                    if (failure != null) {
                        probed.failure = "not sent: " + failure;
                    } else if (probed.probed) {
                        probe(probed, users.token(probed.tenant), null, probes);
                    }
                }
            });
        };

        Snapshot before = snapshot();
        Measured sent;
        try (Profile profile = Profile.of("events")) {
            sent = Load.openLoop(publish, EVENT_RATE, WARM_UP, EVENT_SECONDS);
        }
        long lastSent = System.nanoTime();
        long end = lastSent + VISIBLE_WITHIN.toNanos();
        while (samples.stream().anyMatch(one -> !one.settled()) && System.nanoTime() < end) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        awaitCaughtUp();
        notes.add(String.format(Locale.ROOT, "Events phase: the projection had applied every event %.1f s after the last was"
                + " acknowledged", (System.nanoTime() - lastSent) / 1e9));
        Diagnostic cost = diagnostic("events", String.format(Locale.ROOT, "events at %,d/s with %d streams open (warm-up"
                + " included, until the projection caught up; the probes' GETs and the streams' refreshes count)", EVENT_RATE,
                streams), before,
                Math.round(EVENT_RATE * (WARM_UP + EVENT_SECONDS)), LIVE_CONSUMER);
        streamClient.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        String rate = String.format(Locale.ROOT, "%,d events/s", EVENT_RATE);
        latencies.add(Latency.of("publish", "events published (due time → the broker's acknowledgement)", rate, sent));
        List<Sample> measured = samples.stream().filter(one -> one.measured).toList();
        double window = EVENT_SECONDS;
        latencies.add(Latency.of("visible-api", String.format(Locale.ROOT, "**event → visible in GET %s** (1 event in %d: due"
                + " time → the answer shows it; asked every %d ms with If-None-Match, after 1 s every %d ms)", STATUS,
                SAMPLE_EVERY * PROBE_EVERY, PROBE_INTERVAL_MS, SLOW_PROBE_INTERVAL_MS), rate,
                measured(measured.stream().filter(one -> one.probed).toList(), one -> one.visibleAt, window)));
        latencies.add(Latency.of("visible-sse", String.format(Locale.ROOT, "**event → its card on the tenant's SSE stream**"
                + " (1 event in %d; %d streams open, each a tenant that gets only these; due time → the event read)", SAMPLE_EVERY,
                streams), rate, measured(measured, one -> one.arrivedAt, window)));
        notes.add(String.format(Locale.ROOT, "Events phase: %,d samples measured, %,d of them through the API; %,d probes (GETs;"
                + " %.0f/s over the phase); %,d events read on the streams", measured.size(),
                measured.stream().filter(one -> one.probed).count(), probes.get(), probes.get() / (WARM_UP + EVENT_SECONDS),
                streamEvents.get()));
        diagnostics.add(cost);
    }

    /**
     * Asks the API for {@code sample}'s tenant until the answer shows its refresh (or newer), every
     * {@code bench.status.probe-interval-ms} for a second after its due time, then every {@value #SLOW_PROBE_INTERVAL_MS} ms,
     * sending the last ETag back.
     */
    private void probe(Sample sample, String token, String etag, AtomicLong probes) {
        loop.runOnContext(ignored -> {
            if (System.nanoTime() - sample.due > VISIBLE_WITHIN.toNanos()) {
                sample.failure = "not visible within " + VISIBLE_WITHIN;
                return;
            }
            probes.incrementAndGet();
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setURI(STATUS).setTimeout(TIMEOUT.toMillis())
                    .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token);
            if (etag != null) {
                options.putHeader(HttpHeaders.IF_NONE_MATCH, etag);
            }
            api.request(options).compose(HttpClientRequest::send)
                    .compose(response -> response.body().map(body -> {
                        long now = System.nanoTime();
                        if (response.statusCode() == 200) {
                            Instant refreshed = BenchTenants.lastRefresh(BenchTenants.card(body.toJsonObject(), "google-calendar"));
                            if (refreshed != null && !refreshed.isBefore(sample.marker)) {
                                sample.visibleAt = now;
                                return null;
                            }
                            return response.getHeader(HttpHeaders.ETAG);
                        }
                        if (response.statusCode() == 304) {
                            return etag;
                        }
                        sample.failure = "status " + response.statusCode();
                        return null;
                    }))
                    .onComplete(outcome -> {
                        if (outcome.failed()) {
                            sample.failure = String.valueOf(outcome.cause());
                        } else if (sample.visibleAt == 0 && sample.failure == null) {
                            String next = outcome.result();
                            // Fine-grained for the first second (the goal), then every 500 ms: a late projection must not
                            // also drown in probes.
                            long interval = System.nanoTime() - sample.due < TimeUnit.SECONDS.toNanos(1) ? PROBE_INTERVAL_MS
                                    : SLOW_PROBE_INTERVAL_MS;
                            generator.setTimer(interval, id -> probe(sample, token, next, probes));
                        }
                    });
        });
    }

    /** The samples' latencies (due time → {@code at}), as a phase of {@code seconds}; one without it is an error. */
    private static Measured measured(List<Sample> samples, java.util.function.ToLongFunction<Sample> at, double seconds) {
        long[] latencies = samples.stream().filter(one -> at.applyAsLong(one) != 0).mapToLong(one -> at.applyAsLong(one) - one.due)
                .sorted().toArray();
        int errors = samples.size() - latencies.length;
        String first = samples.stream().filter(one -> at.applyAsLong(one) == 0).findFirst()
                .map(one -> one.failure != null ? one.failure : "not seen within " + VISIBLE_WITHIN).orElse(null);
        return new Measured(samples.size() / seconds, latencies.length / seconds, latencies, errors, first);
    }

    // --- Rebuild ------------------------------------------------------------------------------------------

    /** Waits until the live projection has applied every record sent to the siblings' topics. */
    private void awaitCaughtUp() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (count("SELECT count(*) FROM processed_event WHERE consumer = '" + LIVE_CONSUMER + "'") < published.get()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The live projection has not applied every event after " + WAIT);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
    }

    private void rebuild(List<Throughput> throughputs, List<Diagnostic> diagnostics) {
        awaitCaughtUp();
        String operator = SandboxTokens.operator("bench-operator");
        Snapshot before = snapshot();
        long start = System.nanoTime();
        int generation = given().auth().oauth2(operator).post("/admin/status/rebuilds").then().statusCode(202).extract().jsonPath()
                .getInt("generation");
        long deadline = start + WAIT.toNanos();
        JsonObject state;
        while (true) {
            state = new JsonObject(given().auth().oauth2(operator).get("/admin/status/rebuilds/" + generation).then().statusCode(200)
                    .extract().asString());
            if (!"building".equals(state.getString("state")) || System.nanoTime() > deadline) {
                break;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
        }
        long live = System.nanoTime();
        if (!"live".equals(state.getString("state"))) {
            throw new IllegalStateException("The rebuild did not go live: " + state.encodePrettily());
        }
        long replayed = state.getLong("replayed");
        diagnostics.add(diagnostic("rebuild", "rebuild (POST → live)", before, replayed, "status-service.rebuild.g" + generation));
        throughputs.add(new Throughput("rebuild", String.format(Locale.ROOT, "**rebuild from the topics** (POST"
                + " /admin/status/rebuilds → live; records replayed, every phase's events)"), replayed, (live - start) / 1e9));
        Instant started = Instant.parse(state.getString("startedAt"));
        Instant switched = Instant.parse(state.getString("switchedAt"));
        throughputs.add(new Throughput("rebuild-server", "of which: the generation's startedAt → switchedAt (the scheduler"
                + " claims a rebuild within its poll interval, 2 s)", replayed, Duration.between(started, switched).toNanos() / 1e9));
        for (String table : List.of("status_connection", "status_calendar_link", "status_audience")) {
            Row counts = pool.preparedQuery("SELECT count(*) FILTER (WHERE generation = $1) AS rebuilt, count(*) FILTER (WHERE"
                    + " generation = (SELECT max(generation) FROM projection_generation WHERE generation < $1)) AS replaced FROM "
                    + table).execute(Tuple.of(generation)).await().atMost(WAIT).iterator().next();
            if (counts.getLong("rebuilt").longValue() != counts.getLong("replaced").longValue()) {
                notes.add(String.format(Locale.ROOT, "The rebuilt generation's %s has %,d rows, the replaced one's %,d", table,
                        counts.getLong("rebuilt"), counts.getLong("replaced")));
            }
        }
    }

    /**
     * A Flight Recording ({@code profile} settings) of one phase, {@code bench.status.jfr-phase} ({@code projection},
     * {@code api}, {@code view}, …, {@code events}), into the file {@code bench.status.jfr}; without it, nothing.
     */
    private record Profile(jdk.jfr.Recording recording) implements AutoCloseable {

        static Profile of(String phase) {
            String file = System.getProperty("bench.status.jfr");
            if (file == null || !phase.equals(System.getProperty("bench.status.jfr-phase"))) {
                return new Profile(null);
            }
            try {
                jdk.jfr.Recording recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
                recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
                recording.setDestination(Path.of(file));
                recording.start();
                return new Profile(recording);
            } catch (IOException | java.text.ParseException e) {
                throw new IllegalStateException("Cannot record " + phase + " into " + file, e);
            }
        }

        @Override
        public void close() {
            if (recording != null) {
                recording.stop();
                recording.close();
            }
        }
    }

    // --- Kafka --------------------------------------------------------------------------------------------

    private static Properties producerProperties() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config("kafka.bootstrap.servers"));
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-siblings");
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return properties;
    }

    /** Sends the records in order and waits until the broker acknowledged every one; when the last was acknowledged. */
    private long sendAll(List<ProducerRecord<String, byte[]>> records) {
        CountDownLatch acknowledged = new CountDownLatch(records.size());
        AtomicLong last = new AtomicLong();
        AtomicReference<Exception> failed = new AtomicReference<>();
        for (ProducerRecord<String, byte[]> record : records) {
            producer.send(record, (metadata, failure) -> {
                if (failure != null) {
                    failed.compareAndSet(null, failure);
                }
                last.accumulateAndGet(System.nanoTime(), Math::max);
                acknowledged.countDown();
            });
        }
        try {
            if (!acknowledged.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException(acknowledged.getCount() + " records not acknowledged in " + WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (failed.get() != null) {
            throw new IllegalStateException("A record was not sent", failed.get());
        }
        return last.get();
    }

    // --- Diagnostics --------------------------------------------------------------------------------------

    private Snapshot snapshot() {
        return new Snapshot(cpu.sample(), commits(), count("SELECT coalesce(max(seq), 0) FROM status_change"), verifications(),
                Instant.now());
    }

    private Diagnostic diagnostic(String key, String label, Snapshot before, long operations) {
        return diagnostic(key, label, before, operations, null);
    }

    /** A phase's cost; with {@code consumer}, the transactions in which that consumer applied events since the phase began. */
    private Diagnostic diagnostic(String key, String label, Snapshot before, long operations, String consumer) {
        CpuUse.Used used = CpuUse.between(before.cpu(), cpu.sample());
        long verified = verifications() - before.verified();
        long changes = count("SELECT count(*) FROM status_change WHERE seq > " + before.changeSeq());
        Batches batches = consumer == null ? null : batches(consumer, before.at());
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1200)); // PostgreSQL publishes its counters at most once a second
        return new Diagnostic(key, label, used, operations, (commits() - before.commits()) / used.seconds(), changes, verified,
                batches);
    }

    /** {@code consumer}'s transactions since {@code since}: processed_event's rows of one transaction share its start time. */
    private Batches batches(String consumer, Instant since) {
        Row row = pool.preparedQuery("""
                WITH tx AS (SELECT count(*) AS n FROM processed_event WHERE consumer = $1 AND processed_at >= $2 GROUP BY processed_at)
                SELECT count(*) AS transactions, coalesce(sum(n), 0) AS events, coalesce(max(n), 0) AS largest,
                    coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY n), 0) AS median FROM tx""")
                .execute(Tuple.of(consumer, since.atOffset(java.time.ZoneOffset.UTC))).await().atMost(WAIT).iterator().next();
        return new Batches(row.getLong("transactions"), row.getLong("events"), row.getDouble("median"), row.getLong("largest"));
    }

    private long commits() {
        return count("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");
    }

    /** Bearer tokens smallrye-jwt verified so far (accepted or refused): the verified-token cache's misses. */
    private static long verifications() {
        return Math.round(Arrays.stream(given().get("/q/metrics").then().statusCode(200).extract().asString().split("\n"))
                .filter(line -> line.startsWith("integrations_identity_token_verifications_total"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum());
    }

    /** Tables vacuumed and analysed, a checkpoint, a second of quiet. */
    private void settle() {
        for (String table : List.of("status_connection", "status_calendar_link", "status_audience", "status_change",
                "processed_event")) {
            sql("VACUUM ANALYZE " + table);
        }
        sql("CHECKPOINT");
        pause();
    }

    // --- Output -------------------------------------------------------------------------------------------

    private List<String> settings() {
        Function<String, String> show = name -> pool.query("SHOW " + name).execute().await().atMost(WAIT).iterator().next()
                .getString(0);
        Function<String, String> setting = name -> ConfigProvider.getConfig().getOptionalValue(name, String.class).orElse("default");
        return List.of(
                String.format(Locale.ROOT, "PostgreSQL %s: fsync=%s, synchronous_commit=%s; reactive pool max-size=%s; projection:"
                        + " max.poll.records=%s, one transaction per poll", show.apply("server_version"), show.apply("fsync"),
                        show.apply("synchronous_commit"), setting.apply("quarkus.datasource.reactive.max-size"),
                        setting.apply("mp.messaging.incoming.status-events.max.poll.records")),
                String.format(Locale.ROOT, "%,d tenants, one user each: Google (connected, refreshed, a calendar synced), a"
                        + " Mailchimp key (its audience linked, imported), 3 in 4 a Mapbox key (checked valid): 6–8 events, %.2f on"
                        + " average; each request and stream with that user's token (scope user: 4 cards)", TENANTS,
                        new BenchTenants("bench", TENANTS).historySize() / (double) TENANTS),
                String.format(Locale.ROOT, "Generator: Vert.x HTTP client in the test JVM (own Vert.x, 1 event loop, HTTP/1.1"
                        + " keep-alive, up to 256 connections; streams on %d more); open loop %.0f s warm-up + %.0f s measured,"
                        + " latency from each request's due time; saturation %.0f s + %.0f s, %d in flight", STREAMS, WARM_UP,
                        SECONDS, SATURATION_WARM_UP, SATURATION, IN_FLIGHT),
                String.format(Locale.ROOT, "Streams: heartbeat %s, change-log look-again %s (integrations.status.stream.*);"
                        + " events phase %.0f s warm-up + %.0f s measured at %,d events/s", setting.apply(
                                "integrations.status.stream.heartbeat"), setting.apply("integrations.status.stream.poll-interval"),
                        WARM_UP, EVENT_SECONDS, EVENT_RATE),
                String.format(Locale.ROOT, "%d cores, test JVM -Xmx%d m (app, generator, streams)",
                        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20));
    }

    private void report(List<String> settings, List<Throughput> throughputs, List<Latency> latencies,
            List<Diagnostic> diagnostics) throws IOException {
        StringBuilder md = new StringBuilder("status-service benchmark, ").append(LocalDate.now()).append('\n');
        StringBuilder tsv = new StringBuilder();
        settings.forEach(line -> {
            md.append("- ").append(line).append('\n');
            tsv.append("# ").append(line).append('\n');
        });
        notes.forEach(line -> {
            md.append("- ").append(line).append('\n');
            tsv.append("#note ").append(line).append('\n');
        });
        md.append("\n| measure | events | seconds | events/s |\n|---|---|---|---|\n");
        for (Throughput t : throughputs) {
            md.append(String.format(Locale.ROOT, "| %s | %,d | %.1f | %,.0f |%n", t.label(), t.events(), t.seconds(),
                    t.events() / t.seconds()));
            tsv.append(String.join("\t", "t:" + t.key(), t.label(), String.valueOf(t.events()), String.format(Locale.ROOT, "%.1f",
                    t.seconds()), String.format(Locale.ROOT, "%.0f", t.events() / t.seconds()))).append('\n');
        }
        md.append("\n| measure | offered | achieved (/s) | p50 (ms) | p99 (ms) | max (ms) | errors |\n|---|---|---|---|---|---|---|\n");
        for (Latency l : latencies) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %s | %s | %s | %d |%n", l.label(), l.offered(), l.achieved(),
                    ms(l.p50()), ms(l.p99()), ms(l.max()), l.errors()));
            tsv.append(String.join("\t", "l:" + l.key(), l.label(), l.offered(), String.format(Locale.ROOT, "%.0f", l.achieved()),
                    ms(l.p50()), ms(l.p99()), ms(l.max()), String.valueOf(l.errors()))).append('\n');
        }
        md.append("\n| phase | seconds | CPU in cores: test JVM | PostgreSQL | Kafka | sandbox | Maven | other sessions"
                + " | CPU ms per operation (ours) | PostgreSQL commits/s | change-log rows written | bearer tokens verified"
                + " | projection transactions | events per transaction: mean | median | largest |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Diagnostic d : diagnostics) {
            CpuUse.Used u = d.used();
            List<String> cells = List.of(String.format(Locale.ROOT, "%.1f", u.seconds()), cores(u, CpuUse.APP),
                    cores(u, CpuUse.POSTGRES), cores(u, CpuUse.KAFKA), cores(u, CpuUse.SANDBOX), cores(u, CpuUse.MAVEN),
                    cores(u, CpuUse.OTHERS), String.format(Locale.ROOT, "%.3f", u.oursMillisPer(d.operations())),
                    String.format(Locale.ROOT, "%.0f", d.commitsPerSecond()), String.valueOf(d.changes()),
                    String.valueOf(d.verified()), d.batches() == null ? "-" : String.valueOf(d.batches().transactions()),
                    d.batches() == null || d.batches().transactions() == 0 ? "-" : String.format(Locale.ROOT, "%.1f",
                            d.batches().events() / (double) d.batches().transactions()),
                    d.batches() == null ? "-" : String.format(Locale.ROOT, "%.0f", d.batches().median()),
                    d.batches() == null ? "-" : String.valueOf(d.batches().largest()));
            md.append("| ").append(d.label()).append(" | ").append(String.join(" | ", cells)).append(" |\n");
            tsv.append("c:").append(d.key()).append('\t').append(d.label()).append('\t').append(String.join("\t", cells)).append('\n');
        }
        Files.createDirectories(OUTPUT);
        Files.writeString(OUTPUT.resolve("status.md"), md.toString());
        Files.writeString(OUTPUT.resolve("status.tsv"), tsv.toString());
        System.out.println();
        System.out.println(md);
    }

    private static String cores(CpuUse.Used used, String group) {
        return String.format(Locale.ROOT, "%.2f", used.cores(group));
    }

    private static String ms(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, value < 10 ? "%.2f" : "%.1f", value);
    }

    // --- Helpers ------------------------------------------------------------------------------------------

    /** The user's status answer, through the generator's client (lighter than REST Assured, for polling). */
    private JsonObject statusOf(String token) {
        CompletableFuture<JsonObject> answer = new CompletableFuture<>();
        loop.runOnContext(ignored -> api.request(new RequestOptions().setMethod(HttpMethod.GET).setURI(STATUS)
                        .setTimeout(TIMEOUT.toMillis()).putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token))
                .compose(HttpClientRequest::send)
                .compose(response -> response.body().map(body -> {
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("GET " + STATUS + ": status " + response.statusCode() + " " + body);
                    }
                    return body.toJsonObject();
                }))
                .onComplete(outcome -> {
                    if (outcome.succeeded()) {
                        answer.complete(outcome.result());
                    } else {
                        answer.completeExceptionally(outcome.cause());
                    }
                }));
        return answer.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    private static void requireNoErrors(String what, Measured measured) {
        if (measured.errors() > 0) {
            throw new IllegalStateException(what + ": " + measured.errors() + " failed; first: " + measured.firstError());
        }
    }

    private static double seconds(String property, double otherwise) {
        return Double.parseDouble(System.getProperty(property, String.valueOf(otherwise)));
    }

    private static String config(String name) {
        return ConfigProvider.getConfig().getValue(name, String.class);
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
