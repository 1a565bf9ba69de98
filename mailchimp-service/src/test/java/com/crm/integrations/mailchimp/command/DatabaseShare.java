package com.crm.integrations.mailchimp.command;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.crm.integrations.mailchimp.repository.CommandRows;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Where the benchmark's commands spend PostgreSQL's time, without {@code pg_stat_statements} (the test cluster has
 * none): statements named by what they do in mailchimp-service's command path ({@link #kind}), then either
 * <ul>
 * <li>sampled from {@code pg_stat_activity} every {@value Sampler#EVERY_MS} ms while a measured phase runs
 * ({@link Sampler}): how many backends, on average, run each kind, wait for a lock or the WAL flush of a commit, or sit
 * idle in a transaction after it (the service's turn); cheap enough to run beside the measurement; or</li>
 * <li>the worker's claim timed against the backlog it reads ({@link ClaimProbe});</li>
 * <li>counted exactly in a diagnostic round with every statement logged ({@link StatementLog}): executions and
 * PostgreSQL's own time per kind. Logging costs time, so that round's own duration is not a result.</li>
 * </ul>
 */
final class DatabaseShare {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private DatabaseShare() {
    }

    /** A short name for what a statement does in the command path; "other: …" for the rest (token-service, the relay's reads). */
    static String kind(String statement) {
        String s = statement.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").trim();
        if (s.equals("begin") || s.startsWith("commit") || s.startsWith("rollback")) {
            return s.startsWith("begin") ? "BEGIN" : s.startsWith("commit") ? "COMMIT" : "ROLLBACK";
        }
        if (s.startsWith("insert into processed_event")) {
            return "consumer: remember the record (processed_event)";
        }
        if (s.startsWith("insert into mailchimp_command ")) {
            return "consumer: store the command";
        }
        if (s.contains("from tenant_settings")) {
            return "tenant settings read";
        }
        if (s.startsWith("update mailchimp_command set state = 'running'")) {
            return "worker: claim due commands";
        }
        if (s.contains("from mailchimp_command where id = $1 and lease_owner = $2")) {
            return s.endsWith("for update") ? "settle: hold the command (FOR UPDATE)" : "worker: read the leased command";
        }
        if (s.startsWith("update mailchimp_command set state = 'pending'")) {
            return "settle: retry later";
        }
        if (s.startsWith("update mailchimp_command set state = $2")) {
            return "settle: finish the command";
        }
        if (s.startsWith("update mailchimp_command set lease_until")) {
            return "chunk: renew the lease";
        }
        if (s.startsWith("update mailchimp_command set progress")) {
            return "command progress";
        }
        if (s.contains("from audience_link") && s.endsWith("for update skip locked")) {
            return "projection: lock the audience (SKIP LOCKED)";
        }
        if (s.startsWith("update audience_link")) {
            return "projection: audience touched";
        }
        if (s.contains("from audience_link")) {
            return "audience link read";
        }
        if (s.startsWith("insert into call_slot")) {
            return s.contains("c.slot = s") ? "slot: take one" : "slot: take all";
        }
        if (s.startsWith("update call_slot")) {
            return "slot: hand over";
        }
        if (s.startsWith("delete from call_slot")) {
            return "slot: give back";
        }
        if (s.contains("from audience_member")) {
            return "projection: read members";
        }
        if (s.startsWith("insert into audience_member")) {
            return "projection: upsert members";
        }
        if (s.startsWith("insert into mailchimp_command_chunk")) {
            return "chunk: store its outcome";
        }
        if (s.contains("from mailchimp_command_chunk")) {
            return "chunks read";
        }
        if (s.startsWith("insert into outbox")) {
            return "outbox: append";
        }
        if (s.contains("pg_notify")) {
            return "outbox: notify";
        }
        if (s.contains("outbox")) {
            return "relay: read and mark the outbox";
        }
        if (s.contains("from mailchimp_command")) {
            return "command read";
        }
        return "other: " + (s.length() > 40 ? s.substring(0, 40) : s);
    }

    /** Samples {@code pg_stat_activity} on its own thread until closed: mean backends per state and kind. */
    static final class Sampler implements AutoCloseable {

        static final int EVERY_MS = 50;
        private static final String ACTIVITY = "SELECT state, coalesce(wait_event_type, ''), coalesce(wait_event, ''), query"
                + " FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                + " AND backend_type = 'client backend' AND state IS NOT NULL AND state NOT IN ('idle', 'disabled')";

        private final Pool pool;
        private final Map<String, Integer> seen = new TreeMap<>();
        private final Thread thread;
        private volatile boolean running = true;
        private int samples;

        private Sampler(Pool pool) {
            this.pool = pool;
            thread = every("bench-activity", EVERY_MS, this::sample, () -> running);
        }

        static Sampler start(Pool pool) {
            return new Sampler(pool);
        }

        private void sample() {
            for (Row row : pool.query(ACTIVITY).execute().await().atMost(WAIT)) {
                String category = category(row.getString(0), row.getString(1), row.getString(2), row.getString(3));
                synchronized (seen) {
                    seen.merge(category, 1, Integer::sum);
                }
            }
            synchronized (seen) {
                samples++;
            }
        }

        private static String category(String state, String waitType, String waitEvent, String query) {
            String kind = kind(query);
            if (!"active".equals(state)) {
                return "idle in transaction after " + kind;
            }
            if ("Lock".equals(waitType)) {
                return "waits for a lock (" + waitEvent + "): " + kind;
            }
            if (waitEvent.startsWith("WAL") || "SyncRep".equals(waitEvent)) {
                return "waits for the WAL (" + waitEvent + "): " + kind;
            }
            return "runs: " + kind;
        }

        /** Stops sampling; the mean number of backends per category over the samples taken. */
        Map<String, Double> stop() throws InterruptedException {
            running = false;
            thread.join(TimeUnit.SECONDS.toMillis(10));
            Map<String, Double> means = new LinkedHashMap<>();
            synchronized (seen) {
                seen.entrySet().stream().sorted((a, b) -> Integer.compare(b.getValue(), a.getValue()))
                        .forEach(entry -> means.put(entry.getKey(), entry.getValue() / (double) Math.max(1, samples)));
            }
            return means;
        }

        @Override
        public void close() throws InterruptedException {
            if (running) {
                stop();
            }
        }
    }

    /**
     * The worker's claim timed against the backlog it reads: every {@value #EVERY_MS} ms, the number of pending commands
     * and {@code CommandRows}' own {@code CLAIM} statement (read from the class, so that the probe follows it) under
     * {@code EXPLAIN ANALYZE} with the worker's parameters and a limit of 1, in a transaction rolled back: the command it
     * takes is the worker's again at once (the worker's own claim skips it meanwhile: {@code SKIP LOCKED}).
     */
    static final class ClaimProbe implements AutoCloseable {

        static final int EVERY_MS = 10_000;
        private static final String CLAIM = claimStatement();

        /**
         * One probe: commands pending; the claim in PostgreSQL's own milliseconds, the buffers it touched, and whether its
         * plan sorts the due commands (reads every one of them before it takes the oldest).
         */
        record Probe(long pending, double millis, long buffers, boolean sorts) {
        }

        private final Pool pool;
        private final List<Probe> probes = new CopyOnWriteArrayList<>();
        private final Thread thread;
        private volatile boolean running = true;

        private ClaimProbe(Pool pool) {
            this.pool = pool;
            thread = every("bench-claim-probe", EVERY_MS, this::probe, () -> running);
        }

        static ClaimProbe start(Pool pool) {
            return new ClaimProbe(pool);
        }

        private void probe() {
            long pending = pool.query("SELECT count(*) FROM mailchimp_command WHERE state = 'pending'").execute().await().atMost(WAIT)
                    .iterator().next().getLong(0);
            SqlConnection connection = pool.getConnection().await().atMost(WAIT);
            try {
                Transaction tx = connection.begin().await().atMost(WAIT);
                try {
                    String plan = String.valueOf(connection.preparedQuery("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + CLAIM)
                            .execute(Tuple.of("bench-claim-probe", 300_000L, 1, OffsetDateTime.now())).await().atMost(WAIT)
                            .iterator().next().getValue(0));
                    JsonObject explained = new JsonArray(plan).getJsonObject(0);
                    probes.add(new Probe(pending, explained.getDouble("Execution Time"),
                            explained.getJsonObject("Plan").getLong("Shared Hit Blocks", 0L)
                                    + explained.getJsonObject("Plan").getLong("Shared Read Blocks", 0L),
                            plan.replace(" ", "").contains("\"NodeType\":\"Sort\"")));
                } finally {
                    tx.rollback().await().atMost(WAIT);
                }
            } finally {
                connection.close().await().atMost(WAIT);
            }
        }

        private static String claimStatement() {
            try {
                Field claim = CommandRows.class.getDeclaredField("CLAIM");
                claim.setAccessible(true);
                return (String) claim.get(null);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("CommandRows holds no CLAIM statement", e);
            }
        }

        /** Stops probing; the probes taken, in order. */
        List<Probe> stop() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(10));
            return List.copyOf(probes);
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }

    /** A daemon thread running {@code task} every {@code millis} while {@code running}; a failed round is skipped. */
    private static Thread every(String name, int millis, Runnable task, BooleanSupplier running) {
        Thread thread = new Thread(() -> {
            while (running.getAsBoolean()) {
                long next = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
                try {
                    task.run();
                } catch (RuntimeException gone) {
                    // a round lost: what is reported is over those taken
                }
                LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /**
     * Every statement logged with its duration ({@code log_min_duration_statement = 0}, parameters left out) from
     * {@link #on} to {@link #off}; {@link #off} sums the log's entries by kind: executions (an extended-protocol
     * statement's parse and bind lines add their time, not an execution) and server milliseconds.
     */
    static final class StatementLog {

        private static final Pattern ENTRY = Pattern.compile(
                "^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\S+ \\[\\d+\\] LOG:  duration: ([\\d.]+) ms  (parse|bind|execute|statement)[^:]*: (.*)$",
                Pattern.DOTALL);
        private static final Pattern START = Pattern.compile("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*");
        private static final String[] SETTINGS = { "log_min_duration_statement = 0", "log_parameter_max_length = 0",
            "log_line_prefix = '%m [%p] '" };

        private final Pool pool;
        private final Path log;
        private final long offset;

        private StatementLog(Pool pool, Path log, long offset) {
            this.pool = pool;
            this.log = log;
            this.offset = offset;
        }

        /** Logs every statement from now on; {@code postgresDir}: the test cluster's directory (its {@code postgres.log}). */
        static StatementLog on(Pool pool, String postgresDir) throws IOException {
            for (String setting : SETTINGS) {
                pool.query("ALTER SYSTEM SET " + setting).execute().await().atMost(WAIT);
            }
            pool.query("SELECT pg_reload_conf()").execute().await().atMost(WAIT);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500)); // every backend reads the new settings
            Path log = Path.of(postgresDir, "postgres.log");
            return new StatementLog(pool, log, Files.size(log));
        }

        /** Stops logging; executions and server ms per kind, most time first. */
        Map<String, double[]> off() throws IOException {
            for (String setting : SETTINGS) {
                pool.query("ALTER SYSTEM RESET " + setting.substring(0, setting.indexOf(' '))).execute().await().atMost(WAIT);
            }
            pool.query("SELECT pg_reload_conf()").execute().await().atMost(WAIT);
            Map<String, double[]> kinds = new TreeMap<>();
            StringBuilder entry = new StringBuilder();
            for (String line : linesSinceOn()) {
                if (START.matcher(line).matches()) {
                    add(entry, kinds);
                    entry.setLength(0);
                }
                entry.append(line).append('\n');
            }
            add(entry, kinds);
            Map<String, double[]> sorted = new LinkedHashMap<>();
            kinds.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue()[1], a.getValue()[1]))
                    .forEach(kind -> sorted.put(kind.getKey(), kind.getValue()));
            return sorted;
        }

        private static void add(CharSequence entry, Map<String, double[]> kinds) {
            Matcher matcher = ENTRY.matcher(entry);
            if (!matcher.matches()) {
                return;
            }
            String kind = kind(matcher.group(3));
            if (kind.contains("alter system") || kind.contains("pg_reload_conf") || kind.contains("pg_stat_activity")) {
                return;
            }
            double[] sums = kinds.computeIfAbsent(kind, ignored -> new double[2]);
            String phase = matcher.group(2);
            sums[0] += phase.equals("parse") || phase.equals("bind") ? 0 : 1;
            sums[1] += Double.parseDouble(matcher.group(1));
        }

        private String[] linesSinceOn() throws IOException {
            try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
                file.seek(offset);
                byte[] bytes = new byte[(int) (file.length() - offset)];
                file.readFully(bytes);
                return new String(bytes, StandardCharsets.UTF_8).split("\n");
            }
        }
    }
}
