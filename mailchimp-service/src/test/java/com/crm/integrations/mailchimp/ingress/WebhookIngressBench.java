package com.crm.integrations.mailchimp.ingress;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.Topics;
import com.crm.integrations.mailchimp.config.MailchimpConfig;
import com.crm.integrations.mailchimp.ingress.StoredHooks.StoredHook;
import com.crm.integrations.mailchimp.repository.DeliveryWriter;
import com.crm.integrations.mailchimp.webhook.ReceivedPost;
import com.crm.integrations.testing.Infrastructure;
import com.crm.integrations.testing.IntegrationInfrastructure;
import com.crm.integrations.testing.bench.CpuUse;
import com.crm.integrations.testing.bench.Load;
import com.crm.integrations.testing.bench.Load.Measured;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
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
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The webhook ingress's benchmark ({@code bench/webhooks.sh}): Mailchimp posts into {@code /webhooks/mailchimp/{hook}}
 * with {@code fsync} on, each answered 200 only once durably stored, next to ceilings measured in the same run; then
 * the whole way to Kafka (ingress → inbox processor → members projection → outbox → relay → topic) and a Kafka outage
 * during the load. Not a test: its name is outside surefire's default includes, so {@code ./mvnw verify} never runs
 * it; {@code -Dtest=WebhookIngressBench} does. {@code bench/webhooks.sh} runs it against a durable cluster
 * ({@code -Dintegrations.test.postgres.durable=true}).
 *
 * <p>
 * Posts: §6.2 forms of ~1 KB ({@code subscribe} with the member's address, names, postal address, phone, company,
 * interests as {@code INTERESTS} and a {@code GROUPINGS}, IPs; {@code profile} alike), over
 * {@value #AUDIENCES} audiences of {@value #AUDIENCES} tenants, hooks created straight in the database
 * ({@link StoredHooks}). Every post is distinct: it carries its number in a merge field ({@code CRMID}, a tenant's
 * custom field), which the member's {@code subscriber.changed.v2} event carries back in its {@code mergeFields}, so
 * that each delivery's event is found on the topic. Mixed phases alternate a {@code subscribe} of a new member and a
 * {@code profile} of a member an earlier phase subscribed (applied, never waiting for its member), each member
 * profiled at most once a phase where the phase is shorter than the members known.
 *
 * <p>
 * Load: a Vert.x HTTP client on its own Vert.x instance (one event loop, HTTP/1.1 keep-alive, up to
 * {@value #MAX_CONNECTIONS} connections) in the test JVM, driven by {@link Load}: closed loop with
 * {@code bench.webhooks.in-flight} posts in flight (saturation), or open loop at a fixed rate with latency counted from
 * each post's due time. Phases, each after the inbox and the outbox drained, the tables vacuumed, a checkpoint and the
 * JIT compilers quiet ({@link #settle}):
 * <ol>
 * <li>warm-up, discarded: {@code bench.webhooks.warm-up} subscribes (the members later profiles name), then every kind
 * of load below;</li>
 * <li>ceilings: the hook's {@code GET} (Mailchimp's validation, answered from the hook cache with no I/O: the HTTP
 * stack and the route), and durable single-row {@code INSERT}s, autocommit, of a delivery's row into a copy of
 * {@code webhook_delivery} with its defaults and indexes, over the same pool with as many in flight;</li>
 * <li>the ingress at saturation as deployed (the inbox processor working meanwhile);</li>
 * <li>diagnostics with the processor held (a transaction holds {@code audience_member} in ACCESS EXCLUSIVE mode, so
 * each batch the processor begins waits; the ingress never reads that table): the ingress alone, then
 * {@link DeliveryWriter#store} called straight (no HTTP); then the processor alone on the backlog they left (release →
 * last event);</li>
 * <li>the same three at {@code bench.webhooks.rate} posts/s offered (ceilings, the ingress as deployed, held);</li>
 * <li>the way to Kafka: {@code bench.webhooks.processing} posts as fast as the ingress takes them, first post → last
 * event consumed;</li>
 * <li>a Kafka outage: posts at the offered rate for {@code bench.webhooks.outage-seconds}, the broker stopped
 * ({@link Infrastructure#stopKafka}) 5 s in and started again {@code bench.webhooks.outage-down-seconds} later; every
 * post must be answered 200, and each delivery's event is looked for (lost, duplicates).</li>
 * </ol>
 *
 * <p>
 * Where the time goes, per phase: the ingress statements (one per group: a group's rows share their
 * {@code received_at}), their rate and group sizes; the deliveries the processor settled meanwhile; PostgreSQL's commits
 * per second (every client's); CPU per process ({@link CpuUse}) and the test JVM's by kind of thread
 * ({@link CpuMeter}). {@code -Dbench.webhooks.jfr=<file>} records the ingress at the offered rate (as deployed) in a
 * Flight Recording.
 *
 * <p>
 * Writes {@code target/bench/webhooks.md} (the tables, also printed) and {@code target/bench/webhooks.tsv} (for
 * {@code bench/webhooks.sh}). Sizes are system properties ({@code bench.webhooks.in-flight}, {@code .rate},
 * {@code .seconds}, {@code .warm-up}, {@code .warm-up-seconds}, {@code .processing}, {@code .outage-seconds},
 * {@code .outage-down-seconds}); {@code bench.webhooks.phases} picks phases ({@link #PHASES}).
 */
@QuarkusTest
@WithTestResource(value = IntegrationInfrastructure.class, initArgs = @ResourceArg(name = "sandbox", value = "false"))
class WebhookIngressBench {

    private static final int AUDIENCES = 50;
    private static final int MAX_CONNECTIONS = 256;
    private static final int IN_FLIGHT = Integer.getInteger("bench.webhooks.in-flight", 128);
    private static final int RATE = Integer.getInteger("bench.webhooks.rate", 1_000);
    private static final double SECONDS = Double.parseDouble(System.getProperty("bench.webhooks.seconds", "15"));
    private static final double RATE_WARM_UP_SECONDS = 5;
    private static final double SATURATION_WARM_UP_SECONDS = 3;
    /** Subscribes posted before anything is measured: the JIT, and the members later phases' profiles name. */
    private static final int WARM_UP = Integer.getInteger("bench.webhooks.warm-up", 30_000);
    /**
     * Seconds of mixed posts, then of paced posts, after the warm-up's subscribes (a quarter to a half of it for the
     * ceilings and the writer). With 8 s the JIT compilers still took 0.1–0.15 cores during the first measured phase; with
     * 20 s, 0.01.
     */
    private static final double WARM_UP_SECONDS = Double.parseDouble(System.getProperty("bench.webhooks.warm-up-seconds", "20"));
    private static final int PROCESSING = Integer.getInteger("bench.webhooks.processing", 20_000);
    private static final double OUTAGE_SECONDS = Double.parseDouble(System.getProperty("bench.webhooks.outage-seconds", "30"));
    private static final double OUTAGE_DOWN_SECONDS = Double.parseDouble(
            System.getProperty("bench.webhooks.outage-down-seconds", "10"));
    private static final double OUTAGE_STOP_AFTER_SECONDS = 5;
    /**
     * Which phases run: {@code ceilings}, {@code saturation} (the ingress as deployed), {@code held} (its diagnostics with
     * the processor held, and the processor alone on their backlog), {@code rate} (as deployed and held), {@code processing},
     * {@code outage}.
     */
    private static final Set<String> PHASES = Set.of(System.getProperty("bench.webhooks.phases",
            "ceilings,saturation,held,rate,processing,outage").split(","));
    /** Posts numbered at most (the merge field's number indexes these arrays). */
    private static final int MAX_POSTS = 2_000_000;
    /** The first member number of the ceiling's scratch rows, beyond any member the posts subscribe. */
    private static final int SCRATCH_MEMBERS = 100_000_000;

    private static final Duration WAIT = Duration.ofMinutes(5);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Path OUTPUT = Path.of("target", "bench");
    private static final String SCRATCH_TABLE = "bench_delivery";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final DateTimeFormatter FIRED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final byte[] CRMID_KEY = "\"CRMID\"".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CRMID_PREFIX = "\"bench-".getBytes(StandardCharsets.UTF_8);

    @Inject
    Pool pool;
    @Inject
    DeliveryWriter writer;
    @Inject
    MailchimpConfig config;

    private List<StoredHook> hooks;
    private CpuMeter cpu;
    private String[] postUris;
    private String[] getUris;
    private final Forms forms = new Forms();
    /** When each post was answered 200 (nanoTime), 0 until then; indexed by the post's number. */
    private final AtomicLongArray answeredAt = new AtomicLongArray(MAX_POSTS);
    /** When each post's event first arrived (nanoTime), 0 until then; and how many times it arrived. */
    private final AtomicLongArray arrivedAt = new AtomicLongArray(MAX_POSTS);
    private final AtomicIntegerArray arrivals = new AtomicIntegerArray(MAX_POSTS);
    private final AtomicLong recordsRead = new AtomicLong();
    private final AtomicLong recordsUnmatched = new AtomicLong();

    /** One row of the rates table; latencies in milliseconds. */
    record Rate(String key, String label, String offered, double achieved, double p50, double p99, double max, int errors) {

        static Rate of(String key, String label, String offered, Measured m) {
            if (m.errors() > 0) {
                System.out.printf("%s: %d errors, first: %s%n", key, m.errors(), m.firstError());
            }
            return new Rate(key, label, offered, m.achieved(), m.p50(), m.p99(), m.max(), m.errors());
        }
    }

    /** Where an ingress phase's time went. */
    /**
     * Where a phase's time went. {@code singlesPercent}: ingress statements that stored one post; {@code typicalGroup}: the
     * size of the group the median post travelled in; {@code processedPerSecond}: deliveries the inbox processor settled
     * meanwhile; {@code deliveries}: what the CPU is divided by (a ceiling's operations).
     */
    record Where(String key, String label, double statementsPerSecond, double meanGroup, double singlesPercent, double typicalGroup,
            double maxGroup, double processedPerSecond, double commitsPerSecond, Cpu cpu, long deliveries) {
    }

    /** A phase followed to Kafka. */
    record Through(String key, String label, int deliveries, int answered, int otherAnswers, double ingressPerSecond,
            double throughPerSecond, double seconds, double p50, double p99, int lost, int duplicates, double downSeconds,
            double restartToLastSeconds) {
    }

    @Test
    void measuresTheIngressNextToItsCeilings() throws Exception {
        hooks = IntStream.range(0, AUDIENCES)
                .mapToObj(i -> StoredHooks.create(pool, String.format(Locale.ROOT, "bench-mc-%02d", i))).toList();
        postUris = hooks.stream().map(StoredHook::url).toArray(String[]::new);
        getUris = postUris;
        int partitions = prepareTopic();
        List<String> settings = settings(partitions);
        sql("CREATE TABLE IF NOT EXISTS " + SCRATCH_TABLE + " (LIKE webhook_delivery INCLUDING ALL)");
        cpu = new CpuMeter(new CpuUse(ConfigProvider.getConfig().getValue(IntegrationInfrastructure.POSTGRES_DIR,
                String.class), "token-service"));
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        Vertx generator = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        HttpClient http = generator.createHttpClient(new HttpClientOptions().setDefaultHost("localhost").setDefaultPort(port)
                .setKeepAlive(true).setPipelining(false), new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS));
        Context loop = generator.getOrCreateContext();
        // Its own name, so that its CPU shows apart from the service's event loops (a native thread takes the new name).
        loop.runOnContext(ignored -> Thread.currentThread().setName("bench-generator"));
        List<Rate> rates = new ArrayList<>();
        List<Where> where = new ArrayList<>();
        List<Through> through = new ArrayList<>();
        try (Reader reader = new Reader(partitions)) {
            Load.Operation subscribe = post(loop, http, false);
            Load.Operation mixed = post(loop, http, true);
            Load.Operation validation = get(loop, http);
            Load.Operation insert = insertOperation();
            Load.Operation direct = directOperation();

            // Warm-up: the members the profiles of later phases name, then every path until compiled (settle() waits
            // for the JIT compilers to go quiet too).
            forms.startPhase();
            Measured warm = Load.closedLoop(Load.limited(subscribe, WARM_UP), IN_FLIGHT, 0, 3600);
            requireNoErrors("warm-up", warm);
            settle();
            forms.startPhase();
            Load.closedLoop(mixed, IN_FLIGHT, 0, WARM_UP_SECONDS);
            Load.openLoop(mixed, RATE, 0, WARM_UP_SECONDS);
            Load.closedLoop(validation, IN_FLIGHT, 0, WARM_UP_SECONDS / 4);
            Load.closedLoop(insert, IN_FLIGHT, 0, WARM_UP_SECONDS / 2);
            try (ProcessorHold hold = new ProcessorHold()) {
                Load.closedLoop(direct, IN_FLIGHT, 0, WARM_UP_SECONDS / 4);
            }
            settle();

            String saturation = String.format(Locale.ROOT, "saturation (%d in flight)", IN_FLIGHT);
            String rate = String.format(Locale.ROOT, "%,d/s", RATE);

            if (PHASES.contains("ceilings")) {
                Load.closedLoop(validation, IN_FLIGHT, 0, SATURATION_WARM_UP_SECONDS);
                Phase getPhase = Phase.begin(this, cpu);
                Measured get = Load.closedLoop(validation, IN_FLIGHT, 0, SECONDS);
                rates.add(Rate.of("get-sat", "ceiling: empty endpoint, the hook's GET (Mailchimp's validation: hook cache, 200, no body)",
                        saturation, get));
                where.add(getPhase.end("get-sat", "ceiling: the hook's GET, saturation (per request)", get.sortedLatencies().length));
                settle();
                Load.closedLoop(insert, IN_FLIGHT, 0, SATURATION_WARM_UP_SECONDS);
                Phase insertPhase = Phase.begin(this, cpu);
                Measured inserted = Load.closedLoop(insert, IN_FLIGHT, 0, SECONDS);
                rates.add(Rate.of("insert-sat", String.format(Locale.ROOT, "ceiling: durable single-row INSERT of a delivery's row "
                        + "(copy of webhook_delivery, its 6 indexes), autocommit, same pool (max-size %s)", poolSize()),
                        saturation, inserted));
                where.add(insertPhase.end("insert-sat", "ceiling: single-row INSERTs, saturation (per row)",
                        inserted.sortedLatencies().length));
                settle();
            }
            if (PHASES.contains("saturation")) {
                forms.startPhase();
                Load.closedLoop(mixed, IN_FLIGHT, 0, SATURATION_WARM_UP_SECONDS);
                Phase sat = Phase.begin(this, cpu);
                Measured ingress = Load.closedLoop(mixed, IN_FLIGHT, 0, SECONDS);
                rates.add(Rate.of("ingress-sat", "**ingress**: POST subscribe/profile, ~1 KB, each 200 after its commit "
                        + "(inbox processor running)", saturation, ingress));
                where.add(sat.end("ingress-sat", "ingress at saturation, processor running"));
                settle();

            }
            if (PHASES.contains("held")) {
                // The same without the processor's work, then the writer without HTTP; then the processor alone on their backlog.
                forms.startPhase();
                int firstHeld = forms.next();
                Measured alone;
                Measured straight;
                try (ProcessorHold hold = new ProcessorHold()) {
                    Phase held = Phase.begin(this, cpu);
                    alone = Load.closedLoop(mixed, IN_FLIGHT, 0, SECONDS);
                    where.add(held.end("ingress-sat-held", "ingress at saturation, processor held"));
                    Phase straightPhase = Phase.begin(this, cpu);
                    straight = Load.closedLoop(direct, IN_FLIGHT, 0, SECONDS / 3);
                    where.add(straightPhase.end("direct-sat-held", "DeliveryWriter.store straight (no HTTP), saturation, processor held"));
                }
                rates.add(Rate.of("ingress-sat-held", "diagnostic: ingress with the inbox processor held (audience_member locked)",
                        saturation, alone));
                rates.add(Rate.of("direct-sat-held", "diagnostic: DeliveryWriter.store called straight (no HTTP, the form read "
                        + "on the caller), processor held", saturation, straight));
                Drained backlog = drained("backlog-sat", firstHeld, forms.next(), cpu, reader);
                through.add(backlog.through());
                where.add(backlog.where());
                settle();
            }
            if (PHASES.contains("ceilings")) {
                Load.openLoop(validation, RATE, 0, RATE_WARM_UP_SECONDS);
                Phase getPhase = Phase.begin(this, cpu);
                Measured get = Load.openLoop(validation, RATE, 0, SECONDS);
                rates.add(Rate.of("get-rate", "ceiling: empty endpoint (the hook's GET)", rate, get));
                where.add(getPhase.end("get-rate", String.format(Locale.ROOT, "ceiling: the hook's GET at %,d/s (per request)", RATE),
                        get.sortedLatencies().length));
                settle();
                Load.openLoop(insert, RATE, 0, RATE_WARM_UP_SECONDS);
                Phase insertPhase = Phase.begin(this, cpu);
                Measured inserted = Load.openLoop(insert, RATE, 0, SECONDS);
                rates.add(Rate.of("insert-rate", "ceiling: durable single-row INSERT of a delivery's row", rate, inserted));
                where.add(insertPhase.end("insert-rate", String.format(Locale.ROOT, "ceiling: single-row INSERTs at %,d/s (per row)",
                        RATE), inserted.sortedLatencies().length));
                settle();
            }
            if (PHASES.contains("rate")) {
                forms.startPhase();
                Load.openLoop(mixed, RATE, 0, RATE_WARM_UP_SECONDS);
                Phase paced = Phase.begin(this, cpu);
                Measured atRate;
                try (Profile profile = Profile.start()) {
                    atRate = Load.openLoop(mixed, RATE, 0, SECONDS);
                }
                rates.add(Rate.of("ingress-rate", "**ingress**: POST, latency from the due time to the 200 (inbox processor running)",
                        rate, atRate));
                where.add(paced.end("ingress-rate", String.format(Locale.ROOT, "ingress at %,d/s offered, processor running", RATE)));
                settle();

                forms.startPhase();
                int firstHeld = forms.next();
                Measured alone;
                try (ProcessorHold hold = new ProcessorHold()) {
                    Load.openLoop(mixed, RATE, 0, RATE_WARM_UP_SECONDS);
                    Phase held = Phase.begin(this, cpu);
                    alone = Load.openLoop(mixed, RATE, 0, SECONDS);
                    where.add(held.end("ingress-rate-held", String.format(Locale.ROOT, "ingress at %,d/s offered, processor held", RATE)));
                }
                rates.add(Rate.of("ingress-rate-held", "diagnostic: ingress with the inbox processor held", rate, alone));
                Drained backlog = drained("backlog-rate", firstHeld, forms.next(), cpu, reader);
                through.add(backlog.through());
                where.add(backlog.where());
                settle();
            }
            if (PHASES.contains("processing")) {
                through.add(processing(mixed, reader));
                settle();
            }
            if (PHASES.contains("outage")) {
                through.add(outage(mixed, reader, rates, rate));
            }
        } finally {
            http.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            generator.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            sql("DROP TABLE IF EXISTS " + SCRATCH_TABLE);
        }
        report(settings, rates, where, through);
    }

    // --- The pipeline to Kafka ------------------------------------------------------------------------------

    /** {@link #PROCESSING} posts as fast as the ingress takes them; first post → last event consumed. */
    private Through processing(Load.Operation mixed, Reader reader) {
        forms.startPhase();
        int first = forms.next();
        long start = System.nanoTime();
        Measured measured = Load.closedLoop(Load.limited(mixed, PROCESSING), IN_FLIGHT, 0, 3600);
        int last = forms.next();
        return followed("processing", String.format(Locale.ROOT, "%,d posts (subscribe/profile, %d audiences), %d in flight: "
                + "first post → last event", PROCESSING, AUDIENCES, IN_FLIGHT), first, last, start, measured, reader, Double.NaN, 0);
    }

    /**
     * Posts at {@link #RATE}/s for {@link #OUTAGE_SECONDS} s; {@link #OUTAGE_STOP_AFTER_SECONDS} s in, the broker is
     * stopped, and started again {@link #OUTAGE_DOWN_SECONDS} s later.
     */
    private Through outage(Load.Operation mixed, Reader reader, List<Rate> rates, String rate) throws InterruptedException {
        forms.startPhase();
        int first = forms.next();
        long start = System.nanoTime();
        AtomicLong stoppedAt = new AtomicLong();
        AtomicLong startedAt = new AtomicLong();
        Thread broker = new Thread(() -> {
            Load.pace(start + nanos(OUTAGE_STOP_AFTER_SECONDS));
            Infrastructure.stopKafka();
            stoppedAt.set(System.nanoTime());
            Load.pace(stoppedAt.get() + nanos(OUTAGE_DOWN_SECONDS));
            Infrastructure.startKafka();
            startedAt.set(System.nanoTime());
        }, "bench-kafka-outage");
        broker.start();
        Measured measured = Load.openLoop(mixed, RATE, 0, OUTAGE_SECONDS);
        rates.add(Rate.of("ingress-outage", String.format(Locale.ROOT, "ingress during a Kafka outage (broker stopped %.0f s into "
                + "%.0f s of posts, started again %.0f s later; processor running)", OUTAGE_STOP_AFTER_SECONDS, OUTAGE_SECONDS,
                OUTAGE_DOWN_SECONDS), rate, measured));
        broker.join(WAIT.toMillis());
        if (startedAt.get() == 0) {
            throw new IllegalStateException("The broker did not start again");
        }
        int last = forms.next();
        return followed("outage", String.format(Locale.ROOT, "Kafka stopped %.0f s into %.0f s of posts at %,d/s, started again "
                + "after %.0f s (latency: due time → 200)", OUTAGE_STOP_AFTER_SECONDS, OUTAGE_SECONDS, RATE, OUTAGE_DOWN_SECONDS),
                first, last, start, measured, reader, (startedAt.get() - stoppedAt.get()) / 1e9, startedAt.get());
    }

    /** Waits for the events of posts {@code [first, last)} answered 200; lost: those that never came. */
    private Through followed(String key, String label, int first, int last, long start, Measured measured, Reader reader,
            double downSeconds, long restartedAt) {
        int answered = 0;
        long lastAnswer = start;
        for (int n = first; n < last; n++) {
            long at = answeredAt.get(n);
            if (at != 0) {
                answered++;
                lastAnswer = Math.max(lastAnswer, at);
            }
        }
        int missing = awaitEvents(first, last);
        long lastArrival = start;
        int duplicates = 0;
        List<Long> latencies = new ArrayList<>();
        for (int n = first; n < last; n++) {
            long arrived = arrivedAt.get(n);
            if (answeredAt.get(n) != 0 && arrived != 0) {
                lastArrival = Math.max(lastArrival, arrived);
                latencies.add(arrived - answeredAt.get(n));
                duplicates += arrivals.get(n) - 1;
            }
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        int posted = last - first;
        return new Through(key, label, posted, answered, posted - answered, answered / ((lastAnswer - start) / 1e9),
                (answered - missing) / ((lastArrival - start) / 1e9), (lastArrival - start) / 1e9, millis(percentile(sorted, 0.50)),
                millis(percentile(sorted, 0.99)), missing, duplicates, downSeconds,
                restartedAt == 0 ? Double.NaN : (lastArrival - restartedAt) / 1e9);
    }

    /** Waits until the events of posts {@code [first, last)} answered 200 arrived, or a minute passed without one more; how many are missing. */
    private int awaitEvents(int first, int last) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int missing = Integer.MAX_VALUE;
        long progress = System.nanoTime();
        while (missing > 0 && System.nanoTime() < deadline) {
            int now = 0;
            for (int n = first; n < last; n++) {
                if (answeredAt.get(n) != 0 && arrivedAt.get(n) == 0) {
                    now++;
                }
            }
            if (now < missing) {
                progress = System.nanoTime();
            } else if (System.nanoTime() - progress > TimeUnit.SECONDS.toNanos(60)) {
                break; // a minute without one more event: what is missing is lost
            }
            missing = now;
            if (missing > 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
        return missing;
    }

    /** The processor alone on a backlog: the table rows of one drain. */
    record Drained(Through through, Where where) {
    }

    /**
     * The inbox processor alone (nothing posted meanwhile) on the backlog of posts {@code [first, last)} stored while it
     * was held, from its release (just before) to the last event consumed.
     */
    private Drained drained(String key, int first, int last, CpuMeter cpu, Reader reader) {
        long released = System.nanoTime();
        CpuMeter.Sample before = cpu.sample();
        long commitsBefore = commits();
        int missing = awaitEvents(first, last);
        Cpu used = CpuMeter.between(before, cpu.sample());
        int answered = 0;
        int duplicates = 0;
        long lastArrival = released;
        for (int n = first; n < last; n++) {
            if (answeredAt.get(n) != 0) {
                answered++;
                if (arrivedAt.get(n) != 0) {
                    lastArrival = Math.max(lastArrival, arrivedAt.get(n));
                    duplicates += arrivals.get(n) - 1;
                }
            }
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1200));
        double commitsPerSecond = (commits() - commitsBefore) / used.seconds();
        double seconds = (lastArrival - released) / 1e9;
        String label = String.format(Locale.ROOT, "inbox processor alone on the backlog of %,d deliveries stored while it was held: "
                + "release → last event", answered);
        return new Drained(new Through(key, label, last - first, answered, last - first - answered, Double.NaN,
                (answered - missing) / seconds, seconds, Double.NaN, Double.NaN, missing, duplicates, Double.NaN, Double.NaN),
                new Where(key, label, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, answered / used.seconds(),
                        commitsPerSecond, used, answered));
    }

    // --- Operations -----------------------------------------------------------------------------------------

    /** A POST of the next form, on the generator's event loop; 200 expected. */
    private Load.Operation post(Context loop, HttpClient http, boolean mixed) {
        return (i, done) -> {
            Forms.Form form = forms.form(mixed);
            Buffer body = Buffer.buffer(form.body());
            String uri = postUris[form.audience()];
            loop.runOnContext(ignored -> http.request(new RequestOptions().setMethod(HttpMethod.POST).setURI(uri)
                            .setConnectTimeout(TIMEOUT.toMillis()).setIdleTimeout(TIMEOUT.toMillis()).putHeader("Content-Type", FORM))
                    .compose(request -> request.send(body))
                    .compose(response -> response.body().map(ignoredBody -> response.statusCode()))
                    .onComplete(outcome -> {
                        if (outcome.succeeded() && outcome.result() == 200) {
                            answeredAt.set(form.number(), System.nanoTime());
                            done.completed(null);
                        } else {
                            done.completed(outcome.failed() ? outcome.cause().toString() : "status " + outcome.result());
                        }
                    }));
        };
    }

    private Load.Operation get(Context loop, HttpClient http) {
        return (i, done) -> loop.runOnContext(ignored -> http.request(new RequestOptions().setMethod(HttpMethod.GET)
                        .setURI(getUris[i % AUDIENCES]).setConnectTimeout(TIMEOUT.toMillis()).setIdleTimeout(TIMEOUT.toMillis()))
                .compose(request -> request.send())
                .compose(response -> response.body().map(ignoredBody -> response.statusCode()))
                .onComplete(outcome -> done.completed(outcome.failed() ? outcome.cause().toString()
                        : outcome.result() == 200 ? null : "status " + outcome.result())));
    }

    /**
     * One INSERT per transaction of a row like a stored delivery (a warm-up post's values, a fresh content hash) into
     * the scratch copy of {@code webhook_delivery}: the same columns, defaults and indexes.
     */
    private Load.Operation insertOperation() {
        String insert = "INSERT INTO " + SCRATCH_TABLE + " (link_id, tenant_id, audience_id, type, fired_at, received_at, "
                + "content_hash, raw_body, fields, subscriber_hash, status, due_at) "
                + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'pending', $6)";
        return (i, done) -> {
            Forms.Form form = forms.scratch();
            StoredHook hook = hooks.get(form.audience());
            byte[] raw = form.body().getBytes(StandardCharsets.UTF_8);
            ReceivedPost read = read(raw, hook);
            Instant now = Instant.now();
            Tuple row = Tuple.tuple().addValue(hook.linkId()).addValue(hook.tenant()).addValue(hook.audienceId())
                    .addValue(read.type()).addValue(read.firedAt().atOffset(ZoneOffset.UTC)).addValue(now.atOffset(ZoneOffset.UTC))
                    .addValue(Buffer.buffer(read.contentHash())).addValue(Buffer.buffer(raw))
                    .addValue(new io.vertx.core.json.JsonObject(read.fields())).addValue(read.subscriberHash());
            pool.preparedQuery(insert).execute(row).subscribe().with(rows -> done.completed(null),
                    failure -> done.completed(failure.toString()));
        };
    }

    /** {@link DeliveryWriter#store} with the next form, read here as the route reads it. */
    private Load.Operation directOperation() {
        return (i, done) -> {
            Forms.Form form = forms.form(true);
            StoredHook hook = hooks.get(form.audience());
            byte[] raw = form.body().getBytes(StandardCharsets.UTF_8);
            writer.store(new DeliveryWriter.Incoming(hook.hookId(), read(raw, hook), raw)).subscribe().with(outcome -> {
                if (outcome == DeliveryWriter.Outcome.STORED) {
                    answeredAt.set(form.number(), System.nanoTime());
                    done.completed(null);
                } else {
                    done.completed(outcome.toString());
                }
            }, failure -> done.completed(failure.toString()));
        };
    }

    private ReceivedPost read(byte[] raw, StoredHook hook) {
        return ReceivedPost.read(raw, hook.audienceId(), Instant.now(), config.webhooks().replayTolerance(),
                config.webhooks().futureTolerance());
    }

    // --- Posts ----------------------------------------------------------------------------------------------

    /**
     * The forms posted, numbered. Member {@code m} belongs to audience {@code m % AUDIENCES}. A mixed phase alternates
     * a {@code subscribe} of the next new member and a {@code profile} of a member subscribed before the phase began
     * (walking them from where the previous phase stopped). Called from the issuing thread only.
     */
    final class Forms {

        /** One form: its number (in {@code CRMID}), its audience, its wire body. */
        record Form(int number, int audience, String body) {
        }

        private int nextNumber;
        private int members;
        /** Members whose subscribe was applied before the phase began: profiles name only these. */
        private int profilable;
        private int profileCursor;
        private boolean profileTurn;
        private int scratchMembers;

        /** A subscribe of a member no other post names (for rows that only the ceiling's scratch table holds). */
        Form scratch() {
            int number = nextNumber++;
            int member = SCRATCH_MEMBERS + scratchMembers++;
            int audience = member % AUDIENCES;
            return new Form(number, audience, body("subscribe", number, member, hooks.get(audience).audienceId()));
        }

        void startPhase() {
            profilable = members;
            profileTurn = false;
        }

        int next() {
            return nextNumber;
        }

        Form form(boolean mixed) {
            int number = nextNumber++;
            if (number >= MAX_POSTS) {
                throw new Load.StopIssuing();
            }
            boolean profile = mixed && profileTurn && profilable > 0;
            profileTurn = !profileTurn;
            int member;
            if (profile) {
                member = profileCursor++ % profilable;
            } else {
                member = members++;
            }
            int audience = member % AUDIENCES;
            return new Form(number, audience, body(profile ? "profile" : "subscribe", number, member, hooks.get(audience).audienceId()));
        }

        /** A §6.2 form as Mailchimp encodes it (PHP-style keys percent-encoded, spaces as '+'); ~1 KB. */
        private String body(String type, int number, int member, String audienceId) {
            String email = encode("member." + member + "@audience-" + (member % AUDIENCES) + ".example.org");
            String memberId = String.format(Locale.ROOT, "%010x", 0x5a00000000L + member);
            StringBuilder form = new StringBuilder(1200);
            form.append("type=").append(type)
                    .append("&fired_at=").append(encode(FIRED_AT.format(Instant.now().minusSeconds(2))))
                    .append("&data%5Bid%5D=").append(memberId)
                    .append("&data%5Bweb_id%5D=").append(100_000_000 + member)
                    .append("&data%5Blist_id%5D=").append(audienceId)
                    .append("&data%5Bemail%5D=").append(email)
                    .append("&data%5Bemail_type%5D=html")
                    .append("&data%5Bip_opt%5D=198.51.100.").append(member % 250)
                    .append("&data%5Bip_signup%5D=198.51.100.").append(member % 250)
                    .append("&data%5Bmerges%5D%5BEMAIL%5D=").append(email)
                    .append("&data%5Bmerges%5D%5BFNAME%5D=Ada")
                    .append("&data%5Bmerges%5D%5BLNAME%5D=Lovelace+").append(member)
                    .append("&data%5Bmerges%5D%5BADDRESS%5D%5Baddr1%5D=12+Analytical+Engine+Street")
                    .append("&data%5Bmerges%5D%5BADDRESS%5D%5Bcity%5D=London")
                    .append("&data%5Bmerges%5D%5BADDRESS%5D%5Bstate%5D=")
                    .append("&data%5Bmerges%5D%5BADDRESS%5D%5Bzip%5D=W1T+4AB")
                    .append("&data%5Bmerges%5D%5BADDRESS%5D%5Bcountry%5D=GB")
                    .append("&data%5Bmerges%5D%5BPHONE%5D=%2B44+20+7946+").append(String.format(Locale.ROOT, "%04d", member % 10_000))
                    .append("&data%5Bmerges%5D%5BCOMPANY%5D=Difference+Engines+Ltd")
                    .append("&data%5Bmerges%5D%5BCRMID%5D=bench-").append(number)
                    .append("&data%5Bmerges%5D%5BINTERESTS%5D=Newsletter%2C+Product+updates")
                    .append("&data%5Bmerges%5D%5BGROUPINGS%5D%5B0%5D%5Bid%5D=7")
                    .append("&data%5Bmerges%5D%5BGROUPINGS%5D%5B0%5D%5Bunique_id%5D=a1b2c3d4e5")
                    .append("&data%5Bmerges%5D%5BGROUPINGS%5D%5B0%5D%5Bname%5D=Topics")
                    .append("&data%5Bmerges%5D%5BGROUPINGS%5D%5B0%5D%5Bgroups%5D=Newsletter%2C+Product+updates");
            return form.toString();
        }

        private static String encode(String text) {
            return URLEncoder.encode(text, StandardCharsets.UTF_8);
        }
    }

    // --- Where the time goes ----------------------------------------------------------------------------------

    /** The counters an ingress phase is measured between. */
    record Phase(WebhookIngressBench bench, CpuMeter cpu, long lastId, long commits, CpuMeter.Sample sample, Instant startedAt) {

        static Phase begin(WebhookIngressBench bench, CpuMeter cpu) {
            return new Phase(bench, cpu, bench.lastDeliveryId(), bench.commits(), cpu.sample(), Instant.now());
        }

        /** An ingress phase: its statements and groups, what the processor settled meanwhile, commits, CPU. */
        Where end(String key, String label) {
            Cpu used = CpuMeter.between(sample, cpu.sample());
            Instant endedAt = Instant.now();
            long lastId = bench.lastDeliveryId();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1200)); // PostgreSQL publishes its counters at most once a second
            long commitsNow = bench.commits();
            Row groups = bench.pool.preparedQuery("""
                    WITH g AS (SELECT count(*) AS n FROM webhook_delivery WHERE id > $1 AND id <= $2 GROUP BY received_at),
                         w AS (SELECT n, sum(n) OVER (ORDER BY n ROWS UNBOUNDED PRECEDING) AS upto, sum(n) OVER () AS total FROM g)
                    SELECT (SELECT count(*) FROM g) AS statements, (SELECT coalesce(sum(n), 0) FROM g) AS deliveries,
                           (SELECT coalesce(avg(n), 0) FROM g) AS mean, (SELECT count(*) FROM g WHERE n = 1) AS singles,
                           (SELECT coalesce(max(n), 0) FROM g) AS max, (SELECT coalesce(min(n), 0) FROM w WHERE upto >= total / 2.0) AS typical,
                           (SELECT count(*) FROM webhook_delivery WHERE processed_at >= $3 AND processed_at < $4) AS processed
                    """).execute(Tuple.of(this.lastId, lastId, startedAt.atOffset(ZoneOffset.UTC), endedAt.atOffset(ZoneOffset.UTC)))
                    .await().atMost(WAIT).iterator().next();
            long statements = groups.getLong("statements");
            return new Where(key, label, statements / used.seconds(), groups.getNumeric("mean").doubleValue(),
                    statements == 0 ? Double.NaN : 100.0 * groups.getLong("singles") / statements,
                    groups.getNumeric("typical").doubleValue(), groups.getNumeric("max").doubleValue(),
                    groups.getLong("processed") / used.seconds(), (commitsNow - commits) / used.seconds(), used,
                    groups.getLong("deliveries"));
        }

        /** A ceiling's phase: commits and CPU per operation. */
        Where end(String key, String label, long operations) {
            Cpu used = CpuMeter.between(sample, cpu.sample());
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1200));
            return new Where(key, label, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    (bench.commits() - commits) / used.seconds(), used, operations);
        }
    }

    private long lastDeliveryId() {
        return count("SELECT coalesce(max(id), 0) FROM webhook_delivery");
    }

    private long commits() {
        return count("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");
    }

    /** A phase's CPU: per process ({@link CpuUse}), and the test JVM's by kind of thread ({@link CpuMeter#THREADS}), in cores. */
    record Cpu(CpuUse.Used processes, Map<String, Double> threads) {

        double seconds() {
            return processes.seconds();
        }

        double thread(String group) {
            return threads.getOrDefault(group, 0.0);
        }
    }

    /**
     * CPU per process, and the test JVM's by kind of thread, from Linux's {@code /proc/self/task/<tid>/comm} and
     * {@code stat} (native thread names, cut to 15 characters; compiler and GC threads included, which the JVM's own
     * thread accounting leaves out).
     */
    static final class CpuMeter {

        static final String EVENT_LOOPS = "service's event loops";
        static final String GENERATOR = "bench's generator and reader";
        static final String KAFKA_CLIENTS = "Kafka clients";
        static final String JIT = "JIT compilers";
        static final String GC = "GC";
        static final String OTHER = "other threads";
        static final List<String> THREADS = List.of(EVENT_LOOPS, GENERATOR, KAFKA_CLIENTS, JIT, GC, OTHER);

        record Sample(CpuUse.Sample processes, Map<String, Double> threads) {
        }

        private final CpuUse processes;

        CpuMeter(CpuUse processes) {
            this.processes = processes;
        }

        Sample sample() {
            Map<String, Double> threads = new java.util.LinkedHashMap<>();
            THREADS.forEach(group -> threads.put(group, 0.0));
            try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
                tasks.forEach(task -> {
                    try {
                        String comm = Files.readString(task.resolve("comm")).strip();
                        String stat = Files.readString(task.resolve("stat"));
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        double seconds = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
                        threads.merge(group(comm), seconds, Double::sum);
                    } catch (IOException | RuntimeException gone) {
                        // the thread ended meanwhile
                    }
                });
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return new Sample(processes.sample(), threads);
        }

        static Cpu between(Sample before, Sample after) {
            CpuUse.Used used = CpuUse.between(before.processes(), after.processes());
            Map<String, Double> cores = new java.util.LinkedHashMap<>();
            after.threads().forEach((group, seconds) -> cores.put(group,
                    Math.max(0, seconds - before.threads().getOrDefault(group, 0.0)) / used.seconds()));
            return new Cpu(used, cores);
        }

        /** JIT compiler threads' cores over the next {@code millis}. */
        double jitCores(long millis) {
            Sample before = sample();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
            return between(before, sample()).thread(JIT);
        }

        private static String group(String comm) {
            if (comm.startsWith("vert.x-eventloo")) {
                return EVENT_LOOPS;
            }
            if (comm.startsWith("bench-") || comm.equals("java")) { // "java": the launcher's thread, the test's (issues the load)
                return GENERATOR;
            }
            if (comm.startsWith("kafka-") || comm.startsWith("smallrye-kafka")) {
                return KAFKA_CLIENTS;
            }
            if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
                return JIT;
            }
            if (comm.startsWith("GC Thread") || comm.startsWith("G1 ")) {
                return GC;
            }
            return OTHER;
        }
    }

    /**
     * Holds the inbox processor: a transaction holding {@code audience_member} in ACCESS EXCLUSIVE mode, so that each
     * batch the processor begins waits at its read of the members (holding its audience's row and a pool connection)
     * until this commits. The ingress never reads that table.
     */
    private final class ProcessorHold implements AutoCloseable {

        private final SqlConnection connection;

        ProcessorHold() {
            connection = pool.getConnection().await().atMost(WAIT);
            connection.query("BEGIN").execute().await().atMost(WAIT);
            connection.query("LOCK TABLE audience_member IN ACCESS EXCLUSIVE MODE").execute().await().atMost(WAIT);
        }

        @Override
        public void close() {
            try {
                connection.query("COMMIT").execute().await().atMost(WAIT);
            } finally {
                connection.close().await().atMost(WAIT);
            }
        }
    }

    /**
     * A Flight Recording ({@code profile} settings) of the measured window of the ingress at the offered rate, written to
     * the file {@code bench.webhooks.jfr} names; nothing without it.
     */
    private static final class Profile implements AutoCloseable {

        private final jdk.jfr.Recording recording;

        private Profile(jdk.jfr.Recording recording) {
            this.recording = recording;
        }

        static Profile start() {
            String file = System.getProperty("bench.webhooks.jfr");
            if (file == null || file.isBlank()) {
                return new Profile(null);
            }
            try {
                jdk.jfr.Recording recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
                recording.setDestination(Path.of(file));
                recording.start();
                return new Profile(recording);
            } catch (IOException | java.text.ParseException e) {
                throw new IllegalStateException("Cannot record to " + file, e);
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

    // --- Kafka ----------------------------------------------------------------------------------------------

    /** Creates the events topic (broker defaults, as auto-creation would); its partitions. */
    private int prepareTopic() throws InterruptedException, ExecutionException {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            try {
                admin.createTopics(List.of(new NewTopic(Topics.MAILCHIMP_EVENTS, Optional.empty(), Optional.empty()))).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            return admin.describeTopics(List.of(Topics.MAILCHIMP_EVENTS)).allTopicNames().get().get(Topics.MAILCHIMP_EVENTS)
                    .partitions().size();
        }
    }

    /**
     * A plain consumer of {@link Topics#MAILCHIMP_EVENTS} from its end, noting each post's event by the number its
     * {@code mergeFields.CRMID} carries (found in the JSON bytes, not parsed: the reader stays cheap).
     */
    private final class Reader implements AutoCloseable {

        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Thread thread;
        private volatile boolean running = true;

        Reader(int partitions) {
            Properties properties = new Properties();
            properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, ConfigProvider.getConfig().getValue("kafka.bootstrap.servers",
                    String.class));
            properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            consumer = new KafkaConsumer<>(properties);
            List<TopicPartition> assigned = IntStream.range(0, partitions)
                    .mapToObj(p -> new TopicPartition(Topics.MAILCHIMP_EVENTS, p)).toList();
            consumer.assign(assigned);
            consumer.seekToEnd(assigned);
            assigned.forEach(consumer::position);
            thread = new Thread(this::run, "bench-consumer");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            while (running) {
                long now;
                Iterable<ConsumerRecord<byte[], byte[]>> records;
                try {
                    records = consumer.poll(Duration.ofMillis(100));
                    now = System.nanoTime();
                } catch (RuntimeException e) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    recordsRead.incrementAndGet();
                    int number = crmId(record.value());
                    if (number < 0 || number >= MAX_POSTS) {
                        recordsUnmatched.incrementAndGet();
                    } else {
                        arrivedAt.compareAndSet(number, 0, now);
                        arrivals.incrementAndGet(number);
                    }
                }
            }
            consumer.close();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    /**
     * The post's number in the event's {@code "CRMID": "bench-<n>"} (the outbox stores the payload as {@code jsonb},
     * whose text has a space after each colon); -1 when absent.
     */
    static int crmId(byte[] value) {
        if (value == null) {
            return -1;
        }
        outer:
        for (int i = 0; i <= value.length - CRMID_KEY.length; i++) {
            for (int j = 0; j < CRMID_KEY.length; j++) {
                if (value[i + j] != CRMID_KEY[j]) {
                    continue outer;
                }
            }
            int k = i + CRMID_KEY.length;
            while (k < value.length && (value[k] == ' ' || value[k] == ':')) {
                k++;
            }
            for (byte expected : CRMID_PREFIX) {
                if (k >= value.length || value[k++] != expected) {
                    return -1;
                }
            }
            int number = 0;
            int digits = 0;
            while (k < value.length && value[k] >= '0' && value[k] <= '9') {
                number = number * 10 + (value[k++] - '0');
                digits++;
            }
            return digits == 0 ? -1 : number;
        }
        return -1;
    }

    // --- Between phases -------------------------------------------------------------------------------------

    /**
     * Nothing pending in the inbox, the outbox drained, the tables vacuumed and analysed, a checkpoint, a second of quiet,
     * and the JIT compilers quiet (under 0.05 cores over a second; 60 s at most).
     */
    private void settle() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (count("SELECT count(*) FROM webhook_delivery WHERE status = 'pending'") > 0
                || count("SELECT count(*) FROM outbox WHERE sent_at IS NULL") > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The inbox and the outbox did not drain in " + WAIT);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        for (String table : List.of("webhook_delivery", "delivery_fingerprint", "audience_member", "outbox", SCRATCH_TABLE)) {
            sql("VACUUM ANALYZE " + table);
        }
        sql("CHECKPOINT");
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
        long quiet = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        // The JIT compilers still at work on what the last phase ran would take cores from the next one.
        double jit = cpu.jitCores(1000);
        while (jit > 0.05 && System.nanoTime() < quiet) {
            jit = cpu.jitCores(1000);
        }
    }

    // --- Output ---------------------------------------------------------------------------------------------

    private String poolSize() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.datasource.reactive.max-size", String.class).orElse("?");
    }

    private List<String> settings(int partitions) {
        Function<String, String> config = name -> ConfigProvider.getConfig().getOptionalValue(name, String.class).orElse("default");
        Function<String, String> show = name -> pool.query("SHOW " + name).execute().await().atMost(WAIT).iterator().next().getString(0);
        Forms.Form sample = new Forms().scratch();
        return List.of(
                String.format(Locale.ROOT, "PostgreSQL %s: fsync=%s, synchronous_commit=%s, full_page_writes=%s; reactive pool max-size=%s",
                        show.apply("server_version"), show.apply("fsync"), show.apply("synchronous_commit"),
                        show.apply("full_page_writes"), poolSize()),
                String.format(Locale.ROOT, "Ingress: max-statements=%d, max-group=%d; inbox processor: concurrency=%d, batch-size=%d, "
                        + "poll-interval=%s; relay: batch-size=%s, tenants-per-round=%s; %s partition(s) on %s",
                        this.config.webhooks().maxStatements(), this.config.webhooks().maxGroup(), this.config.inbox().concurrency(),
                        this.config.inbox().batchSize(), this.config.inbox().pollInterval(),
                        config.apply("integrations.outbox.relay.batch-size"), config.apply("integrations.outbox.relay.tenants-per-round"),
                        partitions, Topics.MAILCHIMP_EVENTS),
                String.format(Locale.ROOT, "Posts: §6.2 forms of ~%d B (subscribe / profile alternating; warm-up: %,d subscribes), "
                        + "%d audiences of %d tenants, each post distinct", sample.body().length(), WARM_UP, AUDIENCES, AUDIENCES),
                String.format(Locale.ROOT, "Generator: Vert.x HTTP client (own instance, 1 event loop, HTTP/1.1 keep-alive, up to %d "
                        + "connections) in the test JVM; saturation %.0f s + %.0f s measured, %d in flight; open loop %.0f s + %.0f s, "
                        + "latency from each post's due time", MAX_CONNECTIONS, SATURATION_WARM_UP_SECONDS, SECONDS, IN_FLIGHT,
                        RATE_WARM_UP_SECONDS, SECONDS),
                String.format(Locale.ROOT, "%d cores, test JVM -Xmx%d m (the service, the generator, the consumer)",
                        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20));
    }

    private void report(List<String> settings, List<Rate> rates, List<Where> where, List<Through> through) throws IOException {
        StringBuilder md = new StringBuilder();
        StringBuilder tsv = new StringBuilder();
        md.append("Webhook ingress benchmark, ").append(LocalDate.now()).append('\n');
        settings.forEach(line -> {
            md.append("- ").append(line).append('\n');
            tsv.append("# ").append(line).append('\n');
        });
        md.append("\n| measure | offered | achieved (/s) | p50 (ms) | p99 (ms) | max (ms) | errors |\n|---|---|---|---|---|---|---|\n");
        for (Rate r : rates) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %s | %s | %s | %d |%n", r.label(), r.offered(), r.achieved(),
                    ms(r.p50()), ms(r.p99()), ms(r.max()), r.errors()));
            tsv.append(String.join("\t", "r:" + r.key(), r.label(), r.offered(), number(r.achieved(), 0), ms(r.p50()),
                    ms(r.p99()), ms(r.max()), String.valueOf(r.errors()))).append('\n');
        }
        md.append("\n| phase | ingress statements/s | posts per statement: mean / max | statements of 1 post | the median post's group "
                + "| processed/s meanwhile | PostgreSQL commits/s (all) "
                + "| CPU in cores: test JVM / PostgreSQL / Kafka / Maven / other sessions "
                + "| test JVM's cores: " + String.join(" / ", CpuMeter.THREADS) + " | CPU ms per delivery or operation (ours) |\n"
                + "|---|---|---|---|---|---|---|---|---|---|\n");
        for (Where w : where) {
            CpuUse.Used cpu = w.cpu().processes();
            String cores = String.format(Locale.ROOT, "%.2f / %.2f / %.2f / %.2f / %.2f", cpu.cores(CpuUse.APP),
                    cpu.cores(CpuUse.POSTGRES), cpu.cores(CpuUse.KAFKA), cpu.cores(CpuUse.MAVEN), cpu.cores(CpuUse.OTHERS));
            String threads = CpuMeter.THREADS.stream().map(group -> String.format(Locale.ROOT, "%.2f", w.cpu().thread(group)))
                    .collect(java.util.stream.Collectors.joining(" / "));
            double perDelivery = w.deliveries() == 0 ? Double.NaN : cpu.oursMillisPer(w.deliveries());
            md.append(String.format(Locale.ROOT, "| %s | %s | %s / %s | %s %% | %s | %s | %s | %s | %s | %s |%n", w.label(),
                    number(w.statementsPerSecond(), 0), number(w.meanGroup(), 1), number(w.maxGroup(), 0), number(w.singlesPercent(), 0),
                    number(w.typicalGroup(), 0), number(w.processedPerSecond(), 0), number(w.commitsPerSecond(), 0), cores, threads,
                    number(perDelivery, 3)));
            List<String> cells = new ArrayList<>(List.of("g:" + w.key(), w.label(), number(w.statementsPerSecond(), 0),
                    number(w.meanGroup(), 1), number(w.maxGroup(), 0), number(w.singlesPercent(), 0), number(w.typicalGroup(), 0),
                    number(w.processedPerSecond(), 0), number(w.commitsPerSecond(), 0), number(cpu.cores(CpuUse.APP), 2), number(cpu.cores(CpuUse.POSTGRES), 2),
                    number(cpu.cores(CpuUse.KAFKA), 2), number(cpu.cores(CpuUse.MAVEN), 2), number(cpu.cores(CpuUse.OTHERS), 2),
                    number(perDelivery, 3)));
            CpuMeter.THREADS.forEach(group -> cells.add(number(w.cpu().thread(group), 2)));
            tsv.append(String.join("\t", cells)).append('\n');
        }
        md.append("\n| measure | posts | answered 200 | other answers | ingress (/s) | to Kafka (/s, first post → last event) "
                + "| first post → last event (s) | 200 → event p50 / p99 (ms) | lost | duplicates | broker down (s) "
                + "| broker up → last event (s) |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Through t : through) {
            md.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %d | %s | %s | %s | %s / %s | %d | %d | %s | %s |%n",
                    t.label(), t.deliveries(), t.answered(), t.otherAnswers(), number(t.ingressPerSecond(), 0),
                    number(t.throughPerSecond(), 0), number(t.seconds(), 2), ms(t.p50()), ms(t.p99()), t.lost(), t.duplicates(),
                    seconds(t.downSeconds()), seconds(t.restartToLastSeconds())));
            tsv.append(String.join("\t", "p:" + t.key(), t.label(), String.valueOf(t.deliveries()), String.valueOf(t.answered()),
                    String.valueOf(t.otherAnswers()), number(t.ingressPerSecond(), 0), number(t.throughPerSecond(), 0),
                    number(t.seconds(), 2), ms(t.p50()), ms(t.p99()), String.valueOf(t.lost()), String.valueOf(t.duplicates()),
                    seconds(t.downSeconds()), seconds(t.restartToLastSeconds()))).append('\n');
        }
        md.append(String.format(Locale.ROOT, "%nEvents read from %s during the run: %,d (%,d without a post's number)%n",
                Topics.MAILCHIMP_EVENTS, recordsRead.get(), recordsUnmatched.get()));
        tsv.append("#events ").append(recordsRead.get()).append(' ').append(recordsUnmatched.get()).append('\n');
        Files.createDirectories(OUTPUT);
        Files.writeString(OUTPUT.resolve("webhooks.md"), md.toString());
        Files.writeString(OUTPUT.resolve("webhooks.tsv"), tsv.toString());
        System.out.println();
        System.out.println(md);
    }

    private static String ms(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, value < 10 ? "%.2f" : "%.1f", value);
    }

    private static String seconds(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String number(double value, int decimals) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    // --- Helpers --------------------------------------------------------------------------------------------

    private static void requireNoErrors(String phase, Measured measured) {
        if (measured.errors() > 0) {
            throw new IllegalStateException(phase + ": " + measured.errors() + " posts failed; first: " + measured.firstError());
        }
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    private static long nanos(double seconds) {
        return (long) (seconds * 1e9);
    }

    private void sql(String statement) {
        pool.query(statement).execute().await().atMost(WAIT);
    }

    private long count(String query) {
        return pool.query(query).execute().await().atMost(WAIT).iterator().next().getLong(0);
    }
}
