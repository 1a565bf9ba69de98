package com.crm.integrations.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.crm.integrations.reliability.Findings.Rule;
import com.crm.integrations.reliability.HostileCases.Case;
import com.crm.integrations.reliability.OpenApi.Operation;
import com.crm.integrations.reliability.Probe.Answer;
import com.crm.integrations.reliability.Probe.Request;
import com.crm.integrations.reliability.ResponseRules.Violation;
import com.crm.integrations.testing.contract.SandboxTokens;
import com.crm.integrations.testing.contract.TestUser;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 18's reliability suite against the {@link WholeSystem} (two replicas of each service behind round-robin
 * proxies), after {@link FaultScenariosTest} (classes run in their {@code @Order}, junit-platform.properties): hostile
 * input on every documented operation, tenant isolation, and a scan for issued secrets once everything ran, faults
 * included. Every rule's count must be 0 (known defects apart, {@link KnownDefects}); the table is printed and
 * written to {@code target/reliability-report.md}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(2)
class WholeSystemReliabilityTest {

    static final Path REPORT = Path.of("target", "reliability-report.md");
    /** Requests in flight at once: enough to keep two cores busy, few enough to leave the services room. */
    private static final int CONCURRENCY = 4;

    static final Findings FINDINGS = new Findings();
    static WholeSystem system;
    /** Each service's OpenAPI document, read through its proxy. */
    static final Map<String, JsonNode> DOCUMENTS = new LinkedHashMap<>();

    @BeforeAll
    static void startTheWholeSystem() {
        system = WholeSystem.get();
        FINDINGS.note("start-up (PostgreSQL, Kafka, sandbox, 8 service JVMs, 4 proxies)", system.startUp().toMillis() + " ms");
        for (String service : WholeSystem.SERVICES) {
            DOCUMENTS.put(service, OpenApi.fetch(Probe.http(), system.url(service)));
        }
    }

    @AfterAll
    static void report() {
        STATUSES.forEach((part, statuses) -> FINDINGS.note("answers, " + part, statuses.toString()));
        String table = FINDINGS.table();
        if (FaultScenariosTest.REPORT_TABLE.ran()) {
            table += "\n## The whole run\n\n" + FaultScenariosTest.REPORT_TABLE.summary(FaultScenariosTest.workload, FINDINGS.count(Rule.SECRETS))
                    + "\nThe fault scenarios' figures: " + FaultScenariosTest.REPORT.getFileName() + ".\n";
        }
        System.out.println(table);
        Findings.write(REPORT, table);
    }

