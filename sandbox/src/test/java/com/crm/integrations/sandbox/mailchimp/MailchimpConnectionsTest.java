package com.crm.integrations.sandbox.mailchimp;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.crm.integrations.testing.contract.SandboxMailchimp;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Mailchimp's 10 simultaneous connections per account (PROVIDERS.md §5.4), made real by a latency rule. */
@QuarkusTest
class MailchimpConnectionsTest {

    private static final String ACCOUNT = "sandbox.user@example.com";
    private static final String PING = "/mailchimp-api/us14/3.0/ping";

    private MailchimpFixture chimp;

    @BeforeEach
    void start() {
        chimp = MailchimpFixture.start("us14");
        given().contentType(ContentType.JSON).body(Map.of("path", "/mailchimp-api/*", "millis", 2000)).post("/control/latency")
                .then().statusCode(201);
    }

    @Test
    void refusesTheEleventhSimultaneousRequestOfAnAccount() throws Exception {
        // When
        List<Response> answers = concurrently(11, () -> chimp.api().get(PING));

        // Then
        List<Response> refused = answers.stream().filter(answer -> answer.statusCode() == 429).toList();
        assertTrue(refused.size() >= 1, "statuses " + statuses(answers));
        assertEquals(11 - refused.size(), answers.stream().filter(answer -> answer.statusCode() == 200).count(), "statuses " + statuses(answers));
        refused.get(0).then().contentType("application/problem+json").header("Retry-After", nullValue())
                .header("X-Sandbox-Delay", "2000")
                .body("title", equalTo("Too Many Requests")).body("status", equalTo(429))
                .body("detail", equalTo("You have exceeded the limit of 10 simultaneous connections."));
        Map<String, Object> usage = SandboxMailchimp.connections(ACCOUNT);
        assertEquals(refused.size(), ((Number) usage.get("tooManyRequests")).intValue());
        assertTrue(((Number) usage.get("peak")).intValue() > 10, "usage " + usage);
        assertEquals(10, usage.get("limit"));
    }

    @Test
    void countsEveryKeyAndTokenOfAnAccountTogether() throws Exception {
        // Given
        Map<String, Object> grant = given().contentType(ContentType.JSON).body(Map.of("count", 1, "accountPrefix", "acme", "dc", "us14"))
                .post("/control/mailchimp/grants").then().statusCode(200).extract().path("grants[0]");
        String account = (String) grant.get("account");
        String token = (String) grant.get("accessToken");
        String key = SandboxMailchimp.apiKey("us14", account);

        // When
        AtomicInteger calls = new AtomicInteger();
        List<Response> answers = concurrently(12, () -> calls.getAndIncrement() % 2 == 0
                ? given().auth().preemptive().basic("anystring", key).get(PING)
                : given().auth().oauth2(token).get(PING));

        // Then
        assertTrue(answers.stream().anyMatch(answer -> answer.statusCode() == 429), "statuses " + statuses(answers));
        assertTrue(SandboxMailchimp.peakConnections(account) > 10);
        assertEquals(0, SandboxMailchimp.peakConnections(ACCOUNT));
    }

    @Test
    void keepsAccountsApartAndReportsThePeakOfEach() throws Exception {
        // Given
        String other = SandboxMailchimp.apiKey("us14", "other@example.com");

        // When
        AtomicInteger calls = new AtomicInteger();
        List<Response> answers = concurrently(10, () -> calls.getAndIncrement() < 5 ? chimp.api().get(PING)
                : given().auth().preemptive().basic("anystring", other).get(PING));

        // Then
        assertEquals(List.of(200, 200, 200, 200, 200, 200, 200, 200, 200, 200), statuses(answers));
        assertEquals(5, SandboxMailchimp.peakConnections(ACCOUNT));
        assertEquals(5, SandboxMailchimp.peakConnections("other@example.com"));
        assertEquals(0, SandboxMailchimp.tooManyRequests(ACCOUNT));
    }

    @Test
    void startsThePeaksAndCountsAgainAfterAReset() throws Exception {
        // Given
        SandboxMailchimp.connectionLimit(2);
        concurrently(3, () -> chimp.api().get(PING));

        // When
        SandboxMailchimp.resetConnections();

        // Then
        Map<String, Object> usage = SandboxMailchimp.connections(ACCOUNT);
        assertEquals(Map.of("account", ACCOUNT, "limit", 2, "inFlight", 0, "peak", 0, "tooManyRequests", 0), usage);
        given().get("/control/mailchimp/connections").then().statusCode(200).body("limit", equalTo(2))
                .body("accounts.account", equalTo(List.of(ACCOUNT)));
    }

    @Test
    void takesAnotherLimitAndRefusesANegativeOne() throws Exception {
        // Given
        SandboxMailchimp.connectionLimit(1);

        // When
        List<Response> answers = concurrently(2, () -> chimp.api().get(PING));

        // Then
        assertTrue(statuses(answers).contains(429), "statuses " + statuses(answers));
        answers.stream().filter(answer -> answer.statusCode() == 429).findFirst().orElseThrow().then()
                .body("detail", equalTo("You have exceeded the limit of 1 simultaneous connections."));
        given().contentType(ContentType.JSON).body(Map.of("limit", -1)).put("/control/mailchimp/connections").then().statusCode(400)
                .body("error", equalTo("invalid_request"));
        given().contentType(ContentType.JSON).body(Map.of()).put("/control/mailchimp/connections").then().statusCode(400);
        SandboxMailchimp.reset();
        given().get("/control/mailchimp/connections").then().body("limit", equalTo(10));
    }

    @Test
    void countsNoRequestWithoutAValidCredential() throws Exception {
        // When
        List<Response> answers = concurrently(11, () -> given().auth().preemptive().basic("anystring", "0123456789abcdef0123456789abcdef-us14")
                .get(PING));

        // Then
        assertTrue(answers.stream().allMatch(answer -> answer.statusCode() == 401), "statuses " + statuses(answers));
        given().get("/control/mailchimp/connections").then().body("accounts", equalTo(List.of()));
    }

    private static List<Integer> statuses(List<Response> answers) {
        return answers.stream().map(Response::statusCode).toList();
    }

    private static List<Response> concurrently(int count, Callable<Response> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(pool.submit(call));
            }
            List<Response> answers = new ArrayList<>();
            for (Future<Response> future : futures) {
                answers.add(future.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }
}
