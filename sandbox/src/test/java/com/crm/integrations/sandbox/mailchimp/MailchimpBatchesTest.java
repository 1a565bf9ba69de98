package com.crm.integrations.sandbox.mailchimp;

import static com.crm.integrations.sandbox.mailchimp.MailchimpMarketingApiTest.md5;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.crm.integrations.testing.contract.SandboxMailchimp;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Batch operations, {@code /batches} (PROVIDERS.md §5.3): processed in the background, results as a pre-signed .tar.gz. */
@QuarkusTest
class MailchimpBatchesTest {

    private static final String BATCHES = "/mailchimp-api/us14/3.0/batches";
    private static final ObjectMapper JSON = new ObjectMapper();

    private MailchimpFixture chimp;

    @BeforeEach
    void start() {
        chimp = MailchimpFixture.start("us14");
    }

    @Test
    void runsEachOperationAsTheDirectCallAndServesTheResults() throws Exception {
        // Given
        SandboxMailchimp.batchProcessing(Duration.ofMillis(100), 1000);
        String list = "/lists/" + chimp.listId();
        String ada = list + "/members/" + md5("ada@example.com");
        List<Map<String, Object>> operations = List.of(
                operation("PUT", ada, json(Map.of("email_address", "ada@example.com", "status_if_new", "subscribed")), "put-ada"),
                operation("POST", "/3.0" + ada + "/tags", json(Map.of("tags", List.of(Map.of("name", "vip", "status", "active")))), "tag-ada"),
                operation("GET", ada, null, "get-ada"),
                operation("POST", list, json(Map.of("members", List.of(Map.of("email_address", "bob@example.com", "status", "subscribed")))), "batch-sub"),
                operation("PUT", list + "/members/" + md5("cy@example.com"), json(Map.of("email_address", "cy@example.com")), "put-cy"),
                operation("POST", "/campaigns", json(Map.of("type", "regular", "recipients", Map.of("list_id", chimp.listId()))), "campaign"),
                operation("GET", "/automations", null, "unknown"));

        // When
        Response submitted = submit(operations);

        // Then
        submitted.then().statusCode(200).body("id", matchesPattern("[0-9a-f]{10}")).body("status", equalTo("pending"))
                .body("total_operations", equalTo(7)).body("finished_operations", equalTo(0)).body("response_body_url", equalTo(""))
                .body("completed_at", equalTo(""));
        Response finished = awaitFinished(submitted.path("id"));
        finished.then().body("finished_operations", equalTo(7)).body("errored_operations", equalTo(2)).body("completed_at", matchesPattern("20.+"))
                .body("response_body_url", containsString("/mailchimp-batch-results/" + submitted.path("id") + "-response.tar.gz?Signature="));
        Map<String, Map<String, Object>> results = byOperation(download(finished.path("response_body_url")));
        assertEquals(200, results.get("put-ada").get("status_code"));
        assertEquals("subscribed", parse(results.get("put-ada")).get("status"));
        assertEquals(204, results.get("tag-ada").get("status_code"));
        assertEquals("", results.get("tag-ada").get("response"));
        assertEquals(1, parse(results.get("get-ada")).get("tags_count"));
        assertEquals(1, parse(results.get("batch-sub")).get("total_created"));
        assertEquals(400, results.get("put-cy").get("status_code"));
        assertEquals("Invalid Resource", parse(results.get("put-cy")).get("title"));
        assertEquals(404, results.get("unknown").get("status_code"));
        assertEquals("Resource Not Found", parse(results.get("unknown")).get("title"));
        assertEquals("sandbox.user@example.com", SandboxMailchimp.campaigns(chimp.listId()).get(0).get("account"));
        assertEquals("API - Generic", SandboxMailchimp.member(chimp.listId(), "bob@example.com").orElseThrow().get("source"));
    }

    @Test
    void staysPendingThenRunsAtThePaceInForce() {
        // Given
        SandboxMailchimp.batchProcessing(Duration.ofMillis(500), 5);
        List<Map<String, Object>> pings = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            pings.add(operation("GET", "/ping", null, "ping-" + i));
        }

        // When
        String id = submit(pings).path("id");