    @Test
    @Order(1)
    void hostileInputOnEveryOperationGetsAProblemNeverAServerErrorNorInternals() throws Exception {
        long begin = System.nanoTime();
        // Given: every documented operation of every service, and the public webhook ingress
        TestUser fuzzer = TestUser.fresh();
        List<Run> runs = new ArrayList<>();
        for (String service : WholeSystem.SERVICES) {
            JsonNode document = DOCUMENTS.get(service);
            List<Operation> operations = OpenApi.operations(service, document).stream()
                    .filter(operation -> !operation.path().startsWith("/q/")).toList();
            assertTrue(operations.size() >= 5, service + " documents " + operations.size() + " operations");
            String base = system.url(service);
            for (Operation operation : operations) {
                String token = operation.path().startsWith("/admin") ? SandboxTokens.operator("op-" + fuzzer.user())
                        : operation.path().startsWith("/internal") ? SandboxTokens.service(service) : fuzzer.adminToken();
                HostileCases.of(operation, base, token).forEach(hostile -> runs.add(new Run(operation, hostile, false)));
                if (operation.forServicesOrOperators()) {
                    for (String userToken : List.of(fuzzer.token(), fuzzer.adminToken())) {
                        Request request = HostileCases.of(operation, base, userToken).get(0).request();
                        runs.add(new Run(operation, new Case("user token", request), true));
                    }
                }
            }
            runs.addAll(wrongMethods(service, document, base, fuzzer.adminToken()));
            runs.add(oversizedHeader(service, operations.get(0), fuzzer.adminToken()));
            runs.add(longRequestLine(service, operations.get(0), fuzzer.adminToken()));
        }
        Operation ingress = new Operation(WholeSystem.MAILCHIMP, "post", "/webhooks/mailchimp/{hook}",
                List.of(new OpenApi.Parameter("path", "hook", "string", null)), List.of("application/x-www-form-urlencoded"), Map.of(),
                false);
        HostileCases.of(ingress, system.url(WholeSystem.MAILCHIMP), null).forEach(hostile -> runs.add(new Run(ingress, hostile, false)));
        Operation ingressCheck = new Operation(WholeSystem.MAILCHIMP, "get", ingress.path(), ingress.parameters(), List.of(), Map.of(), false);
        HostileCases.of(ingressCheck, system.url(WholeSystem.MAILCHIMP), null).forEach(hostile -> runs.add(new Run(ingressCheck, hostile, false)));

        // When
        ExecutorService executor = Executors.newFixedThreadPool(CONCURRENCY);
        try {
            runs.stream().map(run -> CompletableFuture.runAsync(() -> judge(run), executor)).toList().forEach(CompletableFuture::join);
        } finally {
            executor.shutdown();
        }

        // Then
        FINDINGS.note("hostile input", runs.size() + " requests in " + Duration.ofNanos(System.nanoTime() - begin).toMillis() + " ms");
        for (Rule rule : List.of(Rule.SERVER_ERRORS, Rule.PROBLEM_BODIES, Rule.LEAKS, Rule.ISOLATION)) {
            assertEquals(List.of(), FINDINGS.unexpected(rule).stream().map(f -> f.service() + " " + f.what() + " -> " + f.answer()).toList(),
                    rule.title);
        }
    }

