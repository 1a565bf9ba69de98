package com.crm.integrations.common.outbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.Topics;
import com.crm.integrations.common.events.payload.TokenRefreshedV1;
import com.crm.integrations.common.security.TenantId;
import com.crm.integrations.testing.IntegrationInfrastructure;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The outbox's benchmark ({@code bench/events.sh}): throughput and commit → consumer latency of the
 * real in-app relay, next to two ceilings measured in the same run on the same PostgreSQL and broker.
 * Not a test: its name is outside surefire's default includes, so {@code ./mvnw verify} never runs
 * it; {@code -Dtest=OutboxBench} does. {@code bench/events.sh} runs it against a durable cluster
 * ({@code -Dintegrations.test.postgres.durable=true}) with the relay's deployment settings.
 *
 * <p>Writers call {@link Outbox#append} in {@code pool.withTransaction}, one event per transaction,
 * {@value #DEFAULT_WRITERS} at a time, over {@value #TENANTS} tenants, and note when each commit
 * completed; a plain consumer of {@link Topics#TOKEN_EVENTS} notes when each event id ({@code ce_id})
 * arrived. Both clocks are this JVM's {@link System#nanoTime()}. The record's own timestamp (set by
 * the relay's producer at send, millisecond wall clock) splits the latency into commit → send and the
 * rest.
 *
 * <p>Phases, each after the previous one's events all arrived, a {@code VACUUM} of the outbox and a
 * {@code CHECKPOINT}: warm-up (discarded); ceiling 1, durable single-row INSERTs (autocommit) over the
 * same pool with as many concurrent statements as writers; ceiling 2, a plain idempotent producer
 * ({@code acks=all}, {@code linger.ms=1}) sending records of an event's size into a topic with as many
 * partitions; two diagnostics, the outbox's transaction shape into the scratch table without and with
 * {@code pg_notify} (PostgreSQL serialises the commits of notifying transactions); the outbox at
 * saturation; the outbox at fixed offered rates (paced issuance; the achieved rate is what is
 * reported); the relay alone, draining a backlog written in one statement.
 *
 * <p>Writes {@code target/bench/events.md} (the table, also printed) and {@code target/bench/events.tsv}
 * (one line per row, for {@code bench/events.sh}). Sizes are system properties
 * ({@code bench.events.writers}, {@code .saturation}, {@code .paced-seconds}, {@code .rates},
 * {@code .warm-up}, {@code .inserts}, {@code .records}, {@code .backlog}) so a quick run can shrink them.
 */
@QuarkusTest
@WithTestResource(value = IntegrationInfrastructure.class, initArgs = @ResourceArg(name = "sandbox", value = "false"))
class OutboxBench {

    private static final int DEFAULT_WRITERS = 8;
    private static final int TENANTS = 50;
    private static final int WRITERS = Integer.getInteger("bench.events.writers", DEFAULT_WRITERS);
    /**
     * Events written before measuring. 5,000 (about 1.5 s) left the JIT unfinished: the first outbox
     * phase then ran ~20 % below the later ones; 30,000 (about 8 s) does not.
     */
    private static final int WARM_UP = Integer.getInteger("bench.events.warm-up", 30_000);
    private static final int SATURATION = Integer.getInteger("bench.events.saturation", 50_000);
    private static final int PACED_SECONDS = Integer.getInteger("bench.events.paced-seconds", 10);
    private static final int[] RATES = Arrays.stream(System.getProperty("bench.events.rates", "1000,5000").split(","))
            .mapToInt(rate -> Integer.parseInt(rate.strip())).toArray();
    private static final int INSERTS = Integer.getInteger("bench.events.inserts", 20_000);
    private static final int RECORDS = Integer.getInteger("bench.events.records", 200_000);
    private static final int BACKLOG = Integer.getInteger("bench.events.backlog", 50_000);

    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final String CEILING_TOPIC = "bench.producer-ceiling";
    private static final String SCRATCH_TABLE = "bench_insert";
    /** A notification channel nobody listens on: PostgreSQL still serialises the commits that notify. */
    private static final String SCRATCH_CHANNEL = "bench_scratch";
    private static final Path OUTPUT = Path.of("target", "bench");

    @Inject
    Pool pool;
    @Inject
    Outbox outbox;
    @Inject
    OutboxRelayService relays;
    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final List<TenantId> tenants = IntStream.range(0, TENANTS)
            .mapToObj(i -> new TenantId(String.format(Locale.ROOT, "bench-%02d", i))).toList();
    /** First arrival of each event id at the consumer. */
    private final Map<String, Arrival> arrivals = new ConcurrentHashMap<>();
    private final AtomicLong redeliveries = new AtomicLong();
    private volatile ConsumerRecord<byte[], byte[]> sample;

    /** When a writer saw its commit complete: monotonic, and wall clock (to compare with the record's timestamp). */
    record Commit(long nanos, long epochMillis) {
    }

    /** When the consumer received an event, and the record's timestamp (the relay producer's send, wall clock). */
    record Arrival(long nanos, long sentEpochMillis) {
    }

    /** One line of the table; latencies in milliseconds, {@code NaN} when not measured. */
    record Result(String key, String label, double rate, double p50, double p99, double max, double sendP50, double sendP99) {
    }

    /** Operations run {@link #concurrently}: when they started and ended, and each one's duration. */
    record Timed(long startNanos, long endNanos, long[] durations) {

        /** Rate: operations/s; latency: each operation's duration. */
        Result result(String key, String label) {
            long[] sorted = durations.clone();
            Arrays.sort(sorted);
            return new Result(key, label, sorted.length / seconds(endNanos - startNanos), millis(percentile(sorted, 0.50)),
                    millis(percentile(sorted, 0.99)), millis(sorted[sorted.length - 1]), Double.NaN, Double.NaN);
        }
    }

    /** What one outbox phase wrote. */
    record Written(long startNanos, long endNanos, Map<String, Commit> commits, long[] transactionNanos) {

        int count() {
            return commits.size();
        }

        double commitsPerSecond() {
            return count() / seconds(endNanos - startNanos);
        }
    }

    @Test
    void measuresTheOutboxNextToItsCeilings() throws Exception {
        List<String> setting = settings();
        int partitions = prepareTopics();
        sql("CREATE TABLE IF NOT EXISTS " + SCRATCH_TABLE + " (position bigserial PRIMARY KEY, id uuid NOT NULL, "
                + "tenant_id text NOT NULL, payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())");
        List<Result> results = new ArrayList<>();
        try (Reader reader = new Reader(partitions)) {
            // Warm-up: every code path until compiled, discarded.
            awaitDelivered(write(WARM_UP, 0));
            inserts(Math.max(1, WARM_UP / 2));
            transactionShape(Math.max(1, WARM_UP / 2), true);
            produce(Math.max(1, RECORDS / 20), partitions);
            settle();

            results.add(inserts(INSERTS));
            settle();
            results.add(produce(RECORDS, partitions));
            settle();
            results.add(transactionShape(INSERTS, false));
            settle();
            results.add(transactionShape(INSERTS, true));
            settle();

            Written saturated = write(SATURATION, 0);
            awaitDelivered(saturated);
            results.add(transactions("sat-commits", String.format(Locale.ROOT,
                    "outbox writers at saturation, %,d events: commits/s (latency: begin → commit done)", SATURATION), saturated));
            results.add(delivery("sat-e2e", "outbox at saturation: events/s, first commit → last arrival", saturated, true));
            settle();

            for (int rate : RATES) {
                Written paced = write(rate * PACED_SECONDS, rate);
                awaitDelivered(paced);
                results.add(delivery("rate-" + rate, String.format(Locale.ROOT,
                        "outbox at %,d events/s offered for %d s: achieved commits/s", rate, PACED_SECONDS), paced, false));
                settle();
            }

            results.add(drain(BACKLOG));
        } finally {
            sql("DROP TABLE IF EXISTS " + SCRATCH_TABLE);
        }
        report(setting, results);
    }

    // --- The outbox ------------------------------------------------------------------------------------

    /**
     * Writes {@code count} events, one per transaction, {@link #WRITERS} transactions at a time; at
     * {@code rate} per second when positive, else as fast as the writers go.
     */
    private Written write(int count, double rate) {
        Map<String, Commit> commits = new ConcurrentHashMap<>(count * 2);
        Timed timed = concurrently(count, rate, i -> {
            TenantId tenant = tenants.get(i % TENANTS);
            Object payload = payload(i);
            return pool.withTransaction(tx -> outbox.append(tx, EventType.TOKEN_REFRESHED, tenant, payload))
                    .invoke(id -> commits.put(id.toString(), new Commit(System.nanoTime(), System.currentTimeMillis())));
        });
        return new Written(timed.startNanos(), timed.endNanos(), commits, timed.durations());
    }

    /**
     * Runs {@code count} operations, {@link #WRITERS} at a time; at {@code rate} per second when
     * positive (each issued on schedule, or as soon as a writer is free when behind), else as fast as
     * they complete. Fails when any failed.
     */
    private Timed concurrently(int count, double rate, IntFunction<Uni<?>> operation) {
        long[] durations = new long[count];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Semaphore writers = new Semaphore(WRITERS);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (rate > 0) {
                pace(start + (long) (i * 1e9 / rate));
            }
            writers.acquireUninterruptibly();
            int n = i;
            long issued = System.nanoTime();
            operation.apply(i).subscribe().with(done -> {
                durations[n] = System.nanoTime() - issued;
                writers.release();
            }, failed -> {
                failure.compareAndSet(null, failed);
                writers.release();
            });
        }
        writers.acquireUninterruptibly(WRITERS);
        long end = System.nanoTime();
        if (failure.get() != null) {
            throw new IllegalStateException("An operation failed", failure.get());
        }
        return new Timed(start, end, durations);
    }

    private static Result transactions(String key, String label, Written written) {
        return new Timed(written.startNanos(), written.endNanos(), written.transactionNanos()).result(key, label);
    }

    /** Rate: events/s from first commit to last arrival (saturation) or achieved commits/s (paced); latency: commit → consumer. */
    private Result delivery(String key, String label, Written written, boolean endToEndRate) {
        int n = written.count();
        long[] latencies = new long[n];
        long[] toSend = new long[n];
        long firstCommit = Long.MAX_VALUE;
        long lastArrival = Long.MIN_VALUE;
        int i = 0;
        for (Map.Entry<String, Commit> entry : written.commits().entrySet()) {
            Commit commit = entry.getValue();
            Arrival arrival = arrivals.get(entry.getKey());
            firstCommit = Math.min(firstCommit, commit.nanos());
            lastArrival = Math.max(lastArrival, arrival.nanos());
            latencies[i] = arrival.nanos() - commit.nanos();
            toSend[i] = arrival.sentEpochMillis() - commit.epochMillis();
            i++;
        }
        Arrays.sort(latencies);
        Arrays.sort(toSend);
        double rate = endToEndRate ? n / seconds(lastArrival - firstCommit) : written.commitsPerSecond();
        return new Result(key, label, rate, millis(percentile(latencies, 0.50)), millis(percentile(latencies, 0.99)),
                millis(latencies[n - 1]), percentile(toSend, 0.50), percentile(toSend, 0.99));
    }

    /** The relay alone: a backlog written in one statement (no notification), then one wake-up. */
    private Result drain(int count) {
        JsonObject document = new JsonObject(text(payload(0)));
        List<String> ids = new ArrayList<>(count);
        pool.preparedQuery("INSERT INTO outbox (id, tenant_id, topic, type, payload) "
                + "SELECT gen_random_uuid(), 'bench-' || lpad((g % " + TENANTS + ")::text, 2, '0'), $1, $2, $3 "
                + "FROM generate_series(1, $4) g RETURNING id")
                .execute(Tuple.of(Topics.TOKEN_EVENTS, EventType.TOKEN_REFRESHED.type(), document, count))
                .await().atMost(WAIT)
                .forEach(row -> ids.add(row.getUUID("id").toString()));
        long woken = System.nanoTime();
        relays.poll();
        awaitUntil(() -> ids.stream().allMatch(arrivals::containsKey), "the backlog to arrive");
        long lastArrival = ids.stream().mapToLong(id -> arrivals.get(id).nanos()).max().orElseThrow();
        return new Result("drain", String.format(Locale.ROOT,
                "relay alone, draining a backlog of %,d rows: events/s, wake-up → last arrival", count),
                count / seconds(lastArrival - woken), Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    private void awaitDelivered(Written written) {
        awaitUntil(() -> written.commits().keySet().stream().allMatch(arrivals::containsKey), "every event to arrive");
    }

    /** Between phases: nothing pending, the outbox vacuumed, a checkpoint, a second of quiet. */
    private void settle() {
        awaitUntil(() -> count("SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 0, "the outbox to drain");
        sql("VACUUM ANALYZE outbox");
        sql("CHECKPOINT");
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
    }

    // --- Ceiling 1: durable single-row INSERTs ----------------------------------------------------------

    private Result inserts(int count) {
        String insert = "INSERT INTO " + SCRATCH_TABLE + " (id, tenant_id, payload) VALUES ($1, $2, $3)";
        JsonObject document = new JsonObject(text(payload(0)));
        Timed timed = concurrently(count, 0, i -> pool.preparedQuery(insert)
                .execute(Tuple.of(UUID.randomUUID(), tenants.get(i % TENANTS).value(), document)));
        return timed.result("pg-insert", String.format(Locale.ROOT,
                "ceiling: durable single-row INSERTs, autocommit, %d at a time, same pool (latency: statement)", WRITERS));
    }

    /**
     * Diagnostic: the outbox's transaction shape (BEGIN, INSERT, optionally {@code pg_notify}, COMMIT)
     * into the scratch table, so the cost of the transaction and of the notification show apart.
     */
    private Result transactionShape(int count, boolean notify) {
        String insert = "INSERT INTO " + SCRATCH_TABLE + " (id, tenant_id, payload) VALUES ($1, $2, $3)";
        JsonObject document = new JsonObject(text(payload(0)));
        Timed timed = concurrently(count, 0, i -> pool.withTransaction(tx -> {
            String tenant = tenants.get(i % TENANTS).value();
            Uni<RowSet<Row>> inserted = tx.preparedQuery(insert).execute(Tuple.of(UUID.randomUUID(), tenant, document));
            return notify ? inserted.chain(() -> tx.preparedQuery("SELECT pg_notify($1, $2)")
                    .execute(Tuple.of(SCRATCH_CHANNEL, tenant))) : inserted;
        }));
        return notify
                ? timed.result("tx-notify", String.format(Locale.ROOT, "diagnostic: BEGIN; INSERT; pg_notify; COMMIT "
                        + "(the outbox's shape, scratch table), %d at a time: commits/s (latency: transaction)", WRITERS))
                : timed.result("tx-plain", String.format(Locale.ROOT, "diagnostic: BEGIN; INSERT; COMMIT "
                        + "(without pg_notify), %d at a time: commits/s (latency: transaction)", WRITERS));
    }

    // --- Ceiling 2: a plain producer ------------------------------------------------------------------

    /** Records exactly like a published event (key, value and headers of one), each with a fresh ce_id. */
    private Result produce(int count, int partitions) {
        ConsumerRecord<byte[], byte[]> event = sample;
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        byte[][] keys = tenants.stream().map(t -> t.value().getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        Header[] headers = event.headers().toArray();
        int size = recordSize(event);
        CountDownLatch acknowledged = new CountDownLatch(count);
        AtomicLong lastAck = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long start;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            producer.partitionsFor(CEILING_TOPIC);
            start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                Header[] own = new Header[headers.length];
                for (int h = 0; h < headers.length; h++) {
                    own[h] = "ce_id".equals(headers[h].key())
                            ? new RecordHeader("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8))
                            : headers[h];
                }
                producer.send(new ProducerRecord<>(CEILING_TOPIC, null, keys[i % TENANTS], event.value(), new RecordHeaders(own)),
                        (metadata, exception) -> {
                            if (exception != null) {
                                failure.compareAndSet(null, exception);
                            }
                            lastAck.accumulateAndGet(System.nanoTime(), Math::max);
                            acknowledged.countDown();
                        });
            }
            if (!acknowledged.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("The producer did not get every acknowledgement in " + WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (failure.get() != null) {
            throw new IllegalStateException("A record was refused", failure.get());
        }
        return new Result("producer", String.format(Locale.ROOT,
                "ceiling: plain producer (acks=all, idempotent, linger.ms=1), %,d records of %d B, %d partition(s)",
                count, size, partitions), count / seconds(lastAck.get() - start),
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    private static int recordSize(ConsumerRecord<byte[], byte[]> record) {
        int size = record.serializedKeySize() + record.serializedValueSize();
        for (Header header : record.headers()) {
            size += header.key().length() + header.value().length;
        }
        return size;
    }

    // --- Kafka ------------------------------------------------------------------------------------------

    /** Creates the events topic (broker defaults, as auto-creation would) and the ceiling's with as many partitions. */
    private int prepareTopics() throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            create(admin, new NewTopic(Topics.TOKEN_EVENTS, Optional.empty(), Optional.empty()));
            int partitions = admin.describeTopics(List.of(Topics.TOKEN_EVENTS)).allTopicNames().get()
                    .get(Topics.TOKEN_EVENTS).partitions().size();
            create(admin, new NewTopic(CEILING_TOPIC, Optional.of(partitions), Optional.empty()));
            return partitions;
        }
    }

    private static void create(Admin admin, NewTopic topic) throws InterruptedException, ExecutionException {
        try {
            admin.createTopics(List.of(topic)).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /** A plain consumer of the events topic, from its end, noting each event id's first arrival. */
    private final class Reader implements AutoCloseable {

        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Thread thread;
        private volatile boolean running = true;

        Reader(int partitions) {
            Properties config = new Properties();
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            consumer = new KafkaConsumer<>(config);
            List<TopicPartition> assigned = IntStream.range(0, partitions)
                    .mapToObj(p -> new TopicPartition(Topics.TOKEN_EVENTS, p)).toList();
            consumer.assign(assigned);
            consumer.seekToEnd(assigned);
            assigned.forEach(consumer::position);
            thread = new Thread(this::run, "bench-consumer");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                long now = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    Header id = record.headers().lastHeader("ce_id");
                    if (id == null) {
                        continue;
                    }
                    if (arrivals.putIfAbsent(new String(id.value(), StandardCharsets.UTF_8),
                            new Arrival(now, record.timestamp())) != null) {
                        redeliveries.incrementAndGet();
                    }
                    if (sample == null) {
                        sample = record;
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

    // --- Output -----------------------------------------------------------------------------------------

    private List<String> settings() {
        Function<String, String> config = name -> ConfigProvider.getConfig().getOptionalValue(name, String.class).orElse("?");
        Function<String, String> show = name -> pool.query("SHOW " + name).execute().await().atMost(WAIT)
                .iterator().next().getString(0);
        return List.of(
                String.format(Locale.ROOT, "PostgreSQL %s: fsync=%s, synchronous_commit=%s, full_page_writes=%s, wal_segment_size=%s",
                        show.apply("server_version"), show.apply("fsync"), show.apply("synchronous_commit"),
                        show.apply("full_page_writes"), show.apply("wal_segment_size")),
                String.format(Locale.ROOT, "Relay: batch-size=%s, tenants-per-round=%s, poll-interval=%s; producer linger.ms=%s, "
                        + "acks=%s; pool max-size=%s", config.apply("integrations.outbox.relay.batch-size"),
                        config.apply("integrations.outbox.relay.tenants-per-round"),
                        config.apply("integrations.outbox.relay.poll-interval"),
                        config.apply("mp.messaging.outgoing.integrations-outbox.linger.ms"),
                        config.apply("mp.messaging.outgoing.integrations-outbox.acks"),
                        config.apply("quarkus.datasource.reactive.max-size")),
                String.format(Locale.ROOT, "%d writers (one event per transaction), %d tenants, %d cores, test JVM -Xmx%d m",
                        WRITERS, TENANTS, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20));
    }

    private void report(List<String> settings, List<Result> results) throws IOException {
        StringBuilder table = new StringBuilder();
        table.append("Outbox benchmark, ").append(LocalDate.now()).append('\n');
        settings.forEach(line -> table.append("- ").append(line).append('\n'));
        table.append('\n')
                .append("| measure | rate (/s) | p50 (ms) | p99 (ms) | max (ms) | commit → relay's send p50 / p99 (ms) |\n")
                .append("|---|---|---|---|---|---|\n");
        StringBuilder tsv = new StringBuilder();
        settings.forEach(line -> tsv.append("# ").append(line).append('\n'));
        for (Result r : results) {
            table.append(String.format(Locale.ROOT, "| %s | %,.0f | %s | %s | %s | %s |%n", r.label(), r.rate(),
                    ms(r.p50()), ms(r.p99()), ms(r.max()),
                    Double.isNaN(r.sendP50()) ? "–" : String.format(Locale.ROOT, "%.0f / %.0f", r.sendP50(), r.sendP99())));
            tsv.append(String.join("\t", r.key(), r.label(), String.format(Locale.ROOT, "%.0f", r.rate()),
                    tsvValue(r.p50()), tsvValue(r.p99()), tsvValue(r.max()), tsvValue(r.sendP50()), tsvValue(r.sendP99())))
                    .append('\n');
        }
        table.append('\n').append("Redelivered events seen by the consumer: ").append(redeliveries.get()).append('\n');
        tsv.append("#redelivered ").append(redeliveries.get()).append('\n');
        Files.createDirectories(OUTPUT);
        Files.writeString(OUTPUT.resolve("events.md"), table.toString());
        Files.writeString(OUTPUT.resolve("events.tsv"), tsv.toString());
        System.out.println();
        System.out.println(table);
    }

    private static String ms(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String tsvValue(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.1f", value);
    }

    // --- Helpers ----------------------------------------------------------------------------------------

    private TokenRefreshedV1 payload(int i) {
        Instant now = Instant.now();
        return new TokenRefreshedV1(UUID.randomUUID().toString(), i % 2 == 0 ? "google" : "microsoft",
                "user-" + (i % 1000), now.plusSeconds(3600), now);
    }

    private String text(Object payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pace(long dueNanos) {
        long wait;
        while ((wait = dueNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    private static long percentile(long[] sorted, double p) {
        return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static void awaitUntil(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Gave up waiting " + WAIT + " for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private void sql(String statement) {
        pool.query(statement).execute().await().atMost(WAIT);
    }

    private long count(String query) {
        Row row = pool.query(query).execute().await().atMost(WAIT).iterator().next();
        return row.getLong(0);
    }
}
