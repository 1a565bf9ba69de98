package com.crm.integrations.calendar.bench;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.crm.integrations.calendar.CalendarInfrastructure;
import com.crm.integrations.calendar.sync.CalendarStandIn;
import com.crm.integrations.calendar.writes.Batches;
import com.crm.integrations.testing.contract.SandboxControl;
import com.crm.integrations.testing.contract.TestUser;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The batch benchmark ({@code bench/calendar-batch.sh}): per provider and round, a fresh user's link, the sandbox's
 * stand-ins answering every outer HTTP call (a whole batch, or a single request) in {@value #DEFAULT_LATENCY_MS} ms,
 * and a {@value #DEFAULT_ITEMS}-event import as one job ({@code POST /calendar/batches}), timed from the job's
 * {@code createdAt} to its {@code finishedAt} (both stamped by the service). Next to each: the batches the stand-in
 * received for the account, the lower bound (calls × latency ÷ 1: one batch in flight per mailbox) and the share of
 * it reached (bound ÷ time; goal ≥ 80 %). Then the same with {@value #DEFAULT_FAULTS_PERCENT} % of the batched
 * requests throttled (429 with {@code Retry-After: 1}) or failing (503): time, extra calls, lost and doubled events.
 * Not a test (surefire's default includes skip it).
 */
@QuarkusTest
@WithTestResource(CalendarInfrastructure.class)
class CalendarBatchBench {

    private static final int DEFAULT_LATENCY_MS = 100;
    private static final int DEFAULT_ITEMS = 1000;
    private static final int DEFAULT_FAULTS_PERCENT = 20;
    private static final int LATENCY_MS = Integer.getInteger("bench.calendar.latency-ms", DEFAULT_LATENCY_MS);
    private static final int ITEMS = Integer.getInteger("bench.calendar.batch-items", DEFAULT_ITEMS);
    private static final int FAULTS_PERCENT = Integer.getInteger("bench.calendar.faults-percent", DEFAULT_FAULTS_PERCENT);
    private static final int ROUNDS = Integer.getInteger("bench.calendar.rounds", 3);
    private static final List<String> PROVIDERS = List.of(System.getProperty("bench.calendar.providers", "google,microsoft").split(","));

    /** One measured import. */
    record Import(double seconds, int calls, int parts, int live, int distinct, Instant finished) {
    }

    @Test
    void importsAThousandEvents() throws IOException {
        List<CalendarSyncBench.ReportRow> rows = new ArrayList<>();
        for (String provider : PROVIDERS) {
            int batchSize = ConfigProvider.getConfig().getOptionalValue("integrations.calendar." + provider + ".batch-size", Integer.class)
                    .orElse(provider.equals("google") ? 50 : 20);
            List<String> rules = latencyRules(provider);
            try {
                run(provider, false); // warm-up
                List<Import> clean = new ArrayList<>();
                List<Import> faulty = new ArrayList<>();
                for (int round = 0; round < ROUNDS; round++) {
                    clean.add(run(provider, false));
                    faulty.add(run(provider, true));
                }
                rows.add(row(provider, "import " + ITEMS, batchSize, clean, false));
                rows.add(row(provider, "import " + ITEMS + ", " + FAULTS_PERCENT + " % of items faulted", batchSize, faulty, true));
            } finally {
                rules.forEach(SandboxControl::removeRule);
            }
        }
        CalendarSyncBench.report("Calendar batch benchmark", "calendar-batch", settings(), rows);
    }

    private Import run(String provider, boolean faults) {
        TestUser user = TestUser.fresh();
        CalendarStandIn standIn = provider.equals("google") ? CalendarStandIn.google(account()) : CalendarStandIn.microsoft(account());
        Batches.linked(user, standIn);
        if (faults) {
            double half = FAULTS_PERCENT / 200.0;
            standIn.itemFaults(half, 429, provider.equals("google") ? "rateLimitExceeded" : null, "1", 17);
            standIn.itemFaults(half / (1 - half), 503, provider.equals("google") ? "backendError" : null, null, 23);
        }
        long since = standIn.lastBatch();
        UUID job = Batches.start(user, Batches.job("create", Batches.creates("bench", ITEMS)));
        JsonPath done;
        try {
            done = Batches.awaitState(user, job, "completed");
        } catch (AssertionError notDone) {
            Map<String, Long> statuses = new java.util.TreeMap<>();
            standIn.batchesSince(since).forEach(batch -> outcomes(batch).forEach(outcome -> statuses.merge(outcome.get("status") + "/"
                    + outcome.get("faulted"), 1L, Long::sum)));
            throw new AssertionError(notDone.getMessage() + "\nThe stand-in's answers (status/faulted: count): " + statuses
                    + "\nFailed items: " + Batches.items(user, job, "failed").stream().limit(3).toList(), notDone);
        }
        double seconds = Duration.between(Instant.parse(done.getString("createdAt")), Instant.parse(done.getString("finishedAt")))
                .toNanos() / 1e9;
        List<Map<String, Object>> batches = standIn.batchesSince(since);
        int parts = batches.stream().mapToInt(batch -> ((Number) batch.get("parts")).intValue()).sum();
        int live = Batches.liveEvents(standIn).size();
        int distinct = Batches.distinctActivities(standIn);
        if (faults) {
            standIn.clearItemFaults();
        }
        assertEquals(ITEMS, done.getInt("counts.succeeded"));
        return new Import(seconds, batches.size(), parts, live, distinct, Instant.now());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> outcomes(Map<String, Object> batch) {
        return (List<Map<String, Object>>) batch.get("outcomes");
    }

    private static CalendarSyncBench.ReportRow row(String provider, String label, int batchSize, List<Import> imports, boolean faults) {
        double[] seconds = imports.stream().mapToDouble(Import::seconds).toArray();
        int[] calls = imports.stream().mapToInt(Import::calls).toArray();
        double[] shares = new double[seconds.length];
        for (int i = 0; i < seconds.length; i++) {
            shares[i] = calls[i] * LATENCY_MS / 1000.0 / seconds[i];
        }
        int minimumCalls = (ITEMS + batchSize - 1) / batchSize;
        double bound = minimumCalls * LATENCY_MS / 1000.0;
        String callCell = Arrays.stream(calls).min().getAsInt() == Arrays.stream(calls).max().getAsInt() ? Integer.toString(calls[0])
                : Arrays.stream(calls).min().getAsInt() + "–" + Arrays.stream(calls).max().getAsInt();
        int lost = imports.stream().mapToInt(run -> ITEMS - run.distinct()).max().getAsInt();
        int doubled = imports.stream().mapToInt(run -> run.live() - run.distinct()).max().getAsInt();
        double eventsPerSecond = ITEMS / CalendarSyncBench.median(seconds);
        String goal;
        if (faults) {
            int extra = imports.stream().mapToInt(run -> run.parts() - ITEMS).max().getAsInt();
            goal = String.format(Locale.ROOT, "%.0f events/s; up to %d requests beyond the %,d (sent again%s), %d extra calls; %d lost,"
                    + " %d doubled", eventsPerSecond, extra, ITEMS, provider.equals("google") ? "" : ", and Graph's look-ups of creates"
                    + " tried before", Arrays.stream(calls).max().getAsInt() - minimumCalls, lost, doubled);
        } else {
            double share = CalendarSyncBench.median(shares);
            goal = String.format(Locale.ROOT, "%s (≥ 80 %% of the bound: %.0f events/s; %d lost, %d doubled)",
                    share >= 0.8 && lost == 0 && doubled == 0 ? "met" : "missed", eventsPerSecond, lost, doubled);
        }
        String[] cells = { provider, label, Integer.toString(batchSize),
            String.format(Locale.ROOT, "%.2f / %.2f / %.2f", CalendarSyncBench.min(seconds), CalendarSyncBench.median(seconds),
                    CalendarSyncBench.max(seconds)),
            callCell, String.format(Locale.ROOT, "%.2f (%d × %d ms ÷ 1: one batch in flight per mailbox)", bound, minimumCalls, LATENCY_MS),
            String.format(Locale.ROOT, "%.0f / %.0f / %.0f %% of it", 100 * CalendarSyncBench.min(shares), 100 * CalendarSyncBench.median(shares),
                    100 * CalendarSyncBench.max(shares)),
            goal };
        return new CalendarSyncBench.ReportRow(provider + (faults ? "-faults" : "-import"), provider, label, cells, "");
    }

    /** Every outer call of the provider's stand-in (its batches and single calls) held {@link #LATENCY_MS} ms. */
    private static List<String> latencyRules(String provider) {
        List<String> paths = provider.equals("google") ? List.of("/google/batch/*", "/google/calendar/*") : List.of("/graph/*");
        List<String> ids = new ArrayList<>();
        for (String path : paths) {
            ids.add(given().contentType(ContentType.JSON).body(Map.of("path", path, "millis", LATENCY_MS))
                    .when().post(SandboxControl.url() + "/control/latency").then().statusCode(201).extract().path("id"));
        }
        return ids;
    }

    private static String account() {
        return "batch-bench-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    private static List<String> settings() {
        var config = ConfigProvider.getConfig();
        List<String> settings = new ArrayList<>();
        settings.add(String.format(Locale.ROOT, "%d cores; %d measured round(s) per provider and case after a warm-up import, a fresh"
                + " tenant, user, account and link each", Runtime.getRuntime().availableProcessors(), ROUNDS));
        settings.add(String.format(Locale.ROOT, "Sandbox: latency rule %d ms on every call of the stand-in's API (batches and single"
                + " calls); faults: %d %% of batched requests, half 429 (Retry-After 1 s), half 503", LATENCY_MS, FAULTS_PERCENT));
        settings.add(String.format(Locale.ROOT, "Batch sizes google %s, microsoft %s; mailbox concurrency %s (a batch holds all of it);"
                + " item backoff %s–%s; batch worker poll %s", config.getOptionalValue("integrations.calendar.google.batch-size", String.class)
                .orElse("50"), config.getOptionalValue("integrations.calendar.microsoft.batch-size", String.class).orElse("20"),
                config.getOptionalValue("integrations.calendar.google.mailbox-concurrency", String.class).orElse("4"),
                config.getOptionalValue("integrations.calendar.commands.backoff-min", String.class).orElse("?"),
                config.getOptionalValue("integrations.calendar.commands.backoff-max", String.class).orElse("?"),
                config.getOptionalValue("integrations.calendar.batches.poll-interval", String.class).orElse("?")));
        settings.add("Time: the job's createdAt → finishedAt (the service's clock); share = calls × latency ÷ time, the lower bound"
                + " reached");
        return settings;
    }
}