    @Test
    @Order(2)
    void oneTenantsTokenNeverReachesAnothersResources() throws Exception {
        long begin = System.nanoTime();
        // Given: tenants A and B with real resources in every service, B's rows settled
        CompletableFuture<TenantWorld> makingA = CompletableFuture.supplyAsync(() -> TenantWorld.make(system, "us21"));
        TenantWorld b = TenantWorld.make(system, "us22");
        TenantWorld a = makingA.join();
        Set<String> bIds = new java.util.LinkedHashSet<>(b.ids().values());
        Settled before = settle(b.tenant());
        FINDINGS.note("isolation: B's ids", b.ids().toString());
        FINDINGS.note("isolation: B's rows before", before.rows().values().stream().mapToInt(List::size).sum() + " in "
                + before.rows().size() + " tables" + (before.volatileTables().isEmpty() ? "" : "; still changing, left out: "
                + before.volatileTables()));

        // When: A's admin token with each of B's ids in every operation that takes an id, and on every list
        List<Run> runs = new ArrayList<>();
        List<Operation> lists = new ArrayList<>();
        for (String service : WholeSystem.SERVICES) {
            for (Operation operation : OpenApi.operations(service, DOCUMENTS.get(service))) {
                if (operation.path().startsWith("/q/") || operation.forServicesOrOperators()) {
                    continue;
                }
                List<OpenApi.Parameter> ids = operation.in("path").stream()
                        .filter(parameter -> !Set.of("provider", "tenantId").contains(parameter.name())).toList();
                if (ids.isEmpty()) {
                    if (operation.method().equals("get") && !operation.streams() && operation.in("path").isEmpty()) {
                        lists.add(operation);
                    }
                    continue;
                }
                for (String bId : bIds) {
                    Map<String, String> values = new LinkedHashMap<>();
                    ids.forEach(parameter -> values.put(parameter.name(), HostileCases.encode(bId)));
                    String url = system.url(service) + HostileCases.fill(operation, values);
                    byte[] body = operation.hasBody() || Set.of("post", "put", "patch").contains(operation.method())
                            ? ("{\"connectionId\":\"" + b.ids().get("mailchimp connection") + "\",\"linkId\":\"" + b.ids().get("calendar link")
                                    + "\"}").getBytes(StandardCharsets.UTF_8) : null;
                    runs.add(new Run(operation, new Case("B's id " + bId, new Request(operation.method().toUpperCase(), url,
                            Map.of("Authorization", "Bearer " + a.admin.adminToken(), "Content-Type", "application/json"), body)), false));
                }
            }
        }
        for (Run run : runs) {
            Answer answer = Probe.send(run.hostile().request());
            tally("isolation", answer.status());
            FINDINGS.sent(run.operation().service(), run.operation().method() + " " + run.operation().path(), run.documented());
            if (answer.status() >= 200 && answer.status() < 300) {
                FINDINGS.found(Rule.ISOLATION, run.operation().service(), run.what() + " (A's token, B's id: " + answer.status() + ")",
                        run.hostile().request().describe(), answer.describe());
            }
            judgeRules(run, answer);
        }
        for (Operation list : lists) {
            String url = system.url(list.service()) + list.path();
            java.net.http.HttpResponse<String> answer = Probe.http().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                    .header("Authorization", "Bearer " + a.admin.adminToken()).timeout(Duration.ofSeconds(15)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            FINDINGS.sent(list.service(), list.method() + " " + list.path(), true);
            for (String bValue : bIdsAndTenant(b)) {
                if (answer.body().contains(bValue)) {
                    FINDINGS.found(Rule.ISOLATION, list.service(), "GET " + list.path() + " shows B's " + bValue + " to A",
                            "GET " + list.path() + " (A's token)", answer.statusCode() + " " + Probe.cut(answer.body(), 300));
                }
            }
        }

        // Then: nothing of B's changed, and no request got anything of B's
        Settled after = settle(b.tenant());
        for (String table : before.rows().keySet()) {
            if (before.volatileTables().contains(table) || after.volatileTables().contains(table)) {
                continue;
            }
            List<String> was = before.rows().get(table);
            List<String> is = after.rows().getOrDefault(table, List.of());
            List<String> differences = DatabaseRows.differences(was, is);
            if (!differences.isEmpty()) {
                FINDINGS.found(Rule.ISOLATION, schemaService(table), "B's rows in " + table + " changed while A used B's ids",
                        "(the matrix above)", differences.toString());
            }
        }
        FINDINGS.note("isolation", runs.size() + " requests with B's ids, " + lists.size() + " lists read, in "
                + Duration.ofNanos(System.nanoTime() - begin).toMillis() + " ms (set-up included)");
        assertTrue(runs.size() >= 50, "the matrix has " + runs.size() + " requests");
        Map<Integer, Integer> statuses = STATUSES.get("isolation");
        assertEquals(null, statuses.get(401), "A's token is valid: no 401 in " + statuses);
        assertTrue(statuses.getOrDefault(404, 0) >= runs.size() / 2, "most of B's ids are not found for A: " + statuses);
        assertEquals(List.of(), FINDINGS.unexpected(Rule.ISOLATION).stream().map(f -> f.service() + " " + f.what()).toList(),
                Rule.ISOLATION.title);
    }

    @Test
    @Order(3)
    void noIssuedSecretAppearsInAnyTableLogOrTopic() throws Exception {
        long begin = System.nanoTime();
        // Given: every secret the sandbox issued during the run, the identity and providers' client secrets, the key ring
        List<String> issued = io.restassured.RestAssured.given().get(system.sandboxUrl() + "/control/issued-secrets").then()
                .statusCode(200).extract().jsonPath().getList("secrets", String.class);
        List<String> secrets = new ArrayList<>(issued);
        secrets.add(system.identityClientSecret());
        secrets.add(system.providersClientSecret());
        Map<String, Set<String>> forms = SecretScan.forms(secrets, system.keyRing());
        assertTrue(forms.size() >= 10, "the scan needs something to look for: " + forms.size() + " secrets");

        // When
        Map<String, List<String>> places = new LinkedHashMap<>();
        DatabaseRows.all(system).forEach((table, rows) -> places.put("table " + table, rows));
        for (Path log : system.logFiles()) {
            places.put("log " + log.getFileName(), List.of(java.nio.file.Files.readString(log, StandardCharsets.UTF_8)));
        }
        places.putAll(KafkaRecords.all(system.kafkaBootstrapServers()));
        List<SecretScan.Hit> hits = SecretScan.search(forms, places);

        // Then
        hits.forEach(hit -> FINDINGS.found(Rule.SECRETS, hit.place().startsWith("table") ? schemaService(hit.place().substring(6))
                : hit.place().startsWith("log") ? hit.place().substring(4).replaceFirst("-\\d+\\.log$", "").replaceFirst("-[^-]*$", "")
                : "kafka", "a secret " + hit.secret() + " in " + hit.place(), "(the whole run)", "found as written or as hex"));
        long rows = places.entrySet().stream().filter(e -> e.getKey().startsWith("table")).mapToLong(e -> e.getValue().size()).sum();
        long records = places.entrySet().stream().filter(e -> e.getKey().startsWith("topic")).mapToLong(e -> e.getValue().size()).sum();
        FINDINGS.note("secret scan", forms.size() + " secrets (" + issued.size() + " issued by the sandbox) in " + rows + " rows, "
                + system.logFiles().size() + " log files, " + records + " Kafka records, in "
                + Duration.ofNanos(System.nanoTime() - begin).toMillis() + " ms");
        assertTrue(rows > 50 && records > 10, rows + " rows and " + records + " records scanned");
        assertEquals(List.of(), FINDINGS.unexpected(Rule.SECRETS).stream().map(Findings.Finding::what).toList(), Rule.SECRETS.title);
    }

    /** B's rows once two reads 1.5 s apart agree (within 30 s), and the tables that still changed. */
    record Settled(Map<String, List<String>> rows, Set<String> volatileTables) {
    }

    private static Settled settle(String tenant) throws Exception {
        Map<String, List<String>> previous = DatabaseRows.ofTenant(system, tenant);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            Thread.sleep(1500);
            Map<String, List<String>> current = DatabaseRows.ofTenant(system, tenant);
            Set<String> changed = new java.util.TreeSet<>();
            for (Map.Entry<String, List<String>> table : current.entrySet()) {
                if (!table.getValue().equals(previous.get(table.getKey()))) {
                    changed.add(table.getKey());
                }
            }
            if (changed.isEmpty() || System.nanoTime() > deadline) {
                return new Settled(current, changed);
            }
            previous = current;
        }
    }

