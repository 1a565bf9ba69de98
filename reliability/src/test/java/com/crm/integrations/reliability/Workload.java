package com.crm.integrations.reliability;

import static io.restassured.RestAssured.given;

import com.crm.integrations.testing.contract.SandboxControl;
import com.crm.integrations.testing.contract.SandboxMailchimp;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load the fault scenarios run under, as the CRM and the providers' users make it, through the proxies: Mailchimp
 * members subscribing (the sandbox posts each to mailchimp-service's webhook ingress, and retries a post that failed, as
 * Mailchimp does), calendar batches from the CRM (each with an {@code Idempotency-Key}, sent again with the same key
 * while the answer is a 5xx or none, as a careful client does), events made in the users' Google calendars followed by a
 * "sync now", and status reads. Each driver is a thread that acts every period; what each did is kept in a ledger the
 * scenarios reconcile at the end, and every answer is tallied under the phase it happened in ({@link #phase}).
 */
final class Workload implements AutoCloseable {

    /** A tenant the load acts for: its world, its Google account (the calendar's owner), its link, audience and webhook. */
    record Tenant(TenantWorld world, String account, String link, String audience, String webhookId) {

        String token() {
            return world.admin.adminToken();
        }
    }

    /** A member subscribed at Mailchimp; {@code delivery} is the sandbox's post of it to our webhook. */
    record Subscription(Tenant tenant, String email, long delivery) {
    }

    /** A batch the CRM sent; {@code accepted} once an answer said so (202, or 200 for a repeat of its key). */
    record Batch(Tenant tenant, String key, List<String> titles, boolean accepted) {
    }

    /** An event the user made in their Google calendar, which a sync must bring in once. */
    record ProviderEvent(Tenant tenant, String id, String title) {
    }

    static final String WEBHOOKS = "webhook (Mailchimp's post)";
    static final String BATCHES = "POST /calendar/batches";
    static final String SYNCS = "POST /calendar/links/{id}/syncs";
    static final String STATUS_READS = "GET /integrations/status";

    /** How often a batch is sent again with its key while it gets a 5xx or no answer: beyond any outage of a scenario. */
    private static final int BATCH_ATTEMPTS = 90;

    private final WholeSystem system;
    private final List<Tenant> tenants;
    private final double rate;
    private final List<Subscription> subscriptions = Collections.synchronizedList(new ArrayList<>());
    private final List<Batch> batches = Collections.synchronizedList(new ArrayList<>());
    private final List<ProviderEvent> providerEvents = Collections.synchronizedList(new ArrayList<>());
    /** phase → driver → status (0: no answer) → count. */
    private final Map<String, Map<String, Map<Integer, AtomicInteger>>> answers = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<String> driverFailures = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger sequence = new AtomicInteger();
    private final ExecutorService drivers = Executors.newCachedThreadPool();
    private final List<CompletableFuture<Void>> running = new ArrayList<>();
    private volatile String phase = "baseline";
    /** Each phase's name by when it began. */
    private final java.util.NavigableMap<Instant, String> phases = new java.util.concurrent.ConcurrentSkipListMap<>(
            Map.of(Instant.now(), "baseline"));
    private volatile boolean stopping;

    private Workload(WholeSystem system, List<Tenant> tenants, double rate) {
        this.system = system;
        this.tenants = tenants;
        this.rate = rate;
    }

    /**
     * {@code count} tenants, each with a Google connection and its calendar link syncing both ways, and a Mailchimp
     * audience linked through an API key (data centres {@code us31}, {@code us32}, …: one audience list per tenant).
     */
    static List<Tenant> tenants(WholeSystem system, int count) {
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try {
            List<CompletableFuture<Tenant>> making = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String dataCentre = "us" + (31 + i);
                making.add(CompletableFuture.supplyAsync(() -> tenant(system, TenantWorld.make(system, dataCentre)), executor));
            }
            return making.stream().map(CompletableFuture::join).toList();
        } finally {
            executor.shutdown();
        }
    }

    private static Tenant tenant(WholeSystem system, TenantWorld world) {
        // TenantWorld leaves the tenant importing only; the CRM's batches need both ways.
        given().auth().oauth2(world.admin.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("pastDays", 7, "futureDays", 90, "direction", "two_way"))
                .put(system.url(WholeSystem.CALENDAR) + "/calendar/settings").then().statusCode(200);
        String audience = world.ids().get("mailchimp audience");
        List<Map<String, Object>> webhooks = SandboxMailchimp.webhooks(audience);
        if (webhooks.size() != 1) {
            throw new IllegalStateException("audience " + audience + " has " + webhooks.size() + " webhooks, not our one");
        }
        return new Tenant(world, world.admin.email(), world.ids().get("calendar link"), audience, (String) webhooks.get(0).get("id"));
    }

    /**
     * Starts the drivers; {@code rate} scales their pace (1: a member subscribes every 250 ms, a batch of three every
     * second, a provider event and its sync every 2 s, a status read every 500 ms).
     */
    static Workload start(WholeSystem system, List<Tenant> tenants, double rate) {
        Workload workload = new Workload(system, tenants, rate);
        workload.drive(WEBHOOKS, 250, workload::subscribe);
        workload.drive(BATCHES, 1000, workload::sendBatch);
        workload.drive(SYNCS, 2000, workload::makeProviderEvent);
        workload.drive(STATUS_READS, 500, workload::readStatus);
        return workload;
    }

    /** From now on, answers are tallied under {@code name}. */
    void phase(String name) {
        phases.put(Instant.now(), name);
        phase = name;
    }

    /** The phase that ran at {@code at}. */
    String phaseAt(Instant at) {
        Map.Entry<Instant, String> entry = phases.floorEntry(at);
        return entry == null ? phases.firstEntry().getValue() : entry.getValue();
    }

    String phase() {
        return phase;
    }

    List<Tenant> tenants() {
        return tenants;
    }

    List<Subscription> subscriptions() {
        synchronized (subscriptions) {
            return List.copyOf(subscriptions);
        }
    }

    List<Batch> batches() {
        synchronized (batches) {
            return List.copyOf(batches);
        }
    }

    List<ProviderEvent> providerEvents() {
        synchronized (providerEvents) {
            return List.copyOf(providerEvents);
        }
    }

    /** What a driver could not do for a reason of the test's own (the sandbox's control API failed): must stay empty. */
    List<String> driverFailures() {
        synchronized (driverFailures) {
            return List.copyOf(driverFailures);
        }
    }

    /** Every answer so far: phase → driver → status → count. */
    Map<String, Map<String, Map<Integer, Integer>>> answers() {
        Map<String, Map<String, Map<Integer, Integer>>> copy = new LinkedHashMap<>();
        synchronized (answers) {
            answers.forEach((phaseName, byDriver) -> {
                Map<String, Map<Integer, Integer>> drivers = new LinkedHashMap<>();
                byDriver.forEach((driver, statuses) -> {
                    Map<Integer, Integer> counts = new java.util.TreeMap<>();
                    statuses.forEach((status, count) -> counts.put(status, count.get()));
                    drivers.put(driver, counts);
                });
                copy.put(phaseName, drivers);
            });
        }
        return copy;
    }

    /** Answers of {@code phase}, every driver, whose status {@code counted} accepts (0: no answer). */
    int count(String phaseName, java.util.function.IntPredicate counted) {
        return answers().getOrDefault(phaseName, Map.of()).values().stream().flatMap(statuses -> statuses.entrySet().stream())
                .filter(entry -> counted.test(entry.getKey())).mapToInt(Map.Entry::getValue).sum();
    }

    /** A server error, or no answer at all. */
    static boolean failed(int status) {
        return status >= 500 || status == 0;
    }

    /** Stops every driver and waits for the batches still being sent (at most a batch's attempts). */
    @Override
    public void close() {
        stopping = true;
        running.forEach(CompletableFuture::join);
        drivers.shutdown();
    }

    private void drive(String driver, long periodMillis, Runnable act) {
        long period = Math.max(20, Math.round(periodMillis / rate));
        running.add(CompletableFuture.runAsync(() -> {
            while (!stopping) {
                long begin = System.nanoTime();
                try {
                    act.run();
                } catch (RuntimeException | AssertionError e) {
                    driverFailures.add(driver + ": " + e);
                }
                long left = period - (System.nanoTime() - begin) / 1_000_000;
                if (left > 0) {
                    sleep(left);
                }
            }
        }, drivers));
    }

    private Tenant next() {
        return tenants.get(Math.floorMod(sequence.getAndIncrement(), tenants.size()));
    }

    private void subscribe() {
        Tenant tenant = next();
        String email = "load-" + sequence.get() + "-" + tenant.world().admin.user() + "@example.com";
        Map<String, Object> outcome = SandboxMailchimp.subscribe(tenant.audience(), "user", email, null, null);
        subscriptions.add(new Subscription(tenant, email, SandboxMailchimp.deliveryId(outcome, 0, tenant.webhookId())));
    }

    private void sendBatch() {
        Tenant tenant = next();
        String key = UUID.randomUUID().toString();
        Instant start = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES).plusSeconds(60L * (sequence.get() % 600));
        List<String> titles = new ArrayList<>();
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String title = "Load batch " + key + " #" + i;
            titles.add(title);
            items.add(Map.of("crmEventId", "crm-" + key + "-" + i, "event", Map.of("title", title, "startsAt", start.toString(),
                    "endsAt", start.plus(30, ChronoUnit.MINUTES).toString())));
        }
        String body = Json.write(Map.of("operation", "create", "items", items));
        boolean accepted = false;
        for (int attempt = 0; attempt < BATCH_ATTEMPTS && !accepted; attempt++) {
            int status = send("POST", system.url(WholeSystem.CALENDAR) + "/calendar/batches", tenant.token(), key, body);
            tally(BATCHES, status);
            if (status == 200 || status == 202) {
                accepted = true;
            } else if (status != 0 && status < 500) {
                break; // refused for good: counted, and the reconciliation finds it not accepted
            } else {
                sleep(1000);
            }
        }
        batches.add(new Batch(tenant, key, titles, accepted));
    }

    private void makeProviderEvent() {
        Tenant tenant = next();
        String title = "Load provider event " + UUID.randomUUID();
        Instant start = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES);
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("title", title, "start", start.toString().replace("Z", ""), "end",
                        start.plus(45, ChronoUnit.MINUTES).toString().replace("Z", ""), "zone", "UTC"))
                .post(SandboxControl.url() + "/control/calendar/google/accounts/" + tenant.account() + "/events")
                .then().statusCode(201).extract().path("id");
        providerEvents.add(new ProviderEvent(tenant, id, title));
        tally(SYNCS, send("POST", system.url(WholeSystem.CALENDAR) + "/calendar/links/" + tenant.link() + "/syncs", tenant.token(),
                null, "{}"));
    }

    private void readStatus() {
        Tenant tenant = next();
        tally(STATUS_READS, send("GET", system.url(WholeSystem.STATUS) + "/integrations/status", tenant.token(), null, null));
    }

    /** A webhook post's answer, as the sandbox's delivery log has it: tallied under the phase of its time. */
    void tallyWebhook(Instant at, int status) {
        answers.computeIfAbsent(phaseAt(at), p -> new ConcurrentHashMap<>()).computeIfAbsent(WEBHOOKS, d -> new ConcurrentSkipListMap<>())
                .computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
    }

    private void tally(String driver, int status) {
        answers.computeIfAbsent(phase, p -> new ConcurrentHashMap<>()).computeIfAbsent(driver, d -> new ConcurrentSkipListMap<>())
                .computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
    }

    /** The status of one request ({@link Probe}: 0 when no answer came). */
    private static int send(String method, String url, String token, String idempotencyKey, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + token);
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        if (idempotencyKey != null) {
            headers.put("Idempotency-Key", idempotencyKey);
        }
        return Probe.send(new Probe.Request(method, url, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8))).status();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** JSON of plain maps and lists, with the testing module's Jackson. */
    static final class Json {

        private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();

        private Json() {
        }

        static String write(Object value) {
            try {
                return MAPPER.writeValueAsString(value);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException(e);
            }
        }
    }
}
