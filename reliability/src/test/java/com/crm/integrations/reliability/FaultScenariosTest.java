package com.crm.integrations.reliability;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.crm.integrations.reliability.Workload.Batch;
import com.crm.integrations.reliability.Workload.ProviderEvent;
import com.crm.integrations.reliability.Workload.Subscription;
import com.crm.integrations.reliability.Workload.Tenant;
import com.crm.integrations.testing.contract.SandboxControl;
import com.crm.integrations.testing.contract.SandboxMailchimp;
import com.crm.integrations.testing.contract.SandboxTokens;
import com.crm.integrations.testing.services.ServiceProcess;
import io.restassured.http.ContentType;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 18's fault scenarios against the {@link WholeSystem} under a {@link Workload}: the Kafka broker killed, PostgreSQL
 * stopped, one replica of each service killed, the providers failing part of their calls; then everything the load did
 * is reconciled: nothing acknowledged lost, nothing done twice, every event applied by every consumer. The figures go to
 * {@code target/reliability-faults.md}.
 *
 * <p>The short form (in {@code ./mvnw verify}) takes the durations below; the long form ({@code reliability/run.sh})
 * passes longer ones and more tenants: {@value #OUTAGE} (seconds the broker and the database are down, default 30),
 * {@value #PROVIDER_FAULTS} (seconds the providers fail, default 30), {@value #TENANTS} (default 4), {@value #RATE}
 * (the load's pace, default 1).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@org.junit.jupiter.api.Order(1)
class FaultScenariosTest {

    static final String OUTAGE = "reliability.outage-seconds";
    static final String PROVIDER_FAULTS = "reliability.provider-fault-seconds";
    static final String TENANTS = "reliability.tenants";
    static final String RATE = "reliability.rate";
    static final java.nio.file.Path REPORT = java.nio.file.Path.of("target", "reliability-faults.md");

    private static final Duration OUTAGE_LENGTH = Duration.ofSeconds(Integer.getInteger(OUTAGE, 30));
    private static final Duration PROVIDER_FAULT_LENGTH = Duration.ofSeconds(Integer.getInteger(PROVIDER_FAULTS, 30));
    private static final Duration CATCH_UP = Duration.ofSeconds(180);

    static WholeSystem system;
    static Workload workload;
    static final FaultReport REPORT_TABLE = new FaultReport();
    /** Each replica's process id at the start: a service that needed a restart would show another. */
    static final Map<String, Long> PIDS = new LinkedHashMap<>();

    @BeforeAll
    static void loadTheWholeSystem() {
        system = WholeSystem.get();
        long begin = System.nanoTime();
        List<Tenant> tenants = Workload.tenants(system, Integer.getInteger(TENANTS, 4));
        // Mailchimp's retries, faster: a post that failed is sent again 2 s later, then 3 s, …, for up to 5 minutes.
        SandboxMailchimp.retryTimings(10_000, 2_000, 1.5, 300_000);
        workload = Workload.start(system, tenants, Double.parseDouble(System.getProperty(RATE, "1")));
        REPORT_TABLE.note("load", tenants.size() + " tenants (Google calendar both ways, a Mailchimp audience), set up in "
                + Duration.ofNanos(System.nanoTime() - begin).toMillis() + " ms; pace " + System.getProperty(RATE, "1")
                + " (a subscriber every 250 ms, a batch of 3 every s, a provider event and its sync every 2 s, a status read every 500 ms)");
        recordPids();
        Workload.sleep(10_000);
    }

    @AfterAll
    static void report() {
        if (workload != null) {
            workload.close();
        }
        String table = REPORT_TABLE.render(workload);
        System.out.println(table);
        Findings.write(REPORT, table);
    }

    @Test
    @Order(1)
    void kafkaBrokerKilledThenRestartedLosesNothingAndStatusCatchesUp() throws Exception {
        // Given: the load running
        workload.phase("kafka down");
        Instant begin = Instant.now();
        // When: the broker is killed for the outage, then started again
        system.killKafka();
        int pendingAtWorst = 0;
        while (Duration.between(begin, Instant.now()).compareTo(OUTAGE_LENGTH) < 0) {
            Workload.sleep(2000);
            pendingAtWorst = Math.max(pendingAtWorst, EventFlow.unsent(system));
        }
        system.startKafka();
        workload.phase("kafka back");
        Instant back = Instant.now();

        // Then: the outboxes empty, every consumer applies every event, and the APIs never failed meanwhile
        Duration drained = awaitTrue("every outbox sent", CATCH_UP, () -> staleNow() == 0);
        Map<String, Map<String, String>> published = EventFlow.published(system);
        Duration applied = awaitTrue("every event published so far applied", CATCH_UP, () -> unappliedNow(published) == 0);
        REPORT_TABLE.fault("Kafka broker killed (SIGKILL) " + OUTAGE_LENGTH.toSeconds() + " s", begin,
                "outboxes held up to " + pendingAtWorst + " events; sent " + drained.toMillis() + " ms and applied by every consumer "
                        + applied.toMillis() + " ms after the restart");
        assertTrue(pendingAtWorst > 0, "the load produced events while the broker was down");
        assertEquals(0, workload.count("kafka down", Workload::failed), "no 5xx while the broker is down: " + workload.answers().get("kafka down"));
        assertEquals(0, workload.count("kafka back", Workload::failed), "no 5xx once it is back: " + workload.answers().get("kafka back"));
    }

    @Test
    @Order(2)
    void postgresStoppedMakesEveryServiceUnreadyAndTheIngressRefuseThenEverythingResumes() throws Exception {
        // Given
        workload.phase("postgres down");
        Instant begin = Instant.now();
        Map<String, Boolean> sawUnready = new LinkedHashMap<>();
        eachReplica((service, replica) -> sawUnready.put(service + "#" + replica.port(), false));

        // When: PostgreSQL stops for the outage (a fast shutdown cuts every connection)
        system.stopPostgres();
        while (Duration.between(begin, Instant.now()).compareTo(OUTAGE_LENGTH) < 0) {
            eachReplica((service, replica) -> {
                if (ready(replica) != 200) {
                    sawUnready.put(service + "#" + replica.port(), true);
                }
            });
            Workload.sleep(1000);
        }
        system.startPostgres();
        workload.phase("postgres back");

        // Then: every replica was unready, is ready again without a restart, and the API answered 503 meanwhile
        Duration ready = awaitTrue("every replica ready again", CATCH_UP, () -> {
            boolean[] all = {true};
            eachReplica((service, replica) -> all[0] &= ready(replica) == 200);
            return all[0];
        });
        REPORT_TABLE.fault("PostgreSQL stopped " + OUTAGE_LENGTH.toSeconds() + " s", begin,
                "every replica unready during it: " + !sawUnready.containsValue(false) + "; all ready " + ready.toMillis()
                        + " ms after the restart, none restarted");
        assertEquals(List.of(), sawUnready.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey).toList(),
                "replicas that stayed ready without PostgreSQL");
        assertEquals(PIDS, pids(), "no replica restarted");
        Map<String, Map<Integer, Integer>> during = workload.answers().get("postgres down");
        int otherServerErrors = workload.count("postgres down", status -> Workload.failed(status) && status != 503);
        assertEquals(0, otherServerErrors, "without PostgreSQL the answer is a 503, never another 5xx: " + during);
        assertTrue(workload.count("postgres down", status -> status == 503) > 0, "the load met the outage: " + during);
    }

    @Test
    @Order(3)
    void oneReplicaOfEachServiceKilledMidWorkLeavesItToTheOtherDoneOnce() throws Exception {
        // Given: work in flight everywhere: a refresh run of every Google token, each refresh's answer held back 4 s, and the
        // batches' provider calls held back 4 s after they landed
        workload.phase("replicas killed");
        Instant begin = Instant.now();
        List<String> rules = new ArrayList<>();
        rules.add(SandboxControl.latencyAfter("POST", "/google/token", 4000, 50));
        rules.add(SandboxControl.latencyAfter("POST", "/google/batch/calendar/v3", 4000, 50));
        String operator = SandboxTokens.operator("reliability-ops");
        String run = given().auth().oauth2(operator).contentType(ContentType.JSON).body(Map.of("provider", "google", "window", "P1D"))
                .post(system.url(WholeSystem.TOKEN) + "/admin/refresh-runs").then().statusCode(202).extract().path("id");
        Workload.sleep(1500);

        // When: replica 0 of every service is killed
        for (String service : WholeSystem.SERVICES) {
            system.kill(service, 0);
        }

        // Then: the other replicas finish the run (each connection once) and the batches; then the dead ones come back
        Duration finished = awaitTrue("the refresh run ends", CATCH_UP, () -> "completed".equals(refreshRun(operator, run).get("status")));
        rules.forEach(SandboxControl::removeRule);
        Map<String, Integer> outcomes = refreshOutcomes(run);
        int connections = workload.tenants().size();
        List<CompletableFuture<Void>> restarts = WholeSystem.SERVICES.stream()
                .map(service -> CompletableFuture.runAsync(() -> system.restart(service, 0))).toList();
        restarts.forEach(CompletableFuture::join);
        recordPids();
        workload.phase("replicas back");
        REPORT_TABLE.fault("one replica of each service killed (SIGKILL)", begin, "refresh run of " + connections
                + " Google connections finished " + finished.toMillis() + " ms after the kill: " + outcomes
                + "; the dead replicas started again");
        assertEquals(Map.of("refreshed", connections), outcomes, "each connection refreshed once, by whichever replica");
    }

    @Test
    @Order(4)
    void providersFailingPartOfTheirCallsLoseNothingAndCauseNoRetryStorm() throws Exception {
        // Given: the providers' call rate so far, and the breakers' state
        // over as long as the faults will last: a short sample of a few calls per second is mostly noise
        long callsBefore = providerCalls();
        Workload.sleep(PROVIDER_FAULT_LENGTH.toMillis());
        double baselineRate = (providerCalls() - callsBefore) / (double) PROVIDER_FAULT_LENGTH.toSeconds();
        long openedBefore = breakerOpenings();

        // When: 20 % of the provider calls go wrong for the fault window: 10 % a 503, 5 % a 429 with Retry-After (0.0556 of
        // the 90 % the first rule passes over), 5 % wait past the client's 10 s timeout; within it Google is down altogether
        // for 10 s
        workload.phase("providers failing");
        Instant begin = Instant.now();
        List<String> rules = new ArrayList<>();
        for (String provider : List.of("/google/*", "/mailchimp-api/*")) {
            rules.add(SandboxControl.faultShare(null, provider, 503, null, 0.10));
            rules.add(SandboxControl.faultShare(null, provider, 429, "1", 0.0556));
            rules.add(SandboxControl.latencyShare(null, provider, 12_000, 0.05));
        }
        long callsAtStart = providerCalls();
        Workload.sleep(Math.max(0, PROVIDER_FAULT_LENGTH.toMillis() / 2 - 5000));
        String outage = SandboxControl.fault(null, "/google/*", 503);
        Workload.sleep(10_000);
        SandboxControl.removeRule(outage);
        Workload.sleep(Math.max(0, PROVIDER_FAULT_LENGTH.toMillis() / 2 - 5000));
        double faultRate = (providerCalls() - callsAtStart) / (double) Duration.between(begin, Instant.now()).toSeconds();
        rules.forEach(SandboxControl::removeRule);
        workload.phase("providers back");

        // Then: the breakers opened during the outage and closed after it; the calls per second stayed near the load's
        long opened = breakerOpenings() - openedBefore;
        Duration closed = awaitTrue("every breaker closed", CATCH_UP, () -> openBreakers() == 0);
        REPORT_TABLE.fault("providers failing " + PROVIDER_FAULT_LENGTH.toSeconds() + " s (10 % 503, 5 % 429 + Retry-After, 5 % "
                + "past the timeout; Google all 503 for 10 s)", begin, String.format(java.util.Locale.ROOT,
                "provider calls %.1f/s before, %.1f/s during; breakers opened %d times, all closed %d ms after", baselineRate, faultRate,
                opened, closed.toMillis()));
        Map<String, Integer> concurrency = new LinkedHashMap<>();
        for (Tenant tenant : workload.tenants()) {
            concurrency.put(tenant.account(), given().get(SandboxControl.url() + "/control/calendar/google/accounts/" + tenant.account()
                    + "/concurrency").then().statusCode(200).extract().jsonPath().getInt("highest"));
        }
        REPORT_TABLE.note("most Google calls of one account in flight at once, the whole run (mailbox slots: 4)", concurrency.toString());
        assertTrue(opened > 0, "a breaker opened while Google was down");
        assertTrue(faultRate <= 2 * baselineRate + 1, "no retry storm: " + faultRate + " calls/s against " + baselineRate + " before");
        assertEquals(0, workload.count("providers failing", Workload::failed), "the providers' failures never reach the CRM's calls");
    }

    @Test
    @Order(5)
    void afterEveryFaultNothingAcknowledgedIsLostAndNothingWasDoneTwice() throws Exception {
        // Given: the load stops, the last posts are retried, the last batches and syncs run
        REPORT_TABLE.note("peak RSS under the load, MB (VmHWM; JVM options " + WholeSystem.jvmOptions() + ")", peakRss().toString());
        workload.phase("settling");
        workload.close();
        Instant begin = Instant.now();
        awaitTrue("every outbox sent", CATCH_UP, () -> unsentNow() == 0);

        // Then: webhooks: each post Mailchimp saw acknowledged is a subscribed member, told the CRM once (per event version)
        List<Subscription> subscriptions = workload.subscriptions();
        Map<String, Map<String, Object>> finals = new HashMap<>();
        awaitTrue("every post's last attempt", CATCH_UP, () -> {
            finals.clear();
            finals.putAll(finalAttempts(subscriptions));
            return finals.size() == subscriptions.size();
        });
        subscriptions.forEach(s -> tallyAttempts(s));
        int acked = 0;
        int webhooksLost = 0;
        int webhooksTwice = 0;
        try (Connection db = system.database()) {
            for (Subscription subscription : subscriptions) {
                Map<String, Object> last = finals.get(subscription.tenant().webhookId() + "/" + subscription.delivery());
                if (!Integer.valueOf(200).equals(last.get("status"))) {
                    continue;
                }
                acked++;
                int members = count(db, "SELECT count(*) FROM mailchimp.audience_member m JOIN mailchimp.audience_link l ON l.id = m.link_id "
                        + "WHERE l.audience_id = ? AND m.email = ? AND m.status = 'subscribed'", subscription.tenant().audience(), subscription.email());
                int events = count(db, "SELECT coalesce(max(copies), 0) FROM (SELECT count(*) AS copies FROM mailchimp.outbox "
                        + "WHERE type LIKE '%subscriber.changed%' AND payload->>'email' = ? GROUP BY type) AS per_version", subscription.email());
                webhooksLost += members == 1 && events >= 1 ? 0 : 1;
                webhooksTwice += events > 1 ? 1 : 0;
            }
        }
        REPORT_TABLE.items("Mailchimp webhooks", subscriptions.size() + " posted, " + acked + " acknowledged", webhooksLost, webhooksTwice);
        Map<Integer, Integer> ingressWithoutDatabase = workload.answers().getOrDefault("postgres down", Map.of())
                .getOrDefault(Workload.WEBHOOKS, Map.of());

        // batches: each accepted batch completed, each item once at the provider
        List<Batch> batches = workload.batches();
        List<Batch> accepted = batches.stream().filter(Batch::accepted).toList();
        awaitTrue("every accepted batch ends", CATCH_UP, () -> unfinished(accepted) == 0);
        Map<String, Integer> titles = providerTitles();
        int itemsLost = 0;
        int itemsTwice = 0;
        for (Batch batch : accepted) {
            for (String title : batch.titles()) {
                int copies = titles.getOrDefault(title, 0);
                itemsLost += copies == 0 ? 1 : 0;
                itemsTwice += copies > 1 ? 1 : 0;
            }
        }
        Map<String, Integer> failedItems = failedItems(accepted);
        REPORT_TABLE.items("calendar batch items (CRM → Google)", batches.size() + " batches sent, " + accepted.size()
                + " accepted, " + accepted.size() * 3 + " items; failed items by cause: " + failedItems, itemsLost, itemsTwice);
        assertEquals(batches.size(), accepted.size(), "every batch was accepted in the end (a client retrying with its key)");

        // provider events: each brought into the CRM once
        List<ProviderEvent> events = workload.providerEvents();
        awaitTrue("every provider event synced", CATCH_UP, () -> {
            syncAll();
            return syncedCopies(events).values().stream().filter(copies -> copies == 0).count() == 0;
        });
        Map<String, Integer> copies = syncedCopies(events);
        int syncLost = (int) copies.values().stream().filter(c -> c == 0).count();
        int syncTwice = (int) copies.values().stream().filter(c -> c > 1).count();
        REPORT_TABLE.items("provider events (Google → CRM)", events.size() + " made", syncLost, syncTwice);

        // events: every produced event published and applied by each of its consumers
        awaitTrue("every outbox sent", CATCH_UP, () -> unsentNow() == 0);
        Map<String, Map<String, String>> published = EventFlow.published(system);
        awaitTrue("every event applied", CATCH_UP, () -> unappliedNow(published) == 0);
        List<EventFlow.Topic> topics = EventFlow.measure(system);
        Map<String, Integer> deadLetters = EventFlow.deadLetters(system);
        REPORT_TABLE.events(topics, deadLetters);
        REPORT_TABLE.note("settling", Duration.between(begin, Instant.now()).toMillis() + " ms until everything above was reconciled");
        REPORT_TABLE.note("driver failures (the test's own)", workload.driverFailures().toString());

        assertEquals(List.of(), workload.driverFailures(), "the load itself ran");
        assertTrue(acked > 0 && !accepted.isEmpty() && !events.isEmpty(), "the load did something");
        assertTrue(ingressWithoutDatabase.getOrDefault(503, 0) > 0, "the ingress answered 503 without PostgreSQL: " + ingressWithoutDatabase);
        assertEquals(java.util.Set.of(), ingressWithoutDatabase.keySet().stream().filter(status -> status != 200 && status != 503)
                .collect(java.util.stream.Collectors.toSet()), "the ingress's answers without PostgreSQL: " + ingressWithoutDatabase);
        assertEquals(0, webhooksLost, "acknowledged webhooks lost");
        assertEquals(0, webhooksTwice, "webhooks applied twice");
        assertEquals(Map.of(), failedItems, "batch items that failed");
        assertEquals(0, itemsLost, "batch items lost");
        assertEquals(0, itemsTwice, "batch items created twice");
        assertEquals(0, syncLost + syncTwice, "provider events lost or synced twice");
        assertEquals(0, topics.stream().mapToInt(EventFlow.Topic::lostInAll).sum(), "events lost: " + topics);
        assertEquals(0, deadLetters.values().stream().mapToInt(Integer::intValue).sum(), "dead letters: " + deadLetters);
    }

    // --- helpers

    private interface ReplicaAction {
        void on(String service, ServiceProcess replica);
    }

    private static void eachReplica(ReplicaAction action) {
        for (String service : WholeSystem.SERVICES) {
            system.replicas(service).forEach(replica -> action.on(service, replica));
        }
    }

    private static void recordPids() {
        PIDS.clear();
        PIDS.putAll(pids());
    }

    private static Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        eachReplica((service, replica) -> pids.put(service + "#" + replica.port(), replica.process().pid()));
        return pids;
    }

    /** Each replica's resident-set high-water mark, MB (Linux's {@code VmHWM}). */
    private static Map<String, Long> peakRss() {
        Map<String, Long> peaks = new LinkedHashMap<>();
        eachReplica((service, replica) -> {
            try {
                for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc", Long.toString(replica.process().pid()), "status"))) {
                    if (line.startsWith("VmHWM:")) {
                        peaks.put(service + "#" + replica.port(), Long.parseLong(line.replaceAll("\\D", "")) / 1024);
                    }
                }
            } catch (java.io.IOException e) {
                peaks.put(service + "#" + replica.port(), -1L);
            }
        });
        return peaks;
    }

    private static int ready(ServiceProcess replica) {
        return status(replica.url() + "/q/health/ready");
    }

    private static int status(String url) {
        return Probe.send(new Probe.Request("GET", url, Map.of(), null)).status();
    }

    /** Waits until {@code condition} holds (every second), failing after {@code within}; returns how long it took. */
    private static Duration awaitTrue(String what, Duration within, BooleanSupplier condition) {
        long begin = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - begin > within.toNanos()) {
                throw new AssertionError(what + ": not within " + within.toSeconds() + " s");
            }
            Workload.sleep(1000);
        }
        return Duration.ofNanos(System.nanoTime() - begin);
    }

    private static int unsentNow() {
        try {
            return EventFlow.unsent(system);
        } catch (Exception e) {
            return -1;
        }
    }

    /** Events waiting in an outbox for over 5 s: under load a few are always on their way. */
    private static int staleNow() {
        try {
            return EventFlow.unsent(system, Duration.ofSeconds(5));
        } catch (Exception e) {
            return -1;
        }
    }

    private static int unappliedNow(Map<String, Map<String, String>> published) {
        try {
            return EventFlow.unapplied(system, published);
        } catch (Exception e) {
            return -1;
        }
    }

    private static Map<String, Object> refreshRun(String operator, String run) {
        return given().auth().oauth2(operator).get(system.url(WholeSystem.TOKEN) + "/admin/refresh-runs/" + run).then().statusCode(200)
                .extract().path("$");
    }

    /** The run's items: outcome → connections (the table's key makes each connection appear once per run). */
    private static Map<String, Integer> refreshOutcomes(String run) throws Exception {
        Map<String, Integer> outcomes = new java.util.TreeMap<>();
        try (Connection db = system.database();
                PreparedStatement statement = db.prepareStatement("SELECT outcome, count(*) FROM token.refresh_run_item WHERE run_id = ?::uuid GROUP BY outcome")) {
            statement.setString(1, run);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    outcomes.put(rows.getString(1), rows.getInt(2));
                }
            }
        }
        return outcomes;
    }

    /** Calls that reached the providers' stand-ins (Google, Mailchimp's API) since the sandbox started. */
    private static long providerCalls() {
        return SandboxControl.calls("/google/*") + SandboxControl.calls("/mailchimp-api/*");
    }

    /** Times any breaker of any replica opened (SmallRye Fault Tolerance's {@code ft_circuitbreaker_opened_total}). */
    private static long breakerOpenings() {
        return (long) metricSum("ft_circuitbreaker_opened_total", null);
    }

    /** Breakers open now, every replica. */
    private static long openBreakers() {
        return Math.round(metricSum("ft_circuitbreaker_state_current", "state=\"open\""));
    }

    private static double metricSum(String name, String label) {
        double[] sum = {0};
        eachReplica((service, replica) -> {
            String text;
            try {
                text = Probe.http().send(HttpRequest.newBuilder(URI.create(replica.url() + "/q/metrics")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
            } catch (Exception e) {
                throw new IllegalStateException("metrics of " + service + " unreadable", e);
            }
            for (String line : text.split("\n")) {
                if (line.startsWith(name + "{") && (label == null || line.contains(label))) {
                    sum[0] += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        });
        return sum[0];
    }

    /** The last attempt of each post that has ended (delivered, refused for good or given up), by {@code webhook/delivery}. */
    private static Map<String, Map<String, Object>> finalAttempts(List<Subscription> subscriptions) {
        Map<String, Map<String, Object>> finals = new HashMap<>();
        subscriptions.stream().map(s -> s.tenant().webhookId()).distinct().forEach(webhook -> {
            for (Map<String, Object> attempt : SandboxMailchimp.deliveryLog(webhook)) {
                if (Boolean.TRUE.equals(attempt.get("final"))) {
                    finals.put(webhook + "/" + ((Number) attempt.get("delivery")).longValue(), attempt);
                }
            }
        });
        return finals;
    }

    private static final java.util.Set<String> TALLIED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static void tallyAttempts(Subscription subscription) {
        if (!TALLIED.add(subscription.tenant().webhookId())) {
            return;
        }
        for (Map<String, Object> attempt : SandboxMailchimp.deliveryLog(subscription.tenant().webhookId())) {
            Object status = attempt.get("status");
            workload.tallyWebhook(Instant.ofEpochMilli(((Number) attempt.get("at")).longValue()),
                    status == null ? 0 : ((Number) status).intValue());
        }
    }

    private static int unfinished(List<Batch> batches) {
        try (Connection db = system.database();
                PreparedStatement statement = db.prepareStatement("SELECT count(*) FROM calendar.calendar_batch WHERE batch_key = ANY (?) "
                        + "AND finished_at IS NOT NULL")) {
            statement.setArray(1, db.createArrayOf("text", batches.stream().map(Batch::key).toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return batches.size() - rows.getInt(1);
            }
        } catch (Exception e) {
            return -1;
        }
    }

    /** The accepted batches' items that did not succeed: {@code state category/code (provider code): reason} → count. */
    private static Map<String, Integer> failedItems(List<Batch> batches) throws Exception {
        Map<String, Integer> failures = new java.util.TreeMap<>();
        try (Connection db = system.database();
                PreparedStatement statement = db.prepareStatement("SELECT c.state, c.failure_category, c.failure_code, c.provider_code, "
                        + "c.failure_reason, count(*) FROM calendar.calendar_command c JOIN calendar.calendar_batch b ON b.id = c.batch_id "
                        + "WHERE b.batch_key = ANY (?) AND c.state <> 'succeeded' GROUP BY 1, 2, 3, 4, 5")) {
            statement.setArray(1, db.createArrayOf("text", batches.stream().map(Batch::key).toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    failures.put(rows.getString(1) + " " + rows.getString(2) + "/" + rows.getString(3) + " (" + rows.getString(4) + "): "
                            + rows.getString(5), rows.getInt(6));
                }
            }
        }
        return failures;
    }

    /** Every event title in the load's Google calendars (deleted ones left out) with its number of copies. */
    private static Map<String, Integer> providerTitles() {
        Map<String, Integer> titles = new HashMap<>();
        for (Tenant tenant : workload.tenants()) {
            List<Map<String, Object>> events = given().get(SandboxControl.url() + "/control/calendar/google/accounts/" + tenant.account()
                    + "/events").then().statusCode(200).extract().jsonPath().getList("events");
            events.stream().filter(event -> !"deleted".equals(event.get("status")))
                    .forEach(event -> titles.merge(String.valueOf(event.get("title")), 1, Integer::sum));
        }
        return titles;
    }

    /** Asks every link for a sync (the load's own may have ended before the last events). */
    private static void syncAll() {
        for (Tenant tenant : workload.tenants()) {
            given().auth().oauth2(tenant.token()).contentType(ContentType.JSON).body("{}")
                    .post(system.url(WholeSystem.CALENDAR) + "/calendar/links/" + tenant.link() + "/syncs");
        }
    }

    /** Each provider event's rows in calendar-service's synced events. */
    private static Map<String, Integer> syncedCopies(List<ProviderEvent> events) {
        Map<String, Integer> copies = new LinkedHashMap<>();
        try (Connection db = system.database()) {
            for (ProviderEvent event : events) {
                copies.put(event.id(), count(db, "SELECT count(*) FROM calendar.synced_event WHERE link_id = ?::uuid AND provider_event_id = ?",
                        event.tenant().link(), event.id()));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return copies;
    }

    private static int count(Connection db, String sql, String... values) throws java.sql.SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setString(i + 1, values[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