    private static List<String> bIdsAndTenant(TenantWorld b) {
        List<String> values = new ArrayList<>(b.ids().values());
        values.add(b.tenant());
        values.add(b.admin.user());
        return values;
    }

    private static String schemaService(String table) {
        String schema = table.substring(1, table.indexOf('"', 1));
        return WholeSystem.SCHEMAS.entrySet().stream().filter(entry -> entry.getValue().equals(schema)).map(Map.Entry::getKey)
                .findFirst().orElse(schema);
    }

    /** A case to send, and whether the only right answer is a refusal (401 or 403: a user token on /admin or /internal). */
    record Run(Operation operation, Case hostile, boolean mustRefuse) {

        /** An operation of the service's OpenAPI document (not a wrong method, not the undocumented webhook ingress). */
        boolean documented() {
            return !hostile.name().equals("wrong method") && !operation.path().startsWith("/webhooks/");
        }

        String what() {
            return operation.method().toUpperCase() + " " + operation.path() + " " + hostile.name();
        }
    }

    /** How many answers of each status each part got: a part whose requests all got 401 would have tested nothing. */
    static final Map<String, Map<Integer, Integer>> STATUSES = new java.util.concurrent.ConcurrentHashMap<>();

    private static void tally(String part, int status) {
        STATUSES.computeIfAbsent(part, p -> new java.util.concurrent.ConcurrentSkipListMap<>()).merge(status, 1, Integer::sum);
    }

