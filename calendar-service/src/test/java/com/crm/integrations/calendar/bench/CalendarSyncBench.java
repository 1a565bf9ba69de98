package com.crm.integrations.calendar.bench;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

import jakarta.inject.Inject;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.crm.integrations.calendar.CalendarInfrastructure;
import com.crm.integrations.calendar.service.SyncWorker;
import com.crm.integrations.calendar.sync.CalendarStandIn;
import com.crm.integrations.calendar.sync.LinksApi;
import com.crm.integrations.testing.bench.CpuUse;
import com.crm.integrations.testing.contract.SandboxControl;
import com.crm.integrations.testing.contract.SandboxTokens;
import com.crm.integrations.testing.contract.TestUser;
import com.crm.integrations.testing.services.TokenServiceConnections;
import com.crm.integrations.testing.services.TokenServiceConnections.Connection;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The calendar sync's benchmark ({@code bench/calendar-sync.sh}): with the sandbox's calendar stand-ins
 * answering every API call in {@value #DEFAULT_LATENCY_MS} ms (a latency rule on their API paths only, not on
 * the token endpoints nor the control API), per provider (Google, Graph) and round, a fresh account holding
 * {@value #DEFAULT_EVENTS} seeded events is connected through the real token-service, and calendar-service's
 * new link runs its first sync on its own (a full listing); then {@value #DEFAULT_CHANGES} of the events are
 * edited at the stand-in and a sync is requested ({@code POST /calendar/links/{id}/syncs}: an incremental
 * listing). Each run is timed from its {@code started_at} (the app's clock: for the first run, when the worker
 * began it; for a requested one, the request) until the test saw it {@code succeeded} in {@code sync_run}
 * (polled every {@value RunWatch#POLL_MS} ms, so the last page's transaction is counted, which
 * {@code finished_at}, stamped when that transaction begins, leaves out). Next to each: the HTTP calls the
 * stand-in received for the account during the run (its request log) and the lower bound, calls × latency ÷
 * the concurrency a listing allows, which is 1: each page names the next, so its pages are fetched one after
 * the other. A ceiling measured in the same round: the same full listing fetched straight from the stand-in
 * by a plain JDK HTTP client, page after page, no database. Not a test: its name is outside surefire's
 * default includes; {@code -Dtest=CalendarSyncBench} runs it. It names {@link CalendarInfrastructure} like
 * every calendar test, so it runs on their infrastructure and configuration (page sizes from
 * {@code integrations.calendar.*.page-size}, which the script passes as system properties).
 *
 * <p>Where a run's time goes, from the same poll and the stand-in's log (arrival times, stamped before the
 * latency rule holds a request back): the worker's claim (the link's lease seen taken) to the first call;
 * the first page fetched alone (the next call's arrival minus the first's: the HTTP wait with the mailbox
 * slot's two statements); then, page k applied while page k + 1 is fetched, each iteration (call to call)
 * and each page's transaction (its commit seen minus the next call's arrival, which starts with it); and
 * the last page's answer, transaction and the run's end. After the measured rounds, one more round per
 * provider with PostgreSQL logging every statement ({@link StatementLog}) gives the database's own time by
 * kind of statement; the CPU of each process comes from {@code /proc} ({@link CpuUse}). A warm-up round
 * per provider precedes the measured ones. A run that does not end within
 * {@code bench.calendar.run-limit-seconds} (120) fails the benchmark after printing the stand-in's requests
 * and the JVM's threads. {@link #largestPageApplied} is a separate diagnostic (the largest page a first
 * sync applies at the test JVM's stack size).
 *
 * <p>Writes {@code target/bench/calendar-sync.md} (also printed) and {@code target/bench/calendar-sync.tsv}
 * (for the script), and the statement-log rounds' statements to {@code target/bench/statements-*.log}. Sizes
 * are system properties ({@code bench.calendar.events}, {@code .changes}, {@code .latency-ms},
 * {@code .rounds}, {@code .warm-up-rounds}, {@code .providers}, {@code .statement-log});
 * {@code -Dbench.calendar.jfr=<file>} records the measured rounds.
 */
@QuarkusTest
@WithTestResource(CalendarInfrastructure.class)
class CalendarSyncBench {

    /** The CPU group of the child token-service JVM. */
    private static final String TOKEN_SERVICE_JVM = "token-service";

    private static final int DEFAULT_EVENTS = 1_000;
    private static final int DEFAULT_CHANGES = 100;
    private static final int DEFAULT_LATENCY_MS = 100;
    private static final int EVENTS = Integer.getInteger("bench.calendar.events", DEFAULT_EVENTS);
    private static final int CHANGES = Integer.getInteger("bench.calendar.changes", DEFAULT_CHANGES);
    private static final int LATENCY_MS = Integer.getInteger("bench.calendar.latency-ms", DEFAULT_LATENCY_MS);
    private static final int ROUNDS = Integer.getInteger("bench.calendar.rounds", 5);
    private static final int WARM_UP_ROUNDS = Integer.getInteger("bench.calendar.warm-up-rounds", 1);
    private static final List<String> PROVIDERS = List.of(System.getProperty("bench.calendar.providers", "google,microsoft").split(","));
    /** Calls of one listing in flight at once: each page names the next, so they go one after the other. */
    private static final int LISTING_CONCURRENCY = 1;
    private static final double GOAL_SECONDS = 3.0;
    private static final double GOAL_RATIO = 1.3;
    private static final int SPACING_MINUTES = 30;
    private static final int DURATION_MINUTES = 25;
    /** One more round per provider with PostgreSQL logging every statement, for where the database time goes. */
    private static final boolean STATEMENT_LOG = Boolean.parseBoolean(System.getProperty("bench.calendar.statement-log", "true"));
    /** The test JVM's -Xss when given (JAVA_TOOL_OPTIONS, as the script passes it), else empty. */
    private static final String STACK = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(flag -> flag.startsWith("-Xss")).reduce((first, last) -> last).orElse("");

    private static final Duration RUN_LIMIT = Duration.ofSeconds(Long.getLong("bench.calendar.run-limit-seconds", 120));
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path OUTPUT = Path.of("target", "bench");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Inject
    Pool pool;
    @Inject
    SyncWorker worker;

    private CpuUse cpu;
    private final Map<String, String[]> statementRounds = new LinkedHashMap<>();
    private static Recording recording;

    /** A run as measured: epoch ms from the app's {@code started_at}, the claim seen and {@code succeeded} seen. */
    record Measured(long startedAt, long claimSeen, long doneSeen, long finishedAt, int pages, int created, int updated, int deleted,
            long[] calls, int listingCalls, long[] commits, CpuUse.Used cpu, double load) {

        double seconds() {
            return (doneSeen - startedAt) / 1000.0;
        }

        double fromClaim() {
            return (doneSeen - claimSeen) / 1000.0;
        }

        double lowerBound() {
            return calls.length * LATENCY_MS / 1000.0 / LISTING_CONCURRENCY;
        }

        /** The run's time line, in ms: claim → first call, page by page, last call → succeeded. */
        String breakdown() {
            StringBuilder line = new StringBuilder();
            if (calls.length == 0) {
                return "no call";
            }
            line.append(String.format(Locale.ROOT, "started → claim seen %d ms, claim → 1st call %d ms", claimSeen - startedAt,
                    calls[0] - claimSeen));
            if (calls.length > 1) {
                line.append(String.format(Locale.ROOT, "; 1st page fetched alone (2nd call − 1st) %d ms", calls[1] - calls[0]));
            }
            if (calls.length > 2) {
                // Iteration k: page k applied while page k + 1 is fetched; from the call for k + 1 to the call for k + 2.
                double[] iterations = new double[calls.length - 2];
                double[] transactions = new double[calls.length - 2];
                int overlapped = 0;
                for (int k = 1; k <= calls.length - 2; k++) {
                    iterations[k - 1] = calls[k + 1] - calls[k];
                    transactions[k - 1] = commits.length >= k && commits[k - 1] > 0 ? commits[k - 1] - calls[k] : Double.NaN;
                    // Hidden: the page's transaction took less than the call it overlaps takes at the least (the latency)
                    overlapped += transactions[k - 1] < LATENCY_MS ? 1 : 0;
                }
                line.append(String.format(Locale.ROOT, "; pages 1-%d applied while the next is fetched: call to call p50 %.0f ms "
                        + "(min %.0f, max %.0f, sum %.2f s), page transaction (commit seen − next call) p50 %.0f ms (max %.0f); "
                        + "%d of %d transactions shorter than the %d ms call they overlap", calls.length - 2, percentile(iterations, 50),
                        min(iterations), max(iterations), Arrays.stream(iterations).sum() / 1000, percentile(transactions, 50),
                        max(transactions), overlapped, transactions.length, LATENCY_MS));
            }
            long lastCommit = commits.length >= calls.length - 1 && calls.length >= 2 && commits[calls.length - 2] > 0
                    ? commits[calls.length - 2] : -1;
            line.append(String.format(Locale.ROOT, "; last call → succeeded seen %d ms (%d of it the latency)%s", doneSeen - calls[calls.length - 1],
                    LATENCY_MS, lastCommit > 0 ? String.format(Locale.ROOT, ", the page before committed %d ms after the last call",
                            lastCommit - calls[calls.length - 1]) : ""));
            line.append(String.format(Locale.ROOT, "; finished_at → succeeded seen %d ms", doneSeen - finishedAt));
            line.append(String.format(Locale.ROOT, "; %d pages, %d created, %d updated, %d deleted", pages, created, updated, deleted));
            if (listingCalls != calls.length) {
                line.append(String.format(Locale.ROOT, "; %d of the %d calls were listing pages", listingCalls, calls.length));
            }
            return line.toString();
        }
    }

    /** The same full listing fetched straight from the stand-in: its time and each call's. */
    record Ceiling(double seconds, int calls, int items, double[] callMillis) {
    }

    /** One round of one provider. */
    record Round(Measured full, Measured incremental, Ceiling ceiling) {
    }

    /** One row of the table: a value per round. */
    record TableRow(String key, String provider, String label, int pageSize, double[] seconds, int[] calls, double[] lowerBounds, String goal,
            String notes) {
    }

    @Test
    void fullAndIncrementalSyncs() throws IOException, ParseException {
        cpu = new CpuUse(ConfigProvider.getConfig().getValue("integrations.test.postgres.dir", String.class), TOKEN_SERVICE_JVM);
        List<String> settings = settings();
        Map<String, List<Round>> rounds = new LinkedHashMap<>();
        for (String provider : PROVIDERS) {
            String rule = latencyRule(provider);
            try {
                for (int i = 1; i <= WARM_UP_ROUNDS; i++) {
                    Round warm = round(provider);
                    System.out.printf(Locale.ROOT, "warm-up %s %d: full %.2f s (%d calls), incremental %.2f s (%d calls)%n", provider, i,
                            warm.full().seconds(), warm.full().calls().length, warm.incremental().seconds(),
                            warm.incremental().calls().length);
                }
                if (recording == null) {
                    recording = startRecording();
                }
                List<Round> measured = new ArrayList<>();
                for (int i = 1; i <= ROUNDS; i++) {
                    Round round = round(provider);
                    measured.add(round);
                    System.out.printf(Locale.ROOT, "%s %d: full %.2f s (%d calls), incremental %.2f s (%.2f s from the claim; %d calls),"
                            + " ceiling %.2f s; load %.1f%n  full: %s%n  incremental: %s%n", provider, i, round.full().seconds(),
                            round.full().calls().length, round.incremental().seconds(), round.incremental().fromClaim(),
                            round.incremental().calls().length, round.ceiling().seconds(), round.full().load(), round.full().breakdown(),
                            round.incremental().breakdown());
                }
                rounds.put(provider, measured);
                if (STATEMENT_LOG) {
                    statementRounds.put(provider, statementRound(provider));
                }
            } finally {
                SandboxControl.removeRule(rule);
            }
        }
        stopRecording(recording);
        report(settings, rows(rounds));
    }

    /**
     * Diagnostic, only with {@code -Dbench.calendar.probe-sizes=50,100,…} (and a page size at least the largest):
     * per provider, fresh accounts holding that many events each, so that the first page of each new link's full
     * listing carries them all; each first run is given {@code bench.calendar.probe-limit-seconds} (15) to
     * succeed. A page whose changes are applied in one chain of {@code Uni}s deeper than the event loop's stack
     * allows never ends (the {@code StackOverflowError} is lost, the run stays {@code running}), so the probe
     * stops at the first size that does not end: no larger one would.
     */
    @Test
    void largestPageApplied() throws IOException {
        String sizes = System.getProperty("bench.calendar.probe-sizes");
        assumeTrue(sizes != null, "only with -Dbench.calendar.probe-sizes");
        Duration limit = Duration.ofSeconds(Long.getLong("bench.calendar.probe-limit-seconds", 15));
        StringBuilder table = new StringBuilder("| provider | page size | events on the page | first run | seconds |\n|---|---|---|---|---|\n");
        for (String provider : PROVIDERS) {
            for (String size : sizes.split(",")) {
                int events = Integer.parseInt(size.trim());
                TestUser user = TestUser.fresh();
                CalendarStandIn standIn = new CalendarStandIn(provider, "probe-" + provider + "-" + UUID.randomUUID().toString().substring(0, 8)
                        + "@example.com");
                standIn.seed(events, LocalDate.now(ZoneOffset.UTC).plusDays(1) + "T00:00:00Z", SPACING_MINUTES, DURATION_MINUTES);
                Connection connection = TokenServiceConnections.connect(user, provider, standIn.account());
                String outcome;
                double seconds = Double.NaN;
                try (RunWatch watch = RunWatch.of(pool, connection.id())) {
                    RunWatch.Seen claimed = watch.await(RunWatch.Seen::leased, RUN_LIMIT);
                    try {
                        RunWatch.Seen done = watch.await(seen -> seen.runId() != null && !"running".equals(seen.state()), limit);
                        outcome = done.state();
                        seconds = (done.at() - claimed.at()) / 1000.0;
                    } catch (IllegalStateException late) {
                        outcome = "still running after " + limit.toSeconds() + " s, " + requests(standIn, 0).size() + " call(s) answered; "
                                + stuck(watch.await(seen -> seen.runId() != null, WAIT).linkId());
                    }
                }
                String line = String.format(Locale.ROOT, "| %s | %d | %,d | %s | %.2f |", provider, pageSize(provider), events, outcome, seconds);
                System.out.println(line);
                table.append(line).append('\n');
                if (!outcome.equals("succeeded")) {
                    break;
                }
            }
        }
        Files.createDirectories(OUTPUT);
        Files.writeString(OUTPUT.resolve("calendar-sync-probe.md"), table.toString());
        System.out.println();
        System.out.println(table);
    }

    /** What a run that never ends holds: open transactions, the link's row lock, the worker's slots. */
    private String stuck(UUID linkId) {
        Row idle = pool.query("SELECT count(*), coalesce(max(extract(epoch FROM now() - xact_start)), 0) FROM pg_stat_activity"
                + " WHERE state = 'idle in transaction'").execute().await().atMost(WAIT).iterator().next();
        String lock;
        try {
            pool.withTransaction(connection -> connection.preparedQuery("SELECT id FROM calendar_link WHERE id = $1 FOR UPDATE NOWAIT")
                    .execute(Tuple.of(linkId))).await().atMost(WAIT);
            lock = "the link's row is not locked";
        } catch (RuntimeException locked) {
            lock = "the link's row is locked (" + locked.getMessage() + "), so no claim (FOR UPDATE SKIP LOCKED) takes it again";
        }
        return String.format(Locale.ROOT, "%d session(s) idle in transaction, the oldest for %.0f s; %s; the worker counts %d of its %s "
                + "sync slots busy", idle.getLong(0), idle.getDouble(1), lock, worker.running(),
                ConfigProvider.getConfig().getOptionalValue("integrations.calendar.sync.concurrency", String.class).orElse("8"));
    }

    /**
     * Diagnostic, only with {@code -Dbench.calendar.sweep-sizes=100,200,…} (each below half of
     * {@code bench.calendar.events}, the mass-delete guard's share): per provider and size, a fresh account's
     * link syncs its {@code events} in full; then that many of them are deleted at the stand-in, its sync
     * tokens expire, and a requested sync turns into a full listing whose end deletes what the listing lacked
     * ({@code PageApplier.removeStale}, one chained removal per event) within
     * {@code bench.calendar.probe-limit-seconds}. Stops at the first size that does not end.
     */
    @Test
    void largestSweepApplied() throws IOException {
        String sizes = System.getProperty("bench.calendar.sweep-sizes");
        assumeTrue(sizes != null, "only with -Dbench.calendar.sweep-sizes");
        Duration limit = Duration.ofSeconds(Long.getLong("bench.calendar.probe-limit-seconds", 15));
        StringBuilder table = new StringBuilder("| provider | page size | events | deleted, then a full listing | run | seconds |\n"
                + "|---|---|---|---|---|---|\n");
        for (String provider : PROVIDERS) {
            for (String size : sizes.split(",")) {
                int deleted = Integer.parseInt(size.trim());
                TestUser user = TestUser.fresh();
                CalendarStandIn standIn = new CalendarStandIn(provider, "sweep-" + provider + "-" + UUID.randomUUID().toString().substring(0, 8)
                        + "@example.com");
                List<String> ids = standIn.seed(EVENTS, LocalDate.now(ZoneOffset.UTC).plusDays(1) + "T00:00:00Z", SPACING_MINUTES,
                        DURATION_MINUTES);
                Connection connection = TokenServiceConnections.connect(user, provider, standIn.account());
                String outcome;
                double seconds = Double.NaN;
                try (RunWatch watch = RunWatch.of(pool, connection.id())) {
                    RunWatch.Seen first = watch.await(seen -> seen.runId() != null && !"running".equals(seen.state()), RUN_LIMIT);
                    assertEquals("succeeded", first.state());
                    for (int i = 0; i < deleted; i++) {
                        standIn.delete(ids.get(i));
                    }
                    standIn.expireSyncTokens();
                    long asked = System.currentTimeMillis();
                    UUID runId = LinksApi.requestSync(user, first.linkId());
                    try {
                        RunWatch.Seen done = watch.await(seen -> runId.equals(seen.runId()) && !"running".equals(seen.state()), limit);
                        Row run = runRow(runId);
                        outcome = done.state() + " (" + run.getString("kind") + ", " + run.getInteger("deleted") + " deleted)";
                        seconds = (done.at() - asked) / 1000.0;
                    } catch (IllegalStateException late) {
                        Row run = runRow(runId);
                        outcome = "still running after " + limit.toSeconds() + " s (" + run.getString("kind") + ", " + run.getInteger("pages")
                                + " pages applied)";
                    }
                }
                String line = String.format(Locale.ROOT, "| %s | %d | %,d | %,d | %s | %.2f |", provider, pageSize(provider), EVENTS, deleted,
                        outcome, seconds);
                System.out.println(line);
                table.append(line).append('\n');
                if (!outcome.startsWith("succeeded")) {
                    break;
                }
            }
        }
        Files.createDirectories(OUTPUT);
        Files.writeString(OUTPUT.resolve("calendar-sync-sweep.md"), table.toString());
        System.out.println();
        System.out.println(table);
    }

    // --- One round -----------------------------------------------------------------------------------------

    private Round round(String provider) {
        TestUser user = TestUser.fresh();
        String account = "bench-" + provider + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        CalendarStandIn standIn = new CalendarStandIn(provider, account);
        List<String> ids = standIn.seed(EVENTS, LocalDate.now(ZoneOffset.UTC).plusDays(1) + "T00:00:00Z", SPACING_MINUTES,
                DURATION_MINUTES);
        assertEquals(EVENTS, ids.size());
        double load = loadAverage();
        Connection connection = TokenServiceConnections.connect(user, provider, account);
        try (RunWatch watch = RunWatch.of(pool, connection.id())) {
            // The link's first run, a full listing, starts on its own
            RunWatch.Seen claimed = watch.await(RunWatch.Seen::leased, RUN_LIMIT);
            CpuUse.Sample before = cpu.sample();
            RunWatch.Seen done = awaitEnd(watch, standIn, seen -> seen.runId() != null && !"running".equals(seen.state()));
            CpuUse.Sample after = cpu.sample();
            Measured full = measured(standIn, watch, done.runId(), claimed.at(), 0, CpuUse.between(before, after), load);
            Row run = runRow(done.runId());
            Ceiling ceiling = ceiling(provider, connection.id(), run.getOffsetDateTime("window_from").toInstant(),
                    run.getOffsetDateTime("window_until").toInstant());

            // Then: the user changes CHANGES events, and a sync is asked for
            for (int i = 0; i < CHANGES; i++) {
                standIn.edit(ids.get(i * (EVENTS / CHANGES)), Map.of("title", "Changed visit " + i));
            }
            long mark = lastRequest(standIn);
            load = loadAverage();
            long asked = System.currentTimeMillis();
            before = cpu.sample();
            UUID runId = LinksApi.requestSync(user, done.linkId());
            awaitEnd(watch, standIn, seen -> runId.equals(seen.runId()) && !"running".equals(seen.state()));
            after = cpu.sample();
            long claim = watch.first(RunWatch.Seen::leased, asked).map(RunWatch.Seen::at).orElse(asked);
            Measured incremental = measured(standIn, watch, runId, claim, mark, CpuUse.between(before, after), load);
            return new Round(full, incremental, ceiling);
        }
    }

    /** An extra round with every statement logged: the full and the incremental run's database time, by kind of statement. */
    private String[] statementRound(String provider) throws IOException {
        StatementLog log = StatementLog.on(pool, ConfigProvider.getConfig().getValue("integrations.test.postgres.dir", String.class));
        Round round;
        try {
            round = round(provider);
        } finally {
            log.off();
        }
        Measured full = round.full();
        Measured incremental = round.incremental();
        String[] notes = {
            String.format(Locale.ROOT, "statement-log round (one more, PostgreSQL logging every statement, so slower: %.2f s): %s",
                    full.seconds(), log.between(full.startedAt(), full.doneSeen(), OUTPUT.resolve("statements-" + provider + "-full.log"))
                            .describe(full.pages())),
            String.format(Locale.ROOT, "statement-log round (%.2f s from the claim): %s", incremental.fromClaim(),
                    log.between(incremental.claimSeen(), incremental.doneSeen(),
                            OUTPUT.resolve("statements-" + provider + "-incremental.log")).describe(incremental.pages())) };
        System.out.printf(Locale.ROOT, "%s, statements:%n  full: %s%n  incremental: %s%n", provider, notes[0], notes[1]);
        return notes;
    }

    /** Waits for a run's end; when it does not come, prints what the stand-in saw of the account and the JVM's threads. */
    private static RunWatch.Seen awaitEnd(RunWatch watch, CalendarStandIn standIn, Predicate<RunWatch.Seen> end) {
        try {
            return watch.await(end, RUN_LIMIT);
        } catch (IllegalStateException late) {
            System.out.println("The run did not end within " + RUN_LIMIT + "; the stand-in's requests of " + standIn.account() + ":");
            requests(standIn, 0).forEach(request -> System.out.println("  " + request));
            System.out.println("Threads of the test JVM (calendar-service):");
            for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(false,
                    false)) {
                System.out.print(thread);
            }
            if (recording != null) {
                try {
                    stopRecording(recording);
                } catch (IOException e) {
                    late.addSuppressed(e);
                }
                recording = null;
            }
            throw late;
        }
    }

    private Measured measured(CalendarStandIn standIn, RunWatch watch, UUID runId, long claimSeen, long since, CpuUse.Used used,
            double load) {
        RunWatch.Seen done = watch.await(seen -> runId.equals(seen.runId()) && !"running".equals(seen.state()), WAIT);
        if (!"succeeded".equals(done.state())) {
            Row run = runRow(runId);
            throw new IllegalStateException("Run " + runId + " ended " + done.state() + ": " + run.getString("failure_code") + ", "
                    + run.getString("failure_reason"));
        }
        Row run = runRow(runId);
        List<Map<String, Object>> requests = requests(standIn, since);
        long[] calls = requests.stream().mapToLong(request -> ((Number) request.get("at")).longValue()).sorted().toArray();
        int listing = (int) requests.stream().map(request -> String.valueOf(request.get("path")))
                .filter(path -> path.endsWith("/events") || path.contains("calendarView/delta")).count();
        int pages = run.getInteger("pages");
        return new Measured(run.getOffsetDateTime("started_at").toInstant().toEpochMilli(), claimSeen, done.at(),
                run.getOffsetDateTime("finished_at").toInstant().toEpochMilli(), pages, run.getInteger("created"),
                run.getInteger("updated"), run.getInteger("deleted"), calls, listing, watch.commits(runId, pages), used, load);
    }

    private Row runRow(UUID runId) {
        return pool.preparedQuery("SELECT started_at, finished_at, pages, created, updated, deleted, kind, state, failure_code, failure_reason,"
                + " window_from, window_until"
                + " FROM sync_run WHERE id = $1").execute(Tuple.of(runId)).await().atMost(WAIT).iterator().next();
    }

    /** The full listing again, straight from the stand-in, as the service asks for it, with a token from token-service. */
    private Ceiling ceiling(String provider, String connectionId, Instant from, Instant until) {
        String token = given().auth().oauth2(SandboxTokens.service("calendar-service")).when()
                .get(TokenServiceConnections.url() + "/internal/connections/" + connectionId + "/access-token")
                .then().statusCode(200).extract().path("accessToken");
        boolean google = provider.equals("google");
        int pageSize = pageSize(provider);
        String first = google
                ? SandboxControl.url() + "/google/calendar/v3/calendars/primary/events?singleEvents=true&maxResults=" + pageSize
                        + "&timeMin=" + encode(from.toString()) + "&timeMax=" + encode(until.toString())
                : SandboxControl.url() + "/graph/v1.0/me/calendarView/delta?startDateTime=" + encode(from.toString()) + "&endDateTime="
                        + encode(until.toString());
        List<Double> millis = new ArrayList<>();
        int items = 0;
        long start = System.nanoTime();
        String url = first;
        while (url != null) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json").timeout(WAIT);
            if (!google) {
                request.header("Prefer", "outlook.timezone=\"UTC\", IdType=\"ImmutableId\", odata.maxpagesize=" + pageSize);
            }
            long sent = System.nanoTime();
            HttpResponse<String> answer;
            try {
                answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("Ceiling listing: " + answer.statusCode() + " " + answer.body());
            }
            JsonObject body = new JsonObject(answer.body());
            millis.add((System.nanoTime() - sent) / 1e6);
            items += body.getJsonArray(google ? "items" : "value").size();
            String next = google ? body.getString("nextPageToken") : body.getString("@odata.nextLink");
            url = next == null ? null : google ? first + "&pageToken=" + encode(next) : next;
        }
        return new Ceiling((System.nanoTime() - start) / 1e9, millis.size(), items, millis.stream().mapToDouble(Double::doubleValue).toArray());
    }

    static String latencyRule(String provider) {
        return given().contentType(ContentType.JSON).body(Map.of("path", apiPath(provider), "millis", LATENCY_MS))
                .when().post(SandboxControl.url() + "/control/latency").then().statusCode(201).extract().path("id");
    }

    /** The stand-in's API paths: not its OAuth endpoints (token-service's), nor the control API. */
    static String apiPath(String provider) {
        return provider.equals("google") ? "/google/calendar/*" : "/graph/*";
    }

    static long lastRequest(CalendarStandIn standIn) {
        return ((Number) given().get(accountUrl(standIn) + "/requests").then().statusCode(200).extract().path("last")).longValue();
    }

    static List<Map<String, Object>> requests(CalendarStandIn standIn, long since) {
        JsonPath answer = given().queryParam("since", since).get(accountUrl(standIn) + "/requests").then().statusCode(200).extract().jsonPath();
        if (answer.getLong("dropped") > 0) {
            throw new IllegalStateException("The stand-in's request log dropped requests");
        }
        return answer.getList("requests");
    }

    static String accountUrl(CalendarStandIn standIn) {
        return SandboxControl.url() + "/control/calendar/" + standIn.provider() + "/accounts/" + standIn.account();
    }

    // --- The table -----------------------------------------------------------------------------------------

    private List<TableRow> rows(Map<String, List<Round>> rounds) {
        List<TableRow> rows = new ArrayList<>();
        rounds.forEach((provider, measured) -> {
            int pageSize = pageSize(provider);
            Function<Function<Round, Measured>, int[]> calls = pick -> measured.stream().mapToInt(r -> pick.apply(r).calls().length).toArray();
            Function<Function<Round, Measured>, double[]> bounds = pick -> measured.stream().mapToDouble(r -> pick.apply(r).lowerBound())
                    .toArray();
            double[] full = values(measured, r -> r.full().seconds());
            double[] fullBounds = bounds.apply(Round::full);
            double fullRatio = median(full) / median(fullBounds);
            rows.add(new TableRow(provider + "-full", provider, String.format(Locale.ROOT, "full %,d (new link's first run: started → succeeded)",
                    EVENTS), pageSize, full, calls.apply(Round::full), fullBounds,
                    verdict(median(full) <= GOAL_SECONDS && fullRatio <= GOAL_RATIO, String.format(Locale.ROOT, "≤ %.0f s and ≤ %.1f×",
                            GOAL_SECONDS, GOAL_RATIO)), notes(median(measured, r -> r.full().seconds()).full(), "full")
                                    + statementNote(provider, 0)));
            double[] incremental = values(measured, r -> r.incremental().seconds());
            double[] incrementalBounds = bounds.apply(Round::incremental);
            rows.add(new TableRow(provider + "-incremental", provider, String.format(Locale.ROOT, "incremental %,d (requested → succeeded)",
                    CHANGES), pageSize, incremental, calls.apply(Round::incremental), incrementalBounds,
                    verdict(median(incremental) / median(incrementalBounds) <= GOAL_RATIO, String.format(Locale.ROOT, "≤ %.1f×", GOAL_RATIO)),
                    notes(median(measured, r -> r.incremental().seconds()).incremental(), "incremental") + statementNote(provider, 1)));
            double[] claimed = values(measured, r -> r.incremental().fromClaim());
            rows.add(new TableRow(provider + "-incremental-claimed", provider, String.format(Locale.ROOT,
                    "diagnostic: incremental %,d from the worker's claim (its lease seen taken) → succeeded", CHANGES), pageSize, claimed,
                    calls.apply(Round::incremental), incrementalBounds, "–", "without the wait for the worker's next poll"));
            double[] ceiling = values(measured, r -> r.ceiling().seconds());
            Ceiling last = measured.get(measured.size() - 1).ceiling();
            double[] perCall = measured.stream().flatMapToDouble(r -> Arrays.stream(r.ceiling().callMillis())).toArray();
            rows.add(new TableRow(provider + "-ceiling", provider, "ceiling: the same full listing straight from the stand-in (JDK HTTP client, pages one after the other, no database)",
                    pageSize, ceiling, measured.stream().mapToInt(r -> r.ceiling().calls()).toArray(),
                    measured.stream().mapToDouble(r -> r.ceiling().calls() * LATENCY_MS / 1000.0).toArray(), "–",
                    String.format(Locale.ROOT, "%,d items; per call p50 %.1f ms, max %.1f ms", last.items(), percentile(perCall, 50),
                            max(perCall))));
        });
        return rows;
    }

    private String statementNote(String provider, int run) {
        String[] notes = statementRounds.get(provider);
        return notes == null ? "" : "; " + notes[run];
    }

    private static String notes(Measured median, String kind) {
        return String.format(Locale.ROOT, "median round's %s run: %s; %s; load %.1f", kind, median.breakdown(), median.cpu().describe(),
                median.load());
    }

    private static Round median(List<Round> rounds, ToDoubleFunction<Round> by) {
        List<Round> sorted = new ArrayList<>(rounds);
        sorted.sort((a, b) -> Double.compare(by.applyAsDouble(a), by.applyAsDouble(b)));
        return sorted.get((sorted.size() - 1) / 2);
    }

    private static double[] values(List<Round> rounds, ToDoubleFunction<Round> by) {
        return rounds.stream().mapToDouble(by).toArray();
    }

    private static String verdict(boolean met, String goal) {
        return (met ? "met" : "missed") + " (" + goal + ")";
    }

    private void report(List<String> settings, List<TableRow> rows) throws IOException {
        report("Calendar sync benchmark", "calendar-sync", settings,
                rows.stream().map(row -> new ReportRow(row.key(), row.provider(), row.label(), cells(row), row.notes())).toList());
    }

    /** A row as the report writes it: its cells under {@link #header()}, its notes below the table. */
    record ReportRow(String key, String provider, String label, String[] cells, String notes) {
    }

    /** Prints the table and writes it, as Markdown and TSV, to {@code target/bench/<stem>.md|.tsv}. */
    static void report(String title, String stem, List<String> settings, List<ReportRow> rows) throws IOException {
        StringBuilder table = new StringBuilder();
        table.append(title).append(", ").append(LocalDate.now()).append('\n');
        settings.forEach(line -> table.append("- ").append(line).append('\n'));
        table.append('\n').append(header()).append('\n');
        StringBuilder tsv = new StringBuilder();
        settings.forEach(line -> tsv.append("# ").append(line).append('\n'));
        for (ReportRow row : rows) {
            table.append("| ").append(String.join(" | ", row.cells())).append(" |\n");
            tsv.append(row.key()).append('\t').append(String.join("\t", row.cells())).append('\t').append(row.notes()).append('\n');
        }
        table.append('\n');
        for (ReportRow row : rows) {
            if (!row.notes().isEmpty()) {
                table.append("- ").append(row.provider()).append(", ").append(row.label()).append(": ").append(row.notes()).append('\n');
            }
        }
        Files.createDirectories(OUTPUT);
        Files.writeString(OUTPUT.resolve(stem + ".md"), table.toString());
        Files.writeString(OUTPUT.resolve(stem + ".tsv"), tsv.toString());
        System.out.println();
        System.out.println(table);
    }

    static String header() {
        return "| provider | case | page size | time (s, min / median / max) | HTTP calls | lower bound (s) | ratio to the lower bound"
                + " (min / median / max) | goal |\n|---|---|---|---|---|---|---|---|";
    }

    private static String[] cells(TableRow row) {
        double[] ratios = new double[row.seconds().length];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = row.seconds()[i] / row.lowerBounds()[i];
        }
        int[] calls = row.calls();
        String callCell = Arrays.stream(calls).min().getAsInt() == Arrays.stream(calls).max().getAsInt() ? Integer.toString(calls[0])
                : Arrays.stream(calls).min().getAsInt() + "–" + Arrays.stream(calls).max().getAsInt();
        String bound = String.format(Locale.ROOT, "%.2f (%s × %d ms ÷ %d: a listing's pages go one at a time)", median(row.lowerBounds()),
                callCell, LATENCY_MS, LISTING_CONCURRENCY);
        return new String[] { row.provider(), row.label(), row.pageSize() + (STACK.isEmpty() ? "" : " (test JVM " + STACK + ")"),
            String.format(Locale.ROOT, "%.2f / %.2f / %.2f", min(row.seconds()), median(row.seconds()), max(row.seconds())), callCell, bound,
            String.format(Locale.ROOT, "%.2f / %.2f / %.2f×", min(ratios), median(ratios), max(ratios)), row.goal() };
    }

    private List<String> settings() {
        Function<String, String> show = name -> pool.query("SHOW " + name).execute().await().atMost(WAIT).iterator().next().getString(0);
        Function<String, String> value = name -> ConfigProvider.getConfig().getOptionalValue(name, String.class).orElse("?");
        List<String> settings = new ArrayList<>();
        String flags = String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(flag -> flag.startsWith("-X") && !flag.startsWith("-Xlog")).toList());
        settings.add(String.format(Locale.ROOT, "%d cores; test JVM (calendar-service, the polling, the ceiling's client) %s, "
                + "thread stacks %s; token-service and the sandbox as child JVMs", Runtime.getRuntime().availableProcessors(), flags,
                STACK.isEmpty() ? "the JVM's default (1 MB; deployed: -Xss512k)" : STACK));
        settings.add(String.format(Locale.ROOT, "PostgreSQL %s: fsync=%s, synchronous_commit=%s; reactive pool max-size=%s",
                show.apply("server_version"), show.apply("fsync"), show.apply("synchronous_commit"),
                value.apply("quarkus.datasource.reactive.max-size")));
        settings.add(String.format(Locale.ROOT, "Page sizes: google %s, microsoft %s; mailbox concurrency %s / %s; worker poll interval %s, "
                + "concurrency %s", value.apply("integrations.calendar.google.page-size"), value.apply("integrations.calendar.microsoft.page-size"),
                value.apply("integrations.calendar.google.mailbox-concurrency"), value.apply("integrations.calendar.microsoft.mailbox-concurrency"),
                value.apply("integrations.calendar.sync.poll-interval"), value.apply("integrations.calendar.sync.concurrency")));
        settings.add(String.format(Locale.ROOT, "Sandbox: latency rule %d ms on %s (Google) and %s (Graph), every call; %,d single events "
                + "seeded per fresh account, %d min apart from tomorrow 00:00Z (%d min long); %,d of them retitled for the incremental round",
                LATENCY_MS, apiPath("google"), apiPath("microsoft"), EVENTS, SPACING_MINUTES, DURATION_MINUTES, CHANGES));
        settings.add(String.format(Locale.ROOT, "%d measured round(s) per provider after %d warm-up round(s), a fresh tenant, user, "
                + "account and link each; runs polled every %d ms from sync_run", ROUNDS, WARM_UP_ROUNDS, RunWatch.POLL_MS));
        settings.add(String.format(Locale.ROOT, "Outbox relay: tenants-per-round=%s, poll-interval=%s (each created or updated event "
                + "writes calendar.event.changed)", value.apply("integrations.outbox.relay.tenants-per-round"),
                value.apply("integrations.outbox.relay.poll-interval")));
        return settings;
    }

    private static int pageSize(String provider) {
        return ConfigProvider.getConfig().getValue("integrations.calendar." + provider + ".page-size", Integer.class);
    }

    // --- Small helpers -------------------------------------------------------------------------------------

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    static double percentile(double[] values, double p) {
        double[] sorted = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static double median(double[] values) {
        double[] sorted = Arrays.stream(values).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static double min(double[] values) {
        return Arrays.stream(values).filter(v -> !Double.isNaN(v)).min().orElse(Double.NaN);
    }

    static double max(double[] values) {
        return Arrays.stream(values).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
    }

    /** With {@code -Dbench.calendar.jfr=<file>}: a Flight Recording (the JDK's "profile" settings) of the measured rounds. */
    private static Recording startRecording() throws IOException, ParseException {
        if (System.getProperty("bench.calendar.jfr") == null) {
            return null;
        }
        Recording started = new Recording(Configuration.getConfiguration("profile"));
        started.start();
        return started;
    }

    private static void stopRecording(Recording started) throws IOException {
        if (started != null) {
            started.stop();
            started.dump(Path.of(System.getProperty("bench.calendar.jfr")));
            started.close();
        }
    }
}
