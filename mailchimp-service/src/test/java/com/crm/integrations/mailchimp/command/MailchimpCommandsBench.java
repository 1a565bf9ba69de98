package com.crm.integrations.mailchimp.command;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.Topics;
import com.crm.integrations.mailchimp.MailchimpInfrastructure;
import com.crm.integrations.mailchimp.command.CommandCalls.Tenant;
import com.crm.integrations.mailchimp.config.MailchimpConfig;
import com.crm.integrations.mailchimp.webhook.SubscriberHash;
import com.crm.integrations.testing.IntegrationInfrastructure;
import com.crm.integrations.testing.bench.CpuUse;
import com.crm.integrations.testing.bench.Load;
import com.crm.integrations.testing.contract.SandboxControl;
import com.crm.integrations.testing.contract.SandboxMailchimp;
import com.crm.integrations.testing.events.CommandRecords;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The CRM's writes to Mailchimp against their lower bounds ({@code bench/mailchimp-commands.sh}): with the sandbox's
 * Mailchimp API answering every PUT and POST in {@code bench.mailchimp.latency-ms} (100) ms (latency rules on
 * {@code /mailchimp-api/<dc>/3.0/*}), one tenant with an API key of a sandbox account of its own
 * ({@link CommandCalls#linkedTenant}), the account's {@code connections-per-account} (5) slots:
 * <ol>
 * <li><b>upserts</b>: {@code bench.mailchimp.upserts} (10,000) {@code mailchimp.member-command.v1} upserts of distinct
 * addresses, published on {@code mailchimp.commands} as fast as the producer takes them (batches of
 * {@value #SEND_BATCH} through {@link CommandRecords#send}), first send → the last {@code command-completed.v1} read;
 * lower bound calls × latency ÷ slots;</li>
 * <li><b>bulk</b>: one {@code mailchimp.subscribe-command.v1} of {@code bench.mailchimp.members} (10,000) other members
 * (on the topic when its record fits Kafka's 1 MB, else {@code POST /mailchimp/subscribe-commands}), send → its answer;
 * lower bound chunks × latency ÷ slots; then {@code bench.mailchimp.bulk-commands} (5) such commands at once.</li>
 * </ol>
 * Beside them, in the same run: ceilings (the records published to a topic nobody reads; the same number of PUTs
 * straight at the sandbox, as many in flight as the account has slots, JDK HTTP client, no database), the sandbox's
 * per-account figures (peak connections, 429s), the members projected and the {@code subscriber.changed.v2} published,
 * where the time went (each bulk command's steps from its rows; per phase, commits, tuple writes and CPU per process,
 * and PostgreSQL's backends sampled from {@code pg_stat_activity}), and, last, a diagnostic round with every statement
 * logged ({@link DatabaseShare.StatementLog}): statements per command by kind. A 50,000-member command through REST
 * is tried once (the HTTP body limit). Answers are read with {@link EventTally}.
 *
 * <p>
 * Not a test: its name is outside surefire's default includes; {@code -Dtest=MailchimpCommandsBench} runs it. Writes
 * {@code target/bench/mailchimp-commands.md} (also printed) and {@code .tsv} (for the script).
 */
@QuarkusTest
@WithTestResource(MailchimpInfrastructure.class)
class MailchimpCommandsBench {

    /** The CPU group of the child token-service JVM. */
    private static final String TOKEN_SERVICE_JVM = "token-service";
    private static final int UPSERTS = Integer.getInteger("bench.mailchimp.upserts", 10_000);
    private static final int MEMBERS = Integer.getInteger("bench.mailchimp.members", 10_000);
    private static final int BULK_COMMANDS = Integer.getInteger("bench.mailchimp.bulk-commands", 5);
    private static final int CEILING_CALLS = Integer.getInteger("bench.mailchimp.ceiling-calls", UPSERTS);
    private static final int LATENCY_MS = Integer.getInteger("bench.mailchimp.latency-ms", 100);
    private static final int WARM_UP = Integer.getInteger("bench.mailchimp.warm-up", 300);
    private static final int LOGGED_UPSERTS = Integer.getInteger("bench.mailchimp.logged-upserts", 500);
    private static final boolean STATEMENT_LOG = Boolean.parseBoolean(System.getProperty("bench.mailchimp.statement-log", "true"));
    private static final int REST_MEMBERS = 50_000;
    private static final int SEND_BATCH = 500;
    private static final int CLAIM_POLL_MS = 5;
    private static final double GOAL = 1.3;
    /** What a record may take on the topic: the producer's max.request.size and the broker's message.max.bytes, ~1 MB. */
    private static final int KAFKA_RECORD_LIMIT = 1_000_000;
    private static final String SOURCE = "/crm/marketing";
    private static final String SCRATCH_TOPIC = "bench.mailchimp-commands.scratch";
    /** PostgreSQL 15 flushes an idle backend's statistics at most this long after its last transaction. */
    private static final Duration STATS_DELAY = Duration.ofSeconds(11);
    private static final Duration STALL = Duration.ofMinutes(2);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path OUTPUT = Path.of("target", "bench");
    private static final String TABLES = "'call_slot', 'mailchimp_command', 'mailchimp_command_chunk', 'outbox', 'audience_member',"
            + " 'processed_event'";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Inject
    Pool pool;
    @Inject
    MailchimpConfig config;

    private Tenant tenant;
    private String linkId;
    private int slots;
    private CpuUse cpu;
    private EventTally tally;
    private final List<Result> results = new ArrayList<>();
    private final List<Where> where = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();
    private final Map<String, Map<String, Double>> activity = new LinkedHashMap<>();
    private final Map<String, Map<String, double[]>> statements = new LinkedHashMap<>();

    /**
     * A measured phase: seconds, its lower bound, the calls the sandbox took for it, the account's peak connections and
     * 429s meanwhile, commands (or members) failed, members in the projection and {@code subscriber.changed.v2} published
     * for it ({@code -1}: not applicable).
     */
    record Result(String key, String label, double seconds, double lowerBound, long calls, int peak, long throttled, long failed,
            long projected, long published, boolean goal) {
    }

    /** What a phase cost: per command (or per call of a ceiling), and CPU per process. */
    record Where(String key, String label, long units, double commits, double slotWrites, double commandWrites, double outboxRows,
            CpuUse.Used cpu) {
    }

    /** One figure of where a phase's time went. */
    record Step(String key, String label, double value) {
    }

    /** Counters at a phase's start. */
    private record Mark(CpuUse.Sample cpu, long commits, Map<String, Long> writes) {
    }

    @Test
    void measuresCommandsAgainstTheirLowerBounds() throws Exception {
        slots = config.api().connectionsPerAccount();
        cpu = new CpuUse(ConfigProvider.getConfig().getValue(IntegrationInfrastructure.POSTGRES_DIR, String.class), TOKEN_SERVICE_JVM);
        tenant = CommandCalls.linkedTenant("Commands bench");
        linkId = pool.preparedQuery("SELECT id::text FROM audience_link WHERE tenant_id = $1 AND audience_id = $2")
                .execute(Tuple.of(tenant.admin().tenant(), tenant.audienceId())).await().atMost(WAIT).iterator().next().getString(0);
        String apiPaths = "/mailchimp-api/" + CommandCalls.DC + "/3.0/*";
        List<String> rules = List.of(SandboxControl.latency("PUT", apiPaths, LATENCY_MS, Integer.MAX_VALUE),
                SandboxControl.latency("POST", apiPaths, LATENCY_MS, Integer.MAX_VALUE));
        String ceilingAccount = "bench-ceiling-" + UUID.randomUUID() + "@example.com";
        Ceiling ceiling = new Ceiling(SandboxMailchimp.apiKey(CommandCalls.DC, ceilingAccount), ceilingAccount,
                SandboxMailchimp.createAudience(CommandCalls.DC, "Ceiling"));
        try (EventTally events = EventTally.start()) {
            tally = events;
            // Warm-up: every path once at some volume (the JIT, the producer, the sandbox's audience), nothing kept.
            upserts("warm", WARM_UP, false);
            bulk("warm", 1, 1_000, false);
            ceiling.put("warm", WARM_UP, false);
            publishAlone("warm", WARM_UP);

            publishAlone("publish", UPSERTS);
            ceiling.put("ceiling", CEILING_CALLS, true);
            upserts("upserts", UPSERTS, true);
            bulk("bulk", 1, MEMBERS, true);
            if (BULK_COMMANDS > 1) {
                bulk("bulk-many", BULK_COMMANDS, MEMBERS, true);
            }
            if (STATEMENT_LOG) {
                logged();
            }
            restLimit();
        } finally {
            rules.forEach(SandboxControl::removeRule);
        }
        report();
    }

    // --- Phases ------------------------------------------------------------------------------------------------

    /** {@code count} upserts of new members on the topic, first send → last answer. */
    private void upserts(String name, int count, boolean measured) throws InterruptedException {
        List<String> ids = new ArrayList<>(count);
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            records.add(command(id, EventType.MAILCHIMP_MEMBER_COMMAND, Map.of("action", "upsert", "audienceId", tenant.audienceId(),
                    "email", email(name, i))));
        }
        String calls = "/mailchimp-api/" + CommandCalls.DC + "/3.0/lists/" + tenant.audienceId() + "/members/*";
        Mark mark = measured ? begin() : null;
        long callsBefore = SandboxControl.calls(calls);
        long changedBefore = tally.count(tenant.admin().tenant(), EventType.SUBSCRIBER_CHANGED_V2);
        DatabaseShare.Sampler sampler = measured ? DatabaseShare.Sampler.start(pool) : null;
        DatabaseShare.ClaimProbe claims = measured ? DatabaseShare.ClaimProbe.start(pool) : null;
        long start = System.currentTimeMillis();
        send(records);
        long published = System.currentTimeMillis();
        long last = tally.awaitAll(ids, STALL);
        CpuUse.Sample cpuEnd = cpu.sample();
        if (!measured) {
            return;
        }
        activity.put(name, sampler.stop());
        List<DatabaseShare.ClaimProbe.Probe> probes = claims.stop();
        end(mark, name, String.format(Locale.ROOT, "%,d upserts (per command)", count), count, cpuEnd);
        long callCount = SandboxControl.calls(calls) - callsBefore;
        double seconds = (last - start) / 1000.0;
        long failed = ids.stream().filter(id -> !tally.answer(id).completed()).count();
        results.add(new Result(name, String.format(Locale.ROOT, "**%,d member upserts** on mailchimp.commands (1st send → %,dth "
                + "command-completed.v1)", count, count), seconds, lowerBound(callCount), callCount, peak(tenant.account()),
                SandboxMailchimp.tooManyRequests(tenant.account()), failed, projected(name), changedSince(changedBefore), true));

        // Where the time went
        Map<String, long[]> rows = commandRows(ids);
        long[] received = rows.values().stream().mapToLong(row -> row[0]).sorted().toArray();
        long[] lags = ids.stream().mapToLong(id -> tally.answer(id).at() - rows.get(id)[1]).sorted().toArray();
        long[] answered = ids.stream().mapToLong(id -> tally.answer(id).at()).sorted().toArray();
        long retried = rows.values().stream().filter(row -> row[2] > 1).count();
        long[] lifetimes = rows.values().stream().mapToLong(row -> row[1] - row[0]).sorted().toArray();
        steps.add(new Step(name + "-publish", "1st send → the last record acknowledged by the broker (s)", (published - start) / 1000.0));
        steps.add(new Step(name + "-stored", "1st send → the last command stored by the consumer (s)",
                (received[received.length - 1] - start) / 1000.0));
        steps.add(new Step(name + "-stored-rate", "commands stored per second by the consumer (1st send → last stored)",
                count / ((received[received.length - 1] - start) / 1000.0)));
        steps.add(new Step(name + "-first", "1st send → 1st answer (s)", (answered[0] - start) / 1000.0));
        int from = answered.length / 10;
        int to = answered.length * 9 / 10;
        steps.add(new Step(name + "-steady", "answers per second from the 10th to the 90th percentile answer (lower bound's rate: "
                + slots * 1000 / LATENCY_MS + "/s)", (to - from) / ((answered[to] - answered[from]) / 1000.0)));
        steps.add(new Step(name + "-last", "90th percentile answer → last answer (s)", (answered[answered.length - 1] - answered[to]) / 1000.0));
        steps.add(new Step(name + "-lag-p50", "finished_at → answer read, p50 (ms): the settle's commit, the relay, Kafka", percentile(lags, 50)));
        steps.add(new Step(name + "-lag-p99", "finished_at → answer read, p99 (ms)", percentile(lags, 99)));
        steps.add(new Step(name + "-lifetime-p50", "stored → finished_at per command, p50 (ms): waiting to be claimed, for a slot, "
                + "the call", percentile(lifetimes, 50)));
        steps.add(new Step(name + "-lifetime-p90", "stored → finished_at per command, p90 (ms)", percentile(lifetimes, 90)));
        steps.add(new Step(name + "-retried", "commands that took more than one attempt", retried));
        probes.stream().max((a, b) -> Long.compare(a.pending(), b.pending())).ifPresent(largest -> {
            steps.add(new Step(name + "-claim-backlog", "the largest backlog the claim probe saw (every " + DatabaseShare.ClaimProbe.EVERY_MS
                    / 1000 + " s): pending commands", largest.pending()));
            steps.add(new Step(name + "-claim-ms", "the claim at that backlog (CommandRows' CLAIM, limit 1, EXPLAIN ANALYZE, rolled back: "
                    + "PostgreSQL's ms)", largest.millis()));
            steps.add(new Step(name + "-claim-buffers", "its buffers touched", largest.buffers()));
            steps.add(new Step(name + "-claim-sorts", "its plan sorts every due command (1: yes)", largest.sorts() ? 1 : 0));
        });
        probes.stream().min((a, b) -> Long.compare(a.pending(), b.pending())).ifPresent(smallest -> {
            steps.add(new Step(name + "-claim-backlog-least", "the smallest backlog it saw: pending commands", smallest.pending()));
            steps.add(new Step(name + "-claim-ms-least", "the claim at that backlog (ms)", smallest.millis()));
            steps.add(new Step(name + "-claim-buffers-least", "its buffers touched", smallest.buffers()));
        });
    }

    /**
     * {@code commands} subscribe commands of {@code members} new members each, sent at once; first send → last answer.
     * On the topic while a command's record fits, else through REST.
     */
    private void bulk(String name, int commands, int members, boolean measured) throws InterruptedException {
        List<String> ids = new ArrayList<>();
        List<Map<String, Object>> payloads = new ArrayList<>();
        for (int c = 0; c < commands; c++) {
            ids.add(UUID.randomUUID().toString());
            payloads.add(subscribe(name + "-" + c, members));
        }
        int bytes = Json.encode(payloads.get(0)).length();
        boolean viaKafka = bytes < KAFKA_RECORD_LIMIT;
        String calls = "/mailchimp-api/" + CommandCalls.DC + "/3.0/lists/" + tenant.audienceId();
        Mark mark = measured ? begin() : null;
        long callsBefore = SandboxControl.calls(calls);
        long changedBefore = tally.count(tenant.admin().tenant(), EventType.SUBSCRIBER_CHANGED_V2);
        DatabaseShare.Sampler sampler = measured ? DatabaseShare.Sampler.start(pool) : null;
        long start = System.currentTimeMillis();
        if (viaKafka) {
            List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
            for (int c = 0; c < commands; c++) {
                records.add(command(ids.get(c), EventType.MAILCHIMP_SUBSCRIBE_COMMAND, payloads.get(c)));
            }
            send(records);
        } else {
            for (int c = 0; c < commands; c++) {
                CommandCalls.post(tenant.admin(), "subscribe", ids.get(c), payloads.get(c)).then().statusCode(202);
            }
        }
        long claimed = lastClaimed(ids);
        long last = tally.awaitAll(ids, STALL);
        CpuUse.Sample cpuEnd = cpu.sample();
        if (!measured) {
            return;
        }
        activity.put(name, sampler.stop());
        long callCount = SandboxControl.calls(calls) - callsBefore;
        end(mark, name, String.format(Locale.ROOT, "%s (per chunk of %d members)", commands == 1 ? "1 subscribe command"
                : commands + " subscribe commands", config.commands().chunkSize()), callCount, cpuEnd);
        long failedMembers = 0;
        long created = 0;
        for (String id : ids) {
            EventTally.Answer answer = tally.answer(id);
            JsonObject counts = answer.completed() ? answer.payload().getJsonObject("counts") : null;
            failedMembers += counts == null ? members : counts.getInteger("failed");
            created += counts == null ? 0 : counts.getInteger("created");
        }
        String via = viaKafka ? "on the topic" : "REST";
        String label = commands == 1
                ? String.format(Locale.ROOT, "**bulk: 1 subscribe command of %,d members** (%s, %,d B; send → its command-completed.v1; "
                        + "created %,d)", members, via, bytes, created)
                : String.format(Locale.ROOT, "bulk: %d subscribe commands of %,d members sent at once, %,d members (%s, %,d B each; "
                        + "1st send → last answer; created %,d)", commands, members, commands * members, via, bytes, created);
        results.add(new Result(name, label, (last - start) / 1000.0, lowerBound(callCount), callCount, peak(tenant.account()),
                SandboxMailchimp.tooManyRequests(tenant.account()), failedMembers, projected(name), changedSince(changedBefore),
                commands == 1));

        // Where the time went, from the send: each step as the last of the commands reached it
        Map<String, long[]> rows = commandRows(ids);
        Map<String, long[]> chunks = chunkTimes(ids);
        long chunkCount = chunks.values().stream().mapToLong(times -> times[0]).sum();
        long firstChunk = chunks.values().stream().mapToLong(times -> times[1]).min().orElseThrow();
        long lastChunk = chunks.values().stream().mapToLong(times -> times[2]).max().orElseThrow();
        String all = commands == 1 ? "" : " (the last of the commands)";
        steps.add(new Step(name + "-stored", "send → stored by the consumer" + all + " (ms)",
                rows.values().stream().mapToLong(row -> row[0]).max().orElseThrow() - start));
        steps.add(new Step(name + "-claimed", "send → claimed by the worker" + all + " (ms, seen by polling every " + CLAIM_POLL_MS
                + " ms)", claimed - start));
        steps.add(new Step(name + "-first-chunk", "send → 1st chunk's call answered (ms: its written_at, stamped before its "
                + "transaction)", firstChunk - start));
        steps.add(new Step(name + "-last-chunk", "send → last chunk's call answered (ms)", lastChunk - start));
        steps.add(new Step(name + "-finished", "send → finished_at" + all + " (ms: the chunks' transactions done, one after "
                + "the other)",
                rows.values().stream().mapToLong(row -> row[1]).max().orElseThrow() - start));
        steps.add(new Step(name + "-answer", "send → answer read" + all + " (ms)", last - start));
        steps.add(new Step(name + "-chunk-ms", String.format(Locale.ROOT, "ms per chunk from the 1st call answered to the last (%d "
                + "chunks; the lower bound's pace: %d ms)", chunkCount, LATENCY_MS / slots), (lastChunk - firstChunk) / (double) Math.max(1,
                chunkCount - 1)));
    }

    private Map<String, Object> subscribe(String phase, int members) {
        List<Map<String, Object>> list = new ArrayList<>(members);
        for (int i = 0; i < members; i++) {
            list.add(Map.of("email", email(phase, i)));
        }
        return Map.of("audienceId", tenant.audienceId(), "members", list);
    }

    /** The same records published to a topic nobody reads: the producer and the broker alone. */
    private void publishAlone(String name, int count) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ProducerRecord<String, byte[]> record = command(UUID.randomUUID().toString(), EventType.MAILCHIMP_MEMBER_COMMAND,
                    Map.of("action", "upsert", "audienceId", tenant.audienceId(), "email", email(name, i)));
            records.add(new ProducerRecord<>(SCRATCH_TOPIC, null, record.key(), record.value(), record.headers()));
        }
        long start = System.currentTimeMillis();
        send(records);
        if (!name.equals("warm")) {
            results.add(new Result(name, String.format(Locale.ROOT, "ceiling: publish %,d member-command records alone (a topic nobody "
                    + "reads; CommandRecords.send, %d a batch)", count, SEND_BATCH), (System.currentTimeMillis() - start) / 1000.0,
                    Double.NaN, -1, -1, -1, -1, -1, -1, false));
        }
    }

    /** The REST API's answer to one subscribe command of {@value #REST_MEMBERS} members (the most a command may hold). */
    private void restLimit() {
        Map<String, Object> payload = subscribe("rest", REST_MEMBERS);
        int status = CommandCalls.post(tenant.admin(), "subscribe", "bench-rest-" + UUID.randomUUID(), payload).statusCode();
        steps.add(new Step("rest-50000-status", String.format(Locale.ROOT, "REST: POST /mailchimp/subscribe-commands with %,d members, "
                + "%,d B: HTTP status (quarkus.http.limits.max-body-size=%s)", REST_MEMBERS, Json.encode(payload).length(),
                ConfigProvider.getConfig().getOptionalValue("quarkus.http.limits.max-body-size", String.class).orElse("?")), status));
    }

    /** Upserts and a subscribe command again, every statement logged: executions and server time per command by kind. */
    private void logged() throws IOException, InterruptedException {
        String dir = ConfigProvider.getConfig().getValue(IntegrationInfrastructure.POSTGRES_DIR, String.class);
        settle();
        DatabaseShare.StatementLog log = DatabaseShare.StatementLog.on(pool, dir);
        try {
            upserts("logged", LOGGED_UPSERTS, false);
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2)); // the relay's last rounds
        } finally {
            statements.put("upserts", perUnit(log.off(), LOGGED_UPSERTS));
        }
        settle();
        log = DatabaseShare.StatementLog.on(pool, dir);
        try {
            bulk("logged-bulk", 1, MEMBERS, false);
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2));
        } finally {
            statements.put("bulk", perUnit(log.off(), 1));
        }
    }

    private static Map<String, double[]> perUnit(Map<String, double[]> kinds, int units) {
        Map<String, double[]> per = new LinkedHashMap<>();
        kinds.forEach((kind, sums) -> per.put(kind, new double[] { sums[0] / units, sums[1] / units }));
        return per;
    }

    // --- The ceiling -------------------------------------------------------------------------------------------

    /** PUTs straight at the sandbox's member endpoint with another account's key and audience: no service, no database. */
    private final class Ceiling {

        private final String key;
        private final String account;
        private final String members;

        Ceiling(String key, String account, String audienceId) {
            this.key = key;
            this.account = account;
            this.members = SandboxMailchimp.apiEndpoint(CommandCalls.DC) + "/3.0/lists/" + audienceId + "/members/";
        }

        void put(String name, int calls, boolean measured) {
            Load.Operation put = (i, done) -> {
                String email = email(name, i);
                HttpRequest request = HttpRequest.newBuilder(URI.create(members + SubscriberHash.of(email))).timeout(WAIT)
                        .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(new JsonObject().put("email_address", email).put("status_if_new", "pending")
                                .encode())).build();
                HTTP.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> done.completed(
                        failure != null ? failure.toString() : response.statusCode() == 200 ? null : "status " + response.statusCode()));
            };
            Mark mark = measured ? begin() : null;
            long start = System.currentTimeMillis();
            Load.Measured calls1 = Load.closedLoop(Load.limited(put, calls), slots, 0, 3600);
            double seconds = (System.currentTimeMillis() - start) / 1000.0;
            CpuUse.Sample cpuEnd = cpu.sample();
            if (!measured) {
                return;
            }
            results.add(new Result(name, String.format(Locale.ROOT, "ceiling: %,d PUTs straight at the sandbox, %d in flight (JDK HTTP "
                    + "client, another account and audience, no service)", calls, slots), seconds, lowerBound(calls), calls,
                    peak(account), SandboxMailchimp.tooManyRequests(account), calls1.errors(), -1, -1, false));
            steps.add(new Step(name + "-p50", "ceiling: one PUT, p50 (ms)", calls1.p50()));
            steps.add(new Step(name + "-p99", "ceiling: one PUT, p99 (ms)", calls1.p99()));
            end(mark, name, String.format(Locale.ROOT, "ceiling: %,d PUTs straight (per call)", calls), calls, cpuEnd);
        }
    }

    // --- Measuring ---------------------------------------------------------------------------------------------

    /** The outbox drained and the statistics flushed; then the counters. Resets the sandbox's peaks. */
    private Mark begin() {
        settle();
        SandboxMailchimp.resetConnections();
        return new Mark(cpu.sample(), commits(), writes());
    }

    /** A phase's costs per unit (command, chunk or call); the CPU up to {@code cpuEnd}, the counters once flushed. */
    private void end(Mark mark, String key, String label, long units, CpuUse.Sample cpuEnd) {
        settle();
        Map<String, Long> writes = writes();
        Function<String, Double> per = table -> (writes.getOrDefault(table, 0L) - mark.writes().getOrDefault(table, 0L)) / (double) units;
        where.add(new Where(key, label, units, (commits() - mark.commits()) / (double) units, per.apply("call_slot"),
                per.apply("mailchimp_command"), (outboxRows(writes) - outboxRows(mark.writes())) / (double) units,
                CpuUse.between(mark.cpu(), cpuEnd)));
    }

    private static long outboxRows(Map<String, Long> writes) {
        return writes.getOrDefault("outbox inserted", 0L);
    }

    /** Waits for the outbox to drain, then for the backends' statistics to reach the shared counters. */
    private void settle() {
        long deadline = System.nanoTime() + STALL.toNanos();
        while (count("SELECT count(*) FROM outbox WHERE sent_at IS NULL") > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The outbox did not drain in " + STALL);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        LockSupport.parkNanos(STATS_DELAY.toNanos());
    }

    private long commits() {
        return count("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");
    }

    /** Tuples written (inserted + updated + deleted) per table of ours; the outbox's inserts apart. */
    private Map<String, Long> writes() {
        Map<String, Long> writes = new HashMap<>();
        for (Row row : pool.query("SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_user_tables WHERE schemaname = "
                + "current_schema() AND relname IN (" + TABLES + ")").execute().await().atMost(WAIT)) {
            writes.put(row.getString(0), row.getLong(1) + row.getLong(2) + row.getLong(3));
            if ("outbox".equals(row.getString(0))) {
                writes.put("outbox inserted", row.getLong(1));
            }
        }
        return writes;
    }

    /** Per command: received_at, finished_at (epoch ms), attempts. */
    private Map<String, long[]> commandRows(List<String> ids) {
        Map<String, long[]> rows = new HashMap<>();
        pool.preparedQuery("SELECT command_id, received_at, finished_at, attempts FROM mailchimp_command WHERE tenant_id = $1"
                + " AND command_id = ANY($2)").execute(Tuple.of(tenant.admin().tenant(), ids.toArray(new String[0]))).await().atMost(WAIT)
                .forEach(row -> rows.put(row.getString(0), new long[] { epochMillis(row, 1), epochMillis(row, 2), row.getInteger(3) }));
        return rows;
    }

    /** Per command: its chunks (beyond the refused-before-any-call one), the first and last written_at (epoch ms). */
    private Map<String, long[]> chunkTimes(List<String> ids) {
        Map<String, long[]> chunks = new HashMap<>();
        pool.preparedQuery("SELECT c.command_id, count(*), min(k.written_at), max(k.written_at) FROM mailchimp_command_chunk k"
                + " JOIN mailchimp_command c ON c.id = k.command_id WHERE c.tenant_id = $1 AND c.command_id = ANY($2) AND k.chunk >= 0"
                + " GROUP BY c.command_id").execute(Tuple.of(tenant.admin().tenant(), ids.toArray(new String[0]))).await().atMost(WAIT)
                .forEach(row -> chunks.put(row.getString(0), new long[] { row.getLong(1), epochMillis(row, 2), epochMillis(row, 3) }));
        return chunks;
    }

    /** Polls the commands' states until each was seen claimed (running or done): when the last was first seen so (epoch ms). */
    private long lastClaimed(List<String> ids) {
        Map<String, Long> claimed = new HashMap<>();
        long deadline = System.nanoTime() + STALL.toNanos();
        while (claimed.size() < ids.size() && System.nanoTime() < deadline) {
            var rows = pool.preparedQuery("SELECT command_id FROM mailchimp_command WHERE tenant_id = $1 AND command_id = ANY($2)"
                    + " AND state <> 'pending'").execute(Tuple.of(tenant.admin().tenant(), ids.toArray(new String[0]))).await().atMost(WAIT);
            long now = System.currentTimeMillis();
            rows.forEach(row -> claimed.putIfAbsent(row.getString(0), now));
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(CLAIM_POLL_MS));
        }
        return claimed.values().stream().mapToLong(Long::longValue).max().orElse(-1);
    }

    private long projected(String phase) {
        return count("SELECT count(*) FROM audience_member WHERE link_id = '" + linkId + "' AND email LIKE '" + phase + "-%'");
    }

    /** subscriber.changed.v2 of the tenant read since {@code before} (the outbox drained since: {@link #end}). */
    private long changedSince(long before) {
        return tally.count(tenant.admin().tenant(), EventType.SUBSCRIBER_CHANGED_V2) - before;
    }

    private static int peak(String account) {
        return SandboxMailchimp.peakConnections(account);
    }

    private double lowerBound(long calls) {
        return calls * LATENCY_MS / 1000.0 / slots;
    }

    private ProducerRecord<String, byte[]> command(String id, EventType type, Map<String, Object> payload) {
        return CommandRecords.record(Topics.MAILCHIMP_COMMANDS, tenant.admin().tenant(), id, type.type(), SOURCE, payload);
    }

    @SuppressWarnings("unchecked")
    private static void send(List<ProducerRecord<String, byte[]>> records) {
        for (int from = 0; from < records.size(); from += SEND_BATCH) {
            CommandRecords.send(records.subList(from, Math.min(records.size(), from + SEND_BATCH)).toArray(new ProducerRecord[0]));
        }
    }

    private static String email(String phase, int i) {
        return String.format(Locale.ROOT, "%s-%05d@bench.example.org", phase, i);
    }

    private long count(String query) {
        return pool.query(query).execute().await().atMost(WAIT).iterator().next().getLong(0);
    }

    private static long epochMillis(Row row, int column) {
        return row.getOffsetDateTime(column).toInstant().toEpochMilli();
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.max(0, (int) Math.ceil(p / 100 * sorted.length) - 1)];
    }

    // --- Output ------------------------------------------------------------------------------------------------

    private List<String> settings() {
        Function<String, String> show = name -> pool.query("SHOW " + name).execute().await().atMost(WAIT).iterator().next().getString(0);
        Function<String, String> value = name -> ConfigProvider.getConfig().getOptionalValue(name, String.class).orElse("default");
        MailchimpConfig.Commands commands = config.commands();
        String flags = String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(flag -> flag.startsWith("-X") && !flag.startsWith("-Xlog")).toList());
        return List.of(
                String.format(Locale.ROOT, "%d cores; test JVM (mailchimp-service, the producer, the reader, the ceiling's client) %s; "
                        + "token-service, the sandbox and Kafka as child JVMs", Runtime.getRuntime().availableProcessors(), flags),
                String.format(Locale.ROOT, "PostgreSQL %s: fsync=%s, synchronous_commit=%s; reactive pool max-size=%s",
                        show.apply("server_version"), show.apply("fsync"), show.apply("synchronous_commit"),
                        value.apply("quarkus.datasource.reactive.max-size")),
                String.format(Locale.ROOT, "Commands: poll-interval=%s, concurrency=%d, lease=%s, min/max-retry-delay=%s/%s, chunk-size=%d, "
                        + "batch-above=%d; api: connections-per-account=%d, connection-wait=%s, throttle-wait=%s, http max-retries=%d",
                        commands.pollInterval(), commands.concurrency(), commands.lease(), commands.minRetryDelay(), commands.maxRetryDelay(),
                        commands.chunkSize(), commands.batchAbove(), slots, config.api().connectionWait(), config.api().throttleWait(),
                        config.api().http().maxRetries()),
                String.format(Locale.ROOT, "Sandbox: latency rules of %d ms on PUT and POST /mailchimp-api/%s/3.0/* (the control API is "
                        + "not delayed); one tenant, its API key of a sandbox account of its own, one linked audience", LATENCY_MS,
                        CommandCalls.DC),
                String.format(Locale.ROOT, "Warm-up (not kept): %d upserts, a subscribe command of 1,000 members, %d ceiling PUTs, %d "
                        + "records published; between phases the outbox drains and %d s pass (PostgreSQL's statistics)", WARM_UP, WARM_UP,
                        WARM_UP, STATS_DELAY.toSeconds()));
    }

    private void report() throws IOException {
        StringBuilder md = new StringBuilder();
        StringBuilder tsv = new StringBuilder();
        md.append("Mailchimp commands benchmark, ").append(LocalDate.now()).append('\n');
        settings().forEach(line -> {
            md.append("- ").append(line).append('\n');
            tsv.append("# ").append(line).append('\n');
        });
        md.append("\n| measure | time (s) | lower bound (s) | ratio | calls | calls/s | peak connections | 429s | failed | projected "
                + "| subscriber.changed.v2 |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            String[] cells = { number(r.seconds(), 2), number(r.lowerBound(), 2), number(r.seconds() / r.lowerBound(), 2),
                count(r.calls()), r.calls() < 0 ? "-" : number(r.calls() / r.seconds(), 1), count(r.peak()), count(r.throttled()),
                count(r.failed()), count(r.projected()), count(r.published()) };
            md.append("| ").append(r.label()).append(" | ").append(String.join(" | ", cells)).append(" |\n");
            tsv.append("r:").append(r.key()).append('\t').append(r.label()).append('\t').append(String.join("\t", cells)).append('\t')
                    .append(r.goal() ? "goal" : "-").append('\n');
        }
        md.append("\n| where | transactions (a statement outside one counts one) | call_slot writes | mailchimp_command writes | outbox rows | CPU in cores: test JVM / "
                + "token-service / PostgreSQL / sandbox / Kafka / Maven / other sessions | CPU ms per unit (ours) |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (Where w : where) {
            CpuUse.Used used = w.cpu();
            String[] cells = { number(w.commits(), 2), number(w.slotWrites(), 2), number(w.commandWrites(), 2), number(w.outboxRows(), 2),
                number(used.cores(CpuUse.APP), 2), number(used.cores(TOKEN_SERVICE_JVM), 2), number(used.cores(CpuUse.POSTGRES), 2),
                number(used.cores(CpuUse.SANDBOX), 2), number(used.cores(CpuUse.KAFKA), 2), number(used.cores(CpuUse.MAVEN), 2),
                number(used.cores(CpuUse.OTHERS), 2), number(used.oursMillisPer(w.units()), 2) };
            md.append("| ").append(w.label()).append(" | ").append(String.join(" | ", Arrays.copyOf(cells, 4))).append(" | ")
                    .append(String.join(" / ", Arrays.copyOfRange(cells, 4, 11))).append(" | ").append(cells[11]).append(" |\n");
            tsv.append("w:").append(w.key()).append('\t').append(w.label()).append('\t').append(String.join("\t", cells)).append('\n');
        }
        md.append("\n| step | value |\n|---|---|\n");
        for (Step s : steps) {
            md.append("| ").append(s.label()).append(" | ").append(number(s.value(), s.value() >= 100 ? 0 : 2)).append(" |\n");
            tsv.append("t:").append(s.key()).append('\t').append(s.label()).append('\t').append(number(s.value(), s.value() >= 100 ? 0 : 2))
                    .append('\n');
        }
        md.append("\n| PostgreSQL backends, mean over samples every ").append(DatabaseShare.Sampler.EVERY_MS).append(" ms | ")
                .append(String.join(" | ", activity.keySet())).append(" |\n|---|").append("---|".repeat(activity.size())).append('\n');
        activityRows(md, tsv);
        if (!statements.isEmpty()) {
            md.append("\n| statement kind (every statement logged) | per upsert: executions | server ms | per subscribe command of ")
                    .append(String.format(Locale.ROOT, "%,d", MEMBERS)).append(": executions | server ms |\n|---|---|---|---|---|\n");
            statementRows(md, tsv);
        }
        md.append(String.format(Locale.ROOT, "%nAnswers read twice for one command: %d%n", tally.repeatedAnswers()));
        tsv.append("#repeated ").append(tally.repeatedAnswers()).append('\n');
        Files.createDirectories(OUTPUT);
        Files.writeString(OUTPUT.resolve("mailchimp-commands.md"), md.toString());
        Files.writeString(OUTPUT.resolve("mailchimp-commands.tsv"), tsv.toString());
        System.out.println();
        System.out.println(md);
    }

    private void activityRows(StringBuilder md, StringBuilder tsv) {
        List<String> categories = new ArrayList<>();
        activity.values().forEach(means -> means.forEach((category, mean) -> {
            if (mean >= 0.01 && !categories.contains(category)) {
                categories.add(category);
            }
        }));
        for (String category : categories) {
            List<String> cells = new ArrayList<>();
            activity.values().forEach(means -> cells.add(number(means.getOrDefault(category, 0.0), 2)));
            md.append("| ").append(category).append(" | ").append(String.join(" | ", cells)).append(" |\n");
            tsv.append("a:").append(category.replace(' ', '_')).append('\t').append(category).append('\t').append(String.join("\t", cells))
                    .append('\n');
        }
    }

    private void statementRows(StringBuilder md, StringBuilder tsv) {
        List<String> kinds = new ArrayList<>();
        statements.values().forEach(perKind -> perKind.keySet().forEach(kind -> {
            if (!kinds.contains(kind)) {
                kinds.add(kind);
            }
        }));
        for (String kind : kinds) {
            if (statements.values().stream().allMatch(perKind -> perKind.getOrDefault(kind, new double[2])[0] < 0.005)) {
                continue; // a background statement that hardly ran
            }
            List<String> cells = new ArrayList<>();
            for (String round : List.of("upserts", "bulk")) {
                double[] sums = statements.getOrDefault(round, Map.of()).getOrDefault(kind, new double[] { 0, 0 });
                cells.add(number(sums[0], 2));
                cells.add(number(sums[1], 2));
            }
            md.append("| ").append(kind).append(" | ").append(String.join(" | ", cells)).append(" |\n");
            tsv.append("s:").append(kind.replace(' ', '_')).append('\t').append(kind).append('\t').append(String.join("\t", cells))
                    .append('\n');
        }
    }

    private static String number(double value, int decimals) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static String count(long value) {
        return value < 0 ? "-" : Long.toString(value);
    }
}