    private static void judge(Run run) {
        Answer answer = Probe.send(run.hostile().request());
        tally("hostile input, " + run.operation().service(), answer.status());
        FINDINGS.sent(run.operation().service(), run.operation().method() + " " + run.operation().path(), run.documented());
        judgeRules(run, answer);
    }

    private static void judgeRules(Run run, Answer answer) {
        Request request = run.hostile().request();
        String service = run.operation().service();
        if (answer.status() == 0) {
            if (!isRefusedOversize(run, answer)) {
                FINDINGS.found(Rule.SERVER_ERRORS, service, run.what(), request.describe(), answer.describe());
            }
            return;
        }
        for (Violation violation : ResponseRules.check(answer.status(), answer.contentType(), answer.body())) {
            Rule rule = switch (violation.kind()) {
                case SERVER_ERROR -> Rule.SERVER_ERRORS;
                case PROBLEM_BODY -> Rule.PROBLEM_BODIES;
                case LEAK -> Rule.LEAKS;
            };
            FINDINGS.found(rule, service, run.what() + " (" + violation.detail() + ")", request.describe(), answer.describe());
        }
        if (run.mustRefuse() && answer.status() != 401 && answer.status() != 403) {
            FINDINGS.found(Rule.ISOLATION, service, run.what() + " (a user token on an operator's or service's endpoint)",
                    request.describe(), answer.describe());
        }
    }

    /** A server may close the connection on a body over its limit before it reads it: that is a refusal, not a failure. */
    private static boolean isRefusedOversize(Run run, Answer answer) {
        byte[] body = run.hostile().request().body();
        return body != null && body.length > HostileCases.SMALLEST_LIMIT && answer.body().startsWith("connection closed");
    }

    /** Each documented path with each method it does not document. */
    private static List<Run> wrongMethods(String service, JsonNode document, String base, String token) {
        List<Run> runs = new ArrayList<>();
        document.path("paths").fieldNames().forEachRemaining(path -> {
            if (path.startsWith("/q/")) {
                return;
            }
            Set<String> documented = OpenApi.methodsOf(document, path);
            for (String method : List.of("get", "put", "post", "delete", "patch")) {
                if (!documented.contains(method)) {
                    Operation wrong = new Operation(service, method, path, List.of(), List.of(), Map.of(), false);
                    String url = base + path.replaceAll("\\{[^}]+}", java.util.UUID.randomUUID().toString());
                    runs.add(new Run(wrong, new Case("wrong method", new Request(method.toUpperCase(), url,
                            Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json"),
                            "{}".getBytes(StandardCharsets.UTF_8))), false));
                }
            }
        });
        return runs;
    }

    /** A request line of 6 KiB, sent to a replica itself: who answers 414, the service or only the proxy. */
    private static Run longRequestLine(String service, Operation operation, String token) {
        String url = system.replicas(service).get(0).url() + HostileCases.fill(operation, Map.of()) + "?q=" + "l".repeat(6 * 1024);
        return new Run(operation, new Case("request line too long (replica)", new Request(operation.method().toUpperCase(), url,
                Map.of("Authorization", "Bearer " + token), null)), false);
    }

    /** A 40 KiB header, sent to a replica itself (the proxy in front refuses it, as an ingress would, before the service). */
    private static Run oversizedHeader(String service, Operation operation, String token) {
        String url = system.replicas(service).get(0).url() + HostileCases.fill(operation, Map.of());
        return new Run(operation, new Case("header oversized (replica)", new Request(operation.method().toUpperCase(), url,
                Map.of("Authorization", "Bearer " + token, "X-Padding", "p".repeat(40 * 1024)), null)), false);
    }
}