        // Then
        chimp.api().get(BATCHES + "/" + id).then().body("status", equalTo("pending"));
        Response started = Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> chimp.api().get(BATCHES + "/" + id), answer -> "started".equals(answer.path("status")));
        assertTrue(started.<Integer>path("finished_operations") < 10, "finished " + started.path("finished_operations"));
        awaitFinished(id).then().body("finished_operations", equalTo(10)).body("errored_operations", equalTo(0));
        assertEquals("finished", SandboxMailchimp.batches().get(0).get("status"));
        assertEquals("us14", SandboxMailchimp.batches().get(0).get("dc"));
    }

    @Test
    void splitsTheResultsIntoFilesOfAThousand() throws Exception {
        // Given
        SandboxMailchimp.batchProcessing(Duration.ZERO, 100_000);
        List<Map<String, Object>> pings = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            pings.add(operation("GET", "/ping", null, "ping-" + i));
        }

        // When
        Response finished = awaitFinished(submit(pings).path("id"));

        // Then
        List<List<Map<String, Object>>> files = download(finished.path("response_body_url"));
        assertEquals(List.of(1000, 1000, 500), files.stream().map(List::size).toList());
        assertEquals("ping-2499", files.get(2).get(499).get("operation_id"));
        assertEquals("{\"health_status\":\"Everything's Chimpy!\"}", files.get(0).get(0).get("response"));
    }

    @Test
    void refusesADownloadWithoutItsSignature() {
        // Given
        SandboxMailchimp.batchProcessing(Duration.ZERO, 1000);
        String url = awaitFinished(submit(List.of(operation("GET", "/ping", null, "p"))).path("id")).path("response_body_url");

        // When
        Response tampered = given().get(url.substring(0, url.length() - 2) + "xx");

        // Then
        tampered.then().statusCode(403).contentType("application/xml").body(containsString("<Code>AccessDenied</Code>"));
        given().get(url.substring(0, url.indexOf('?'))).then().statusCode(403);
        given().get("/mailchimp-batch-results/0123456789-response.tar.gz?Signature=abc").then().statusCode(403);
        given().get(url).then().statusCode(200).contentType("application/gzip");
    }

    @Test
    void refusesMalformedBatchesAndUnknownOnes() {
        // When
        Response objectBody = chimp.api().contentType(ContentType.JSON)
                .body(Map.of("operations", List.of(Map.of("method", "PUT", "path", "/lists/x/members/y", "body", Map.of("status", "subscribed")))))
                .post(BATCHES);

        // Then
        objectBody.then().statusCode(400).body("title", equalTo("Invalid Resource")).body("errors[0].field", equalTo("operations[0].body"));
        chimp.api().contentType(ContentType.JSON).body(Map.of()).post(BATCHES).then().statusCode(400).body("errors[0].field", equalTo("operations"));
        chimp.api().contentType(ContentType.JSON).body(Map.of("operations", List.of(Map.of("method", "FETCH", "path", "/ping")))).post(BATCHES)
                .then().statusCode(400).body("errors[0].field", equalTo("operations[0].method"));
        chimp.api().contentType(ContentType.JSON).body("operations").post(BATCHES).then().statusCode(400).body("title", equalTo("JSON Parse Error"));
        chimp.api().get(BATCHES + "/0123456789").then().statusCode(404);
        String id = submit(List.of()).path("id");
        String otherDc = SandboxMailchimp.apiKey("us21");
        given().auth().preemptive().basic("anystring", otherDc).get("/mailchimp-api/us21/3.0/batches/" + id).then().statusCode(404);
        given().get(BATCHES + "/" + id).then().statusCode(401);
        chimp.api().get(BATCHES).then().statusCode(200).body("total_items", equalTo(1)).body("batches[0].id", equalTo(id));
    }

    @Test
    void forgetsBatchesAndRestoresThePaceOnReset() {
        // Given
        SandboxMailchimp.batchProcessing(Duration.ofSeconds(30), 7);
        String id = submit(List.of(operation("GET", "/ping", null, "p"))).path("id");

        // When
        SandboxMailchimp.reset();

        // Then
        chimp.api().get(BATCHES + "/" + id).then().statusCode(404);
        given().get("/control/mailchimp/batches/processing").then().body("startDelayMillis", equalTo(1000)).body("operationsPerSecond", equalTo(500));
        given().contentType(ContentType.JSON).body(Map.of("operationsPerSecond", 0)).put("/control/mailchimp/batches/processing").then()
                .statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("startDelayMillis", -1)).put("/control/mailchimp/batches/processing").then()
                .statusCode(400);
    }

    private Response submit(List<Map<String, Object>> operations) {
        return chimp.api().contentType(ContentType.JSON).body(Map.of("operations", operations)).post(BATCHES);
    }

    private Response awaitFinished(String id) {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> chimp.api().get(BATCHES + "/" + id), answer -> "finished".equals(answer.path("status")));
    }

    /** The archive's JSON files, in their order: no credential, only the URL. */
    private static List<List<Map<String, Object>>> download(String url) throws IOException {
        byte[] archive = given().get(url).then().statusCode(200).extract().asByteArray();
        List<List<Map<String, Object>>> files = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(archive)))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                assertTrue(entry.getName().endsWith(".json"), entry.getName());
                files.add(JSON.readValue(tar.readAllBytes(), new TypeReference<>() {
                }));
            }
        }
        return files;
    }

    private static Map<String, Map<String, Object>> byOperation(List<List<Map<String, Object>>> files) {
        Map<String, Map<String, Object>> results = new LinkedHashMap<>();
        files.forEach(file -> file.forEach(result -> results.put((String) result.get("operation_id"), result)));
        return results;
    }

    private static Map<String, Object> parse(Map<String, Object> result) throws IOException {
        return JSON.readValue((String) result.get("response"), new TypeReference<>() {
        });
    }

    private static Map<String, Object> operation(String method, String path, String body, String id) {
        Map<String, Object> operation = new LinkedHashMap<>();
        operation.put("method", method);
        operation.put("path", path);
        if (body != null) {
            operation.put("body", body);
        }
        operation.put("operation_id", id);
        return operation;
    }

    private static String json(Map<String, Object> body) throws IOException {
        return JSON.writeValueAsString(body);
    }
}
