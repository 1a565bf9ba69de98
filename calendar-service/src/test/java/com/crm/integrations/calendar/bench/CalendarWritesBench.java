package com.crm.integrations.calendar.bench;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.crm.integrations.calendar.CalendarInfrastructure;
import com.crm.integrations.calendar.config.CalendarConfig;
import com.crm.integrations.calendar.sync.CalendarStandIn;
import com.crm.integrations.calendar.sync.LinksApi;
import com.crm.integrations.calendar.sync.PublishedEvents;
import com.crm.integrations.calendar.writes.Commands;
import com.crm.integrations.testing.bench.CpuUse;
import com.crm.integrations.testing.contract.SandboxControl;
import com.crm.integrations.testing.contract.SandboxTokens;
import com.crm.integrations.testing.contract.TestUser;
import com.crm.integrations.testing.services.TokenServiceConnections;
import com.crm.integrations.testing.services.TokenServiceConnections.Connection;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The CRM's writes, the calendar-sync benchmark's second part ({@code bench/calendar-sync.sh}, after the sync
 * rounds): with the sandbox's stand-ins answering every API call in {@value #DEFAULT_LATENCY_MS} ms (the latency
 * rule {@link CalendarSyncBench} uses), per provider and round, a fresh user whose calendar holds
 * {@value #DEFAULT_COUNT} events is linked and synced; then
 * <ol>
 * <li><b>CRM → provider</b>: {@value #DEFAULT_COUNT} create commands for the user, one burst on
 * {@code calendar.commands} ({@link CommandBursts}), timed from the first record handed to the producer until the
 * last command was seen {@code succeeded} in {@code calendar_command} (polled every {@value RunWatch#POLL_MS} ms, so
 * each command's settling transaction is counted, which {@code finished_at}, stamped as it begins, leaves out). A
 * sync follows, untimed, and must publish nothing: it lists our own creates.</li>
 * <li><b>Both ways</b>: the user changes {@value #DEFAULT_COUNT} other events at the stand-in (its control API,
 * not delayed); then {@value #DEFAULT_COUNT} update commands of the created events, one burst, and at once a
 * requested sync ({@code POST /calendar/links/{id}/syncs}) that brings the user's changes to the CRM. Timed from
 * the first update handed over until every update was seen {@code succeeded} and the run {@code succeeded} with
 * exactly {@value #DEFAULT_COUNT} events updated. The updates' and the sync's calls share the user's mailbox slots.
 * Then the benchmark holds that the CRM heard of its own writes only from us (origin {@code crm}) and of the user's
 * changes once each (origin {@code provider}), on {@code integrations.calendar-events}.</li>
 * </ol>
 * Next to each: the calls the stand-in received for the account meanwhile (its request log) and a lower bound:
 * every call holds one of the mailbox's {@code mailbox-concurrency} slots for at least the latency, and a listing's
 * pages go one after the other, so {@code max(ceil(calls / slots), listing pages) × latency}. A ceiling from the same
 * round: {@value #DEFAULT_COUNT} event inserts straight at the stand-in, as many in flight as the mailbox has slots
 * (a JDK HTTP client, no database). A warm-up round per provider precedes the measured ones. Not a test: its name is
 * outside surefire's default includes; {@code -Dtest=CalendarWritesBench} runs it.
 *
 * <p>Writes {@code target/bench/calendar-writes.md} (also printed) and {@code target/bench/calendar-writes.tsv} (for
 * the script). System properties: {@code bench.calendar.writes} (the count, {@value #DEFAULT_COUNT}),
 * {@code .latency-ms}, {@code .rounds}, {@code .warm-up-rounds}, {@code .providers}.
 */
@QuarkusTest
@WithTestResource(CalendarInfrastructure.class)
class CalendarWritesBench {

    /** The CPU group of the child token-service JVM. */
    private static final String TOKEN_SERVICE_JVM = "token-service";

    private static final int DEFAULT_COUNT = 100;
    private static final int DEFAULT_LATENCY_MS = 100;
    private static final int COUNT = Integer.getInteger("bench.calendar.writes", DEFAULT_COUNT);
    private static final int LATENCY_MS = Integer.getInteger("bench.calendar.latency-ms", DEFAULT_LATENCY_MS);
    private static final int ROUNDS = Integer.getInteger("bench.calendar.rounds", 3);
    private static final int WARM_UP_ROUNDS = Integer.getInteger("bench.calendar.warm-up-rounds", 1);
    private static final List<String> PROVIDERS = List.of(System.getProperty("bench.calendar.providers", "google,microsoft").split(","));
    private static final double GOAL_SECONDS = 3.0;
    private static final double GOAL_RATIO = 1.3;
    private static final int SPACING_MINUTES = 30;
    private static final int DURATION_MINUTES = 25;
    /** The CRM's activities start this many days from today, after the user's seeded events. */
    private static final int CRM_DAYS_AHEAD = 5;

    private static final Duration RUN_LIMIT = Duration.ofSeconds(Long.getLong("bench.calendar.run-limit-seconds", 120));
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Inject
    Pool pool;
    @Inject
    CalendarConfig config;

    private CpuUse cpu;
    private CommandBursts bursts;

    /** A call the stand-in received for the account: arrival (epoch ms, before the latency), method, path, answer. */
    record Call(long at, String method, String path, Integer status) {

        boolean listing() {
            return method.equals("GET") && (path.endsWith("/events") || path.contains("calendarView/delta"));
        }

        boolean write() {
            return !method.equals("GET");
        }

        boolean failed() {
            return status == null || status >= 300;
        }
    }

    /** A command's row after the burst: when it was stored, claimed (its lease's start), stamped finished, seen succeeded. */
    record CommandRow(String commandId, String crmEventId, String providerEventId, int attempts, long received, long claimed, long finished,
            long seen) {
    }

    /** One burst of commands as measured; with a sync requested at once, that run too. */
    record Burst(long sent, long acked, long commandsDone, List<CommandRow> commands, List<Call> calls, SyncSeen sync, int slots,
            CpuUse.Used cpu, double load) {

        long done() {
            return sync == null ? commandsDone : Math.max(commandsDone, sync.done());
        }

        double seconds() {
            return (done() - sent) / 1000.0;
        }

        double commandSeconds() {
            return (commandsDone - sent) / 1000.0;
        }

        List<Call> listing() {
            return calls.stream().filter(Call::listing).toList();
        }

        List<Call> others() {
            return calls.stream().filter(call -> !call.listing()).toList();
        }
    }

    /** The requested sync of a round trip: asked, its lease seen taken, seen succeeded, and its counts. */
    record SyncSeen(UUID runId, long asked, long claimSeen, long done, int pages, int created, int updated, int deleted) {

        double seconds() {
            return (done - asked) / 1000.0;
        }
    }

    /** The inserts straight at the stand-in. */
    record Ceiling(double seconds, int calls, int failed, double[] callMillis) {
    }

    /** One round of one provider. */
    record Round(Burst creates, Burst roundTrip, Ceiling ceiling, int highestInFlight) {
    }

    /** One row of the table: a value per round. */
    record TableRow(String key, String provider, String label, String pageSize, double[] seconds, int[] calls, double[] lowerBounds,
            String boundModel, String goal, String notes) {
    }

    @Test
    void writes() throws IOException {
        cpu = new CpuUse(ConfigProvider.getConfig().getValue("integrations.test.postgres.dir", String.class), TOKEN_SERVICE_JVM);
        List<String> settings = settings();
        Map<String, List<Round>> rounds = new LinkedHashMap<>();
        try (CommandBursts opened = new CommandBursts()) {
            bursts = opened;
            for (String provider : PROVIDERS) {
                String rule = CalendarSyncBench.latencyRule(provider);
                try {
                    for (int i = 1; i <= WARM_UP_ROUNDS; i++) {
                        Round warm = round(provider);
                        System.out.printf(Locale.ROOT, "warm-up %s %d: creates %.2f s, both ways %.2f s, ceiling %.2f s%n", provider, i,
                                warm.creates().seconds(), warm.roundTrip().seconds(), warm.ceiling().seconds());
                    }
                    List<Round> measured = new ArrayList<>();
                    for (int i = 1; i <= ROUNDS; i++) {
                        Round round = round(provider);
                        measured.add(round);
                        System.out.printf(Locale.ROOT, "%s %d: creates %.2f s (%d calls), both ways %.2f s (%d calls, %d listing; updates %.2f s,"
                                + " sync %.2f s), ceiling %.2f s; load %.1f%n  creates: %s%n  both ways: %s%n", provider, i,
                                round.creates().seconds(), round.creates().calls().size(), round.roundTrip().seconds(),
                                round.roundTrip().calls().size(), round.roundTrip().listing().size(), round.roundTrip().commandSeconds(),
                                round.roundTrip().sync().seconds(), round.ceiling().seconds(), round.creates().load(),
                                breakdown(round.creates()), breakdown(round.roundTrip()));
                    }
                    rounds.put(provider, measured);
                } finally {
                    SandboxControl.removeRule(rule);
                }
            }
        }
        report(settings, rows(rounds));
    }

    // --- One round -----------------------------------------------------------------------------------------

    private Round round(String provider) {
        TestUser user = TestUser.fresh();
        String account = "bench-writes-" + provider + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        CalendarStandIn standIn = new CalendarStandIn(provider, account);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<String> usersEvents = standIn.seed(COUNT, today.plusDays(1) + "T00:00:00Z", SPACING_MINUTES, DURATION_MINUTES);
        assertEquals(COUNT, usersEvents.size());
        Connection connection = TokenServiceConnections.connect(user, provider, account);
        try (RunWatch watch = RunWatch.of(pool, connection.id())) {
            // Given: the link's first run, a full listing of the user's events, done
            RunWatch.Seen first = watch.await(seen -> seen.runId() != null && !"running".equals(seen.state()), RUN_LIMIT);
            assertEquals("succeeded", first.state(), "the link's first sync");
            UUID linkId = first.linkId();

            // CRM → provider: COUNT creates in one burst
            List<ProducerRecord<String, byte[]>> creates = new ArrayList<>();
            for (int i = 0; i < COUNT; i++) {
                String startsAt = today.plusDays(CRM_DAYS_AHEAD).atStartOfDay(ZoneOffset.UTC).plusMinutes((long) i * SPACING_MINUTES)
                        .toInstant().toString();
                String endsAt = today.plusDays(CRM_DAYS_AHEAD).atStartOfDay(ZoneOffset.UTC)
                        .plusMinutes((long) i * SPACING_MINUTES + DURATION_MINUTES).toInstant().toString();
                creates.add(Commands.record(user, UUID.randomUUID().toString(),
                        Commands.create(user, activity(i), Commands.timed("CRM visit " + i, startsAt, endsAt))));
            }
            Burst created = burst(user, standIn, "create", creates, null);

            // The sync after them lists our own creates and publishes none (untimed)
            UUID settling = LinksApi.requestSync(user, linkId);
            RunWatch.Seen settled = watch.await(seen -> settling.equals(seen.runId()) && !"running".equals(seen.state()), RUN_LIMIT);
            Row settledRun = runRow(settling);
            assertEquals("succeeded", settled.state(), "the sync after the creates");
            assertEquals(List.of(0, 0, 0), List.of(settledRun.getInteger("created"), settledRun.getInteger("updated"),
                    settledRun.getInteger("deleted")), "the sync after the creates published our own writes back");

            // Both ways: the user changes COUNT other events; then the CRM's COUNT updates, and at once a requested sync
            for (int i = 0; i < COUNT; i++) {
                standIn.edit(usersEvents.get(i), Map.of("title", "Changed by the user " + i));
            }
            List<ProducerRecord<String, byte[]>> updates = new ArrayList<>();
            for (int i = 0; i < COUNT; i++) {
                updates.add(Commands.record(user, UUID.randomUUID().toString(),
                        Commands.update(user, activity(i), Map.of("title", "CRM visit " + i + ", moved by the CRM"))));
            }
            Burst both = burst(user, standIn, "update", updates, new SyncRequest(watch, linkId));
            assertEquals(COUNT, both.sync().updated(), "the requested sync's updates: the user's changes");
            assertEquals(List.of(0, 0), List.of(both.sync().created(), both.sync().deleted()), "the requested sync's creates and deletes");
            int highest = given().get(CalendarSyncBench.accountUrl(standIn) + "/concurrency").then().statusCode(200).extract().path("highest");

            // The CRM heard of its writes from us and of the user's changes from the sync, once each: no echo
            assertNoEcho(user, created);

            Ceiling ceiling = ceiling(provider, connection.id(), today);
            return new Round(created, both, ceiling, highest);
        }
    }

    private static String activity(int i) {
        return "bench-activity-" + i;
    }

    /** The sync to ask for as soon as a burst is acknowledged. */
    private record SyncRequest(RunWatch watch, UUID linkId) {
    }

    /**
     * Sends {@code records} (commands of {@code action}) in one burst; with {@code sync}, asks for a sync as soon as the
     * broker acknowledged them; waits until every command was seen succeeded (and the sync's run ended).
     */
    private Burst burst(TestUser user, CalendarStandIn standIn, String action, List<ProducerRecord<String, byte[]>> records,
            SyncRequest sync) {
        long mark = CalendarSyncBench.lastRequest(standIn);
        double load = CalendarSyncBench.loadAverage();
        CpuUse.Sample before = cpu.sample();
        long sent = bursts.send(records, WAIT);
        long acked = System.currentTimeMillis();
        UUID runId = null;
        long asked = 0;
        if (sync != null) {
            asked = System.currentTimeMillis();
            runId = LinksApi.requestSync(user, sync.linkId());
        }
        Map<String, Long> seen = awaitSucceeded(user, standIn, action, records.size());
        SyncSeen run = null;
        if (sync != null) {
            UUID id = runId;
            RunWatch.Seen done = sync.watch().await(state -> id.equals(state.runId()) && !"running".equals(state.state()), RUN_LIMIT);
            Row row = runRow(id);
            if (!"succeeded".equals(done.state())) {
                throw new IllegalStateException("The requested sync ended " + done.state() + ": " + row.getString("failure_code") + ", "
                        + row.getString("failure_reason"));
            }
            long requestedAt = asked;
            long claimSeen = sync.watch().first(state -> id.equals(state.runId()) && state.leased(), asked).map(RunWatch.Seen::at)
                    .orElse(requestedAt);
            run = new SyncSeen(id, asked, claimSeen, done.at(), row.getInteger("pages"), row.getInteger("created"), row.getInteger("updated"),
                    row.getInteger("deleted"));
        }
        CpuUse.Sample after = cpu.sample();
        long commandsDone = seen.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        List<Call> calls = CalendarSyncBench.requests(standIn, mark).stream()
                .map(request -> new Call(((Number) request.get("at")).longValue(), String.valueOf(request.get("method")),
                        String.valueOf(request.get("path")), request.get("status") == null ? null : ((Number) request.get("status")).intValue()))
                .sorted((a, b) -> Long.compare(a.at(), b.at())).toList();
        return new Burst(sent, acked, commandsDone, commandRows(user, action, seen), calls, run, slots(standIn.provider()),
                CpuUse.between(before, after), load);
    }

    /**
     * Polls the tenant's commands of {@code action} every {@link RunWatch#POLL_MS} ms until {@code count} of them
     * succeeded; answers when each was first seen so. A command that ends otherwise stops the benchmark.
     */
    private Map<String, Long> awaitSucceeded(TestUser user, CalendarStandIn standIn, String action, int count) {
        Map<String, Long> seen = new HashMap<>();
        long deadline = System.nanoTime() + RUN_LIMIT.toNanos();
        while (seen.size() < count) {
            var rows = pool.preparedQuery("SELECT command_id, state FROM calendar_command WHERE tenant_id = $1 AND action = $2"
                    + " AND state NOT IN ('pending', 'running')").execute(Tuple.of(user.tenant(), action)).await().atMost(WAIT);
            long at = System.currentTimeMillis();
            for (Row row : rows) {
                if (!"succeeded".equals(row.getString("state"))) {
                    throw new IllegalStateException("Command " + row.getString("command_id") + " ended " + row.getString("state") + ":"
                            + Commands.describe(pool, user));
                }
                seen.putIfAbsent(row.getString("command_id"), at);
            }
            if (System.nanoTime() > deadline) {
                System.out.println("The stand-in's requests of " + standIn.account() + ":");
                CalendarSyncBench.requests(standIn, 0).forEach(request -> System.out.println("  " + request));
                throw new IllegalStateException(seen.size() + " of " + count + " " + action + " commands succeeded within " + RUN_LIMIT + ":"
                        + Commands.describe(pool, user));
            }
            if (seen.size() < count) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(RunWatch.POLL_MS));
            }
        }
        return seen;
    }

    private List<CommandRow> commandRows(TestUser user, String action, Map<String, Long> seen) {
        long lease = config.commands().lease().toMillis();
        List<CommandRow> rows = new ArrayList<>();
        pool.preparedQuery("SELECT command_id, crm_event_id, provider_event_id, attempts, received_at, finished_at, lease_until"
                + " FROM calendar_command WHERE tenant_id = $1 AND action = $2").execute(Tuple.of(user.tenant(), action)).await().atMost(WAIT)
                .forEach(row -> rows.add(new CommandRow(row.getString("command_id"), row.getString("crm_event_id"),
                        row.getString("provider_event_id"), row.getInteger("attempts"), epochMillis(row, "received_at"),
                        epochMillis(row, "lease_until") - lease, epochMillis(row, "finished_at"), seen.get(row.getString("command_id")))));
        return rows;
    }

    /**
     * The tenant's {@code calendar.event-changed.v2} on {@code integrations.calendar-events}: the first sync's creates
     * and the user's changes with origin provider, our creates and updates with origin crm, once each, and nothing with
     * origin provider about one of the CRM's activities (an echo of our own write).
     */
    private static void assertNoEcho(TestUser user, Burst created) {
        Set<String> ours = created.commands().stream().map(CommandRow::providerEventId).collect(Collectors.toSet());
        int expected = 4 * COUNT;
        List<JsonPath> changes = PublishedEvents.awaitAll(user, PublishedEvents.CHANGED, expected);
        Map<String, Long> kinds = new TreeMap<>(changes.stream().collect(Collectors.groupingBy(
                change -> change.getString("change") + "/" + change.getString("origin"), Collectors.counting())));
        long echoes = changes.stream().filter(change -> "provider".equals(change.getString("origin")))
                .filter(change -> change.getString("crmEventId") != null || ours.contains(change.getString("providerEventId"))).count();
        assertEquals(0, echoes, "events of the CRM's activities published with origin provider (echoes); all: " + kinds);
        assertEquals(Map.of("created/crm", (long) COUNT, "created/provider", (long) COUNT, "updated/crm", (long) COUNT,
                "updated/provider", (long) COUNT), kinds, "the tenant's calendar.event-changed.v2 by change/origin");
    }

    private Row runRow(UUID runId) {
        return pool.preparedQuery("SELECT state, pages, created, updated, deleted, failure_code, failure_reason FROM sync_run WHERE id = $1")
                .execute(Tuple.of(runId)).await().atMost(WAIT).iterator().next();
    }

    /** COUNT event inserts straight at the stand-in, as many in flight as a mailbox has slots, with the link's token. */
    private Ceiling ceiling(String provider, String connectionId, LocalDate today) {
        String token = given().auth().oauth2(SandboxTokens.service("calendar-service")).when()
                .get(TokenServiceConnections.url() + "/internal/connections/" + connectionId + "/access-token")
                .then().statusCode(200).extract().path("accessToken");
        boolean google = provider.equals("google");
        String url = google ? SandboxControl.url() + "/google/calendar/v3/calendars/primary/events?sendUpdates=none"
                : SandboxControl.url() + "/graph/v1.0/me/events";
        int inFlight = slots(provider);
        AtomicInteger next = new AtomicInteger();
        double[] millis = new double[COUNT];
        AtomicInteger failed = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(inFlight);
        long start = System.nanoTime();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < inFlight; t++) {
                running.add(senders.submit(() -> {
                    for (int i = next.getAndIncrement(); i < COUNT; i = next.getAndIncrement()) {
                        String startsAt = today.plusDays(CRM_DAYS_AHEAD + 3).atStartOfDay().plusMinutes((long) i * SPACING_MINUTES).toString();
                        String endsAt = today.plusDays(CRM_DAYS_AHEAD + 3).atStartOfDay().plusMinutes((long) i * SPACING_MINUTES + DURATION_MINUTES)
                                .toString();
                        String body = google
                                ? "{\"summary\":\"Ceiling " + i + "\",\"start\":{\"dateTime\":\"" + startsAt + ":00Z\"},\"end\":{\"dateTime\":\""
                                        + endsAt + ":00Z\"}}"
                                : "{\"subject\":\"Ceiling " + i + "\",\"isAllDay\":false,\"start\":{\"dateTime\":\"" + startsAt
                                        + ":00\",\"timeZone\":\"UTC\"},\"end\":{\"dateTime\":\"" + endsAt + ":00\",\"timeZone\":\"UTC\"}}";
                        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json").header("Accept", "application/json").timeout(WAIT)
                                .POST(HttpRequest.BodyPublishers.ofString(body));
                        if (!google) {
                            request.header("Prefer", "outlook.timezone=\"UTC\", IdType=\"ImmutableId\"");
                        }
                        long sent = System.nanoTime();
                        HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
                        millis[i] = (System.nanoTime() - sent) / 1e6;
                        if (answer.statusCode() >= 300) {
                            failed.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> one : running) {
                one.get(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Ceiling inserts", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            senders.shutdownNow();
        }
        return new Ceiling((System.nanoTime() - start) / 1e9, COUNT, failed.get(), millis);
    }

    private int slots(String provider) {
        return (provider.equals("google") ? config.google() : config.microsoft()).mailboxConcurrency();
    }

    // --- Where the time went ---------------------------------------------------------------------------------

    /** A burst's time line, in ms from the first record handed over. */
    private String breakdown(Burst burst) {
        StringBuilder line = new StringBuilder();
        List<CommandRow> commands = burst.commands();
        long firstStored = commands.stream().mapToLong(CommandRow::received).min().orElse(-1);
        long lastStored = commands.stream().mapToLong(CommandRow::received).max().orElse(-1);
        List<Call> calls = burst.calls();
        line.append(String.format(Locale.ROOT, "sent → acknowledged %d ms; stored (received_at) from +%d to +%d ms (Kafka, the consumer's"
                + " transaction per command, one after the other)", burst.acked() - burst.sent(), firstStored - burst.sent(),
                lastStored - burst.sent()));
        double[] claimWait = commands.stream().mapToDouble(row -> row.claimed() - row.received()).toArray();
        long firstClaimed = commands.stream().mapToLong(CommandRow::claimed).min().orElse(-1);
        line.append(String.format(Locale.ROOT, "; 1st stored → 1st claimed %d ms; stored → claimed p50 %.0f ms, max %.0f (the worker"
                + " runs %d at a time: the rest wait for room)", firstClaimed - firstStored, percentile(claimWait, 50), max(claimWait),
                config.commands().concurrency()));
        if (!calls.isEmpty()) {
            line.append(String.format(Locale.ROOT, "; 1st call +%d ms", calls.get(0).at() - burst.sent()));
        }
        int slots = burst.slots();
        if (calls.size() > slots) {
            // With every slot busy, call k can start only once call k - slots ended: what passes beyond the latency is the handover.
            double[] handover = new double[calls.size() - slots];
            for (int k = slots; k < calls.size(); k++) {
                handover[k - slots] = calls.get(k).at() - calls.get(k - slots).at() - LATENCY_MS;
            }
            line.append(String.format(Locale.ROOT, "; %d calls from +%d to +%d ms; call k − call k−%d − %d ms (a slot's handover: the stand-in's"
                    + " answer, the slot handed to the longest-waiting local taker in one UPDATE, its request sent) p50 %.0f ms, p90 %.0f, max %.0f, sum ÷ %d = %.2f s",
                    calls.size(), calls.get(0).at() - burst.sent(), calls.get(calls.size() - 1).at() - burst.sent(), slots, LATENCY_MS,
                    percentile(handover, 50), percentile(handover, 90), max(handover), slots, Arrays.stream(handover).sum() / slots / 1000));
        }
        Map<String, Long> byId = new HashMap<>();
        for (Call call : burst.others()) {
            if (call.write()) {
                byId.putIfAbsent(call.path().substring(call.path().lastIndexOf('/') + 1), call.at());
            }
        }
        List<double[]> matched = commands.stream().filter(row -> row.providerEventId() != null)
                .map(row -> {
                    Long at = byId.get(row.providerEventId());
                    if (at == null) {
                        at = byId.get(URLEncoder.encode(row.providerEventId(), StandardCharsets.UTF_8));
                    }
                    return at == null ? null : new double[] { at - row.claimed(), row.finished() - at };
                }).filter(Objects::nonNull).toList();
        if (!matched.isEmpty()) {
            double[] claimToCall = matched.stream().mapToDouble(pair -> pair[0]).toArray();
            double[] callToFinished = matched.stream().mapToDouble(pair -> pair[1]).toArray();
            line.append(String.format(Locale.ROOT, "; per command (%d matched by event id): claimed → its call p50 %.0f ms, max %.0f (the prepare"
                    + " transaction and the wait for a slot), call → finished_at p50 %.0f ms, max %.0f (%d of latency, the answer, the slot"
                    + " given back, the settling transaction's start)", matched.size(), percentile(claimToCall, 50), max(claimToCall),
                    percentile(callToFinished, 50), max(callToFinished), LATENCY_MS));
        }
        double[] settle = commands.stream().mapToDouble(row -> row.seen() - row.finished()).toArray();
        line.append(String.format(Locale.ROOT, "; finished_at → seen succeeded p50 %.0f ms, max %.0f (the settling transaction, the %d ms poll)",
                percentile(settle, 50), max(settle), RunWatch.POLL_MS));
        long lastFinished = commands.stream().mapToLong(CommandRow::finished).max().orElse(-1);
        line.append(String.format(Locale.ROOT, "; max(finished_at) − 1st send %d ms", lastFinished - burst.sent()));
        long lastWrite = burst.others().isEmpty() ? -1 : burst.others().get(burst.others().size() - 1).at();
        if (lastWrite > 0) {
            line.append(String.format(Locale.ROOT, "; last command's call → all seen succeeded %d ms", burst.commandsDone() - lastWrite));
        }
        SyncSeen sync = burst.sync();
        if (sync != null) {
            String pages = burst.listing().stream().map(call -> "+" + (call.at() - burst.sent())).collect(Collectors.joining(", "));
            line.append(String.format(Locale.ROOT, "; sync: asked +%d ms, lease seen +%d, its %d listing call(s) at %s ms, succeeded seen +%d"
                    + " (%d pages, %d updated); commands all succeeded +%d", sync.asked() - burst.sent(), sync.claimSeen() - burst.sent(),
                    burst.listing().size(), pages, sync.done() - burst.sent(), sync.pages(), sync.updated(), burst.commandsDone() - burst.sent()));
        }
        long retried = commands.stream().filter(row -> row.attempts() > 1).count();
        long failed = calls.stream().filter(Call::failed).count();
        Map<String, Long> methods = new TreeMap<>(calls.stream().collect(Collectors.groupingBy(
                call -> call.method() + (call.listing() ? " (listing)" : ""), Collectors.counting())));
        line.append(String.format(Locale.ROOT, "; calls by method %s; %d answered ≥ 300 or not at all; %d command(s) took more than one"
                + " attempt", methods, failed, retried));
        line.append("; ").append(burst.cpu().describe()).append(String.format(Locale.ROOT, "; load %.1f", burst.load()));
        return line.toString();
    }

    /** The both-ways sync's time line, in ms from its request: its pages wait for a slot among the updates' takers. */
    private String syncBreakdown(Burst burst) {
        SyncSeen sync = burst.sync();
        List<Call> pages = burst.listing();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "asked → the link's lease seen taken %d ms", sync.claimSeen()
                - sync.asked()));
        if (!pages.isEmpty()) {
            line.append(String.format(Locale.ROOT, ", → its 1st page's call %d ms (the worker's start and the wait for one of the"
                    + " mailbox's slots, all held by the updates, whose up to %d other takers poll too)", pages.get(0).at() - sync.claimSeen(),
                    Math.min(burst.commands().size(), config.commands().concurrency()) - burst.slots()));
            for (int k = 1; k < pages.size(); k++) {
                line.append(String.format(Locale.ROOT, ", page %d's call +%d ms after the one before", k + 1, pages.get(k).at()
                        - pages.get(k - 1).at()));
            }
            line.append(String.format(Locale.ROOT, ", last call → succeeded seen %d ms (%d of it the latency; the page's %d updates"
                    + " applied and published)", sync.done() - pages.get(pages.size() - 1).at(), LATENCY_MS, sync.updated()));
        }
        line.append(String.format(Locale.ROOT, "; %d pages; the updates all succeeded %d ms after the sync", sync.pages(),
                burst.commandsDone() - sync.done()));
        return line.toString();
    }

    // --- The table -----------------------------------------------------------------------------------------

    private List<TableRow> rows(Map<String, List<Round>> rounds) {
        List<TableRow> rows = new ArrayList<>();
        rounds.forEach((provider, measured) -> {
            int slots = slots(provider);
            String pageSize = Integer.toString((provider.equals("google") ? config.google() : config.microsoft()).pageSize());
            Function<Function<Round, List<Call>>, int[]> counted = pick -> measured.stream().mapToInt(r -> pick.apply(r).size()).toArray();

            // CRM → provider
            double[] creates = values(measured, r -> r.creates().seconds());
            double[] createBounds = values(measured, r -> waves(r.creates().calls().size(), slots) * LATENCY_MS / 1000.0);
            double createRatio = median(creates) / median(createBounds);
            Round createMedian = median(measured, r -> r.creates().seconds());
            rows.add(new TableRow(provider + "-creates", provider, String.format(Locale.ROOT, "CRM → provider: %d creates, one burst on"
                    + " calendar.commands (1st sent → last succeeded)", COUNT), pageSize, creates, counted.apply(r -> r.creates().calls()),
                    createBounds, String.format(Locale.ROOT, "ceil(calls ÷ %d) × %d ms: %d slots per mailbox, a call holds one", slots,
                            LATENCY_MS, slots),
                    verdict(createRatio <= GOAL_RATIO, String.format(Locale.ROOT, "≤ %.1f×; the seed's ~20 s for 50", GOAL_RATIO)),
                    "median round: " + breakdown(createMedian.creates()) + String.format(Locale.ROOT, "; highest in flight at the stand-in"
                            + " over the round %d", createMedian.highestInFlight())));

            // Both ways
            double[] both = values(measured, r -> r.roundTrip().seconds());
            double[] bothBounds = values(measured, r -> Math.max(waves(r.roundTrip().calls().size(), slots), r.roundTrip().listing().size())
                    * LATENCY_MS / 1000.0);
            double[] sequential = values(measured, r -> (waves(r.roundTrip().others().size(), slots) + r.roundTrip().listing().size())
                    * LATENCY_MS / 1000.0);
            double bothRatio = median(both) / median(bothBounds);
            Round bothMedian = median(measured, r -> r.roundTrip().seconds());
            rows.add(new TableRow(provider + "-both-ways", provider, String.format(Locale.ROOT, "both ways: %d updates by commands + the"
                    + " user's %d changes by a sync asked for at once (1st update sent → updates and sync succeeded)", COUNT, COUNT), pageSize,
                    both, counted.apply(r -> r.roundTrip().calls()), bothBounds,
                    String.format(Locale.ROOT, "max(ceil(calls ÷ %d), listing pages) × %d ms: the sync's pages share the slots and go one"
                            + " after the other; writes, then the listing: %.2f", slots, LATENCY_MS, median(sequential)),
                    verdict(median(both) <= GOAL_SECONDS && bothRatio <= GOAL_RATIO, String.format(Locale.ROOT, "≤ %.0f s and ≤ %.1f×;"
                            + " the seed's ~30 s", GOAL_SECONDS, GOAL_RATIO)),
                    "median round: " + breakdown(bothMedian.roundTrip()) + String.format(Locale.ROOT, "; ratio to the writes-then-listing"
                            + " model %.2f×", median(both) / median(sequential))));
            rows.add(new TableRow(provider + "-both-ways-updates", provider, String.format(Locale.ROOT, "diagnostic: the %d updates alone"
                    + " (1st sent → last succeeded), beside the sync", COUNT), pageSize, values(measured, r -> r.roundTrip().commandSeconds()),
                    counted.apply(r -> r.roundTrip().others()), values(measured, r -> waves(r.roundTrip().others().size(), slots) * LATENCY_MS
                            / 1000.0), String.format(Locale.ROOT, "ceil(calls ÷ %d) × %d ms", slots, LATENCY_MS), "–", ""));
            rows.add(new TableRow(provider + "-both-ways-sync", provider, String.format(Locale.ROOT, "diagnostic: the sync alone (asked →"
                    + " succeeded, %d updates), beside the updates", COUNT), pageSize, values(measured, r -> r.roundTrip().sync().seconds()),
                    counted.apply(r -> r.roundTrip().listing()), values(measured, r -> r.roundTrip().listing().size() * LATENCY_MS / 1000.0),
                    String.format(Locale.ROOT, "pages × %d ms: one after the other", LATENCY_MS), "–",
                    "median round: " + syncBreakdown(median(measured, r -> r.roundTrip().sync().seconds()).roundTrip())));

            // Ceiling
            double[] perCall = measured.stream().flatMapToDouble(r -> Arrays.stream(r.ceiling().callMillis())).toArray();
            int failed = measured.stream().mapToInt(r -> r.ceiling().failed()).sum();
            rows.add(new TableRow(provider + "-ceiling", provider, String.format(Locale.ROOT, "ceiling: %d inserts straight at the stand-in,"
                    + " %d in flight (JDK HTTP client, no database)", COUNT, slots), "–", values(measured, r -> r.ceiling().seconds()),
                    measured.stream().mapToInt(r -> r.ceiling().calls()).toArray(),
                    values(measured, r -> waves(r.ceiling().calls(), slots) * LATENCY_MS / 1000.0),
                    String.format(Locale.ROOT, "ceil(calls ÷ %d) × %d ms", slots, LATENCY_MS), "–",
                    String.format(Locale.ROOT, "per call p50 %.1f ms, p90 %.1f, max %.1f; %d answered ≥ 300", percentile(perCall, 50),
                            percentile(perCall, 90), max(perCall), failed)));
        });
        return rows;
    }

    private static long waves(int calls, int slots) {
        return (calls + slots - 1) / slots;
    }

    private static String verdict(boolean met, String goal) {
        return (met ? "met" : "missed") + " (" + goal + ")";
    }

    private void report(List<String> settings, List<TableRow> rows) throws IOException {
        CalendarSyncBench.report("Calendar writes benchmark", "calendar-writes", settings, rows.stream()
                .map(row -> new CalendarSyncBench.ReportRow(row.key(), row.provider(), row.label(), cells(row), row.notes())).toList());
    }

    private static String[] cells(TableRow row) {
        double[] ratios = new double[row.seconds().length];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = row.seconds()[i] / row.lowerBounds()[i];
        }
        int[] calls = row.calls();
        int least = Arrays.stream(calls).min().getAsInt();
        int most = Arrays.stream(calls).max().getAsInt();
        String callCell = least == most ? Integer.toString(least) : least + "–" + most;
        return new String[] { row.provider(), row.label(), row.pageSize(),
            String.format(Locale.ROOT, "%.2f / %.2f / %.2f", min(row.seconds()), median(row.seconds()), max(row.seconds())), callCell,
            String.format(Locale.ROOT, "%.2f (%s)", median(row.lowerBounds()), row.boundModel()),
            String.format(Locale.ROOT, "%.2f / %.2f / %.2f×", min(ratios), median(ratios), max(ratios)), row.goal() };
    }

    private List<String> settings() {
        Function<String, String> show = name -> pool.query("SHOW " + name).execute().await().atMost(WAIT).iterator().next().getString(0);
        Function<String, String> value = name -> ConfigProvider.getConfig().getOptionalValue(name, String.class).orElse("?");
        List<String> settings = new ArrayList<>();
        String flags = String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(flag -> flag.startsWith("-X") && !flag.startsWith("-Xlog")).toList());
        settings.add(String.format(Locale.ROOT, "%d cores; test JVM (calendar-service, the polling, the producer, the ceiling's client) %s;"
                + " token-service and the sandbox as child JVMs", Runtime.getRuntime().availableProcessors(), flags));
        settings.add(String.format(Locale.ROOT, "PostgreSQL %s: fsync=%s, synchronous_commit=%s; reactive pool max-size=%s",
                show.apply("server_version"), show.apply("fsync"), show.apply("synchronous_commit"),
                value.apply("quarkus.datasource.reactive.max-size")));
        settings.add(String.format(Locale.ROOT, "Mailbox concurrency google %d, microsoft %d (CallPermits: a call that ends hands its slot"
                + " to this replica's longest-waiting taker; takers also look again after 10–100 ms); commands: concurrency %d, poll interval %s, lease %s; page sizes google %d, microsoft"
                + " %d; sync poll interval %s", config.google().mailboxConcurrency(), config.microsoft().mailboxConcurrency(),
                config.commands().concurrency(), config.commands().pollInterval(), config.commands().lease(), config.google().pageSize(),
                config.microsoft().pageSize(), config.sync().pollInterval()));
        settings.add(String.format(Locale.ROOT, "Sandbox: latency rule %d ms on %s (Google) and %s (Graph), every API call; the control API"
                + " is not delayed", LATENCY_MS, CalendarSyncBench.apiPath("google"), CalendarSyncBench.apiPath("microsoft")));
        settings.add(String.format(Locale.ROOT, "Per round a fresh tenant, user, account and link: %d single events seeded (the user's),"
                + " linked and synced in full; %d creates (one burst); an untimed sync that must publish nothing; the user edits %d of"
                + " their events (control API); %d updates of the created events (one burst) and a sync asked for as soon as the broker"
                + " acknowledged them; then the published events checked (no echo); then the ceiling", COUNT, COUNT, COUNT, COUNT));
        settings.add(String.format(Locale.ROOT, "%d measured round(s) per provider after %d warm-up round(s); commands polled every %d ms"
                + " from calendar_command, runs from sync_run", ROUNDS, WARM_UP_ROUNDS, RunWatch.POLL_MS));
        return settings;
    }

    // --- Small helpers -------------------------------------------------------------------------------------

    private static long epochMillis(Row row, String column) {
        return row.getOffsetDateTime(column).toInstant().toEpochMilli();
    }

    private static Round median(List<Round> rounds, ToDoubleFunction<Round> by) {
        List<Round> sorted = new ArrayList<>(rounds);
        sorted.sort((a, b) -> Double.compare(by.applyAsDouble(a), by.applyAsDouble(b)));
        return sorted.get((sorted.size() - 1) / 2);
    }

    private static double[] values(List<Round> rounds, ToDoubleFunction<Round> by) {
        return rounds.stream().mapToDouble(by).toArray();
    }

    private static double percentile(double[] values, double p) {
        return CalendarSyncBench.percentile(values, p);
    }

    private static double median(double[] values) {
        return CalendarSyncBench.median(values);
    }

    private static double min(double[] values) {
        return CalendarSyncBench.min(values);
    }

    private static double max(double[] values) {
        return CalendarSyncBench.max(values);
    }
}
