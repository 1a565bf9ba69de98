package com.crm.integrations.token.refresh;

import static com.crm.integrations.token.refresh.RefreshRunApi.WAIT;
import static com.crm.integrations.token.refresh.RefreshRunApi.connection;
import static com.crm.integrations.token.refresh.RefreshRunApi.expireIn;
import static com.crm.integrations.token.refresh.RefreshRunApi.finished;
import static com.crm.integrations.token.refresh.RefreshRunApi.run;
import static com.crm.integrations.token.refresh.RefreshRunApi.started;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.crm.integrations.testing.IntegrationInfrastructure;
import com.crm.integrations.testing.contract.SandboxControl;
import com.crm.integrations.testing.contract.SandboxTokens;
import com.crm.integrations.testing.contract.TestUser;
import com.crm.integrations.testing.sandbox.SandboxProcess;
import com.crm.integrations.token.TokenServiceInfrastructure;
import com.crm.integrations.token.oauth.OAuthBrowser;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * {@code ./run refresh-tokens} as an operator runs it: the script, as a child process, runs the command against
 * this test's app with an operator token from this test's sandbox. The packaged app does not exist yet when tests
 * run (or is a previous build's), so the script runs the command from {@code target/classes} and the dependency
 * classpath the build wrote ({@code INTEGRATIONS_CLI_CLASSPATH=compiled}); the packaged classpath is the same code.
 */
@QuarkusTest
@WithTestResource(TokenServiceInfrastructure.class)
class RefreshTokensCommandTest {

    @Inject
    Pool pool;

    @ConfigProperty(name = IntegrationInfrastructure.APP_URL)
    String appUrl;

    @ConfigProperty(name = IntegrationInfrastructure.IDENTITY_URL)
    String identityUrl;

    private final List<String> rules = new ArrayList<>();
    private String tenant;

    @BeforeEach
    void setUp() {
        tenant = TestUser.fresh().tenant();
    }

    @AfterEach
    void tearDown() {
        rules.forEach(SandboxControl::removeRule);
    }

    /** What the command printed and how it exited. */
    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Result refreshTokens(String... args) throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty(SandboxProcess.ROOT_PROPERTY));
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("run").toString(), "refresh-tokens", "--url", appUrl,
                "--identity-url", identityUrl));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("refresh-tokens", ".out");
        Path err = Files.createTempFile("refresh-tokens", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().put("INTEGRATIONS_CLI_CLASSPATH", "compiled");
            builder.environment().remove("INTEGRATIONS_OPERATOR_CLIENT_ID");
            Process process = builder.start();
            if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("refresh-tokens did not end within " + WAIT + ":\n" + Files.readString(err));
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private String connectGoogle() {
        String who = "u-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> outcome = new OAuthBrowser("google", SandboxTokens.user(tenant, who)).connect(who + "@example.com");
        assertEquals("connected", outcome.get("outcome"), outcome.toString());
        return outcome.get("connection");
    }

    private static void assertLine(String text, String regex) {
        assertTrue(Pattern.compile("(?m)^" + regex + "$").matcher(text).find(), "no line /" + regex + "/ in:\n" + text);
    }

    @Test
    void printsTheReportOfARunThatRefreshedADueConnectionAndExitsZero() throws Exception {
        // Given: a Google token granted for an hour that expires in five minutes
        String id = connectGoogle();
        expireIn(pool, id, 300);

        // When
        Result result = refreshTokens("--tenant", tenant, "--window", "PT1H");

        // Then
        assertEquals(0, result.code(), result.toString());
        assertLine(result.out(), "Refresh run [0-9a-f-]{36} completed in .+ \\(trigger cli, scope tenant:" + tenant
                + ", window PT1H, 1 tenant\\)");
        assertLine(result.out(), "refreshed +1");
        assertLine(result.out(), "total +1");
        assertLine(result.out(), "PROVIDER +REFRESHED +TOTAL");
        assertLine(result.out(), "google +1 +1");
        assertLine(result.out(), id + " +" + tenant + " +google +refreshed +\\d+");
        Instant expiresAt = OffsetDateTime.parse(connection(pool, id).getString("access_expires_at")).toInstant();
        assertTrue(expiresAt.isAfter(Instant.now().plus(Duration.ofMinutes(50))), "refreshed: " + expiresAt);
        // the meters docs/token-refresh.md names, under their Prometheus names
        await().atMost(WAIT).untilAsserted(() -> {
            String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
            assertLine(metrics, "integrations_token_refresh_runs_total\\{[^}]*status=\"completed\",trigger=\"cli\"[^}]*\\} [1-9].*");
            assertLine(metrics, "integrations_token_refreshes_total\\{[^}]*outcome=\"refreshed\",provider=\"google\"[^}]*\\} [1-9].*");
            assertLine(metrics, "integrations_token_refresh_duration_seconds_count\\{[^}]*provider=\"google\"[^}]*\\} [1-9].*");
            assertLine(metrics, "integrations_token_refresh_due(\\{[^}]*\\})? \\d.*");
            assertLine(metrics, "integrations_token_refresh_most_overdue_seconds(\\{[^}]*\\})? \\d.*");
        });
    }

    @Test
    void aRunOfTheSameScopeGoingOnFailsTheCommandAndNamesIt() throws Exception {
        // Given: a run of the tenant's scope, held running by an item in flight under a long lease (a run ends only when
        // none is) until the command has asked — a slow token endpoint held it only as long as the call, and a command
        // whose JVM started slowly on a loaded machine found it ended and started a run of its own
        String id = connectGoogle();
        expireIn(pool, id, 60);
        rules.add(SandboxControl.latency("POST", "/google/token", 3000, 1));
        String running = started(Map.of("tenantId", tenant));
        UUID held = UUID.randomUUID();
        pool.preparedQuery("""
                INSERT INTO refresh_run_item (run_id, connection_id, tenant_id, provider, outcome, replica, claimed_at, lease_until)
                VALUES ($1, $2, $3, 'google', 'in_flight', 'the test', now(), now() + interval '5 minutes')""")
                .execute(Tuple.of(UUID.fromString(running), held, tenant)).await().atMost(Duration.ofSeconds(30));
        assertEquals("running", run(running).getString("status"), "held before it could end (the token call takes 3 s)");

        // When
        Result result;
        try {
            result = refreshTokens("--tenant", tenant);
        } finally {
            pool.preparedQuery("DELETE FROM refresh_run_item WHERE run_id = $1 AND connection_id = $2")
                    .execute(Tuple.of(UUID.fromString(running), held)).await().atMost(Duration.ofSeconds(30));
        }

        // Then
        assertEquals(4, result.code(), result.toString());
        assertTrue(result.err().contains("a refresh run of the same scope is running: " + running), result.toString());
        assertEquals("", result.out());
        assertEquals("completed", finished(running).getString("status"));
    }

    @Test
    void aConnectionOurAppsConfigurationBrokeFailsTheCommand() throws Exception {
        // Given: the provider refuses our app's credentials for this account's refresh
        String id = connectGoogle();
        expireIn(pool, id, 120);
        String account = given().auth().oauth2(SandboxTokens.user(tenant, "admin", "tenant_admin")).when().get("/connections/" + id)
                .then().statusCode(200).extract().path("account.login");
        SandboxControl.tokenError("google", account, "invalid_client", null);

        // When
        Result result = refreshTokens("--tenant", tenant, "--progress", "off");

        // Then
        assertEquals(3, result.code(), result.toString());
        assertLine(result.out(), "misconfigured +1");
        assertTrue(result.err().contains("1 connection(s) misconfigured"), result.toString());
        assertEquals("misconfigured", connection(pool, id).getString("status"));
    }

    @Test
    void includeMisconfiguredBringsBackTheConnectionsOnceTheAppIsFixed() throws Exception {
        // Given: a connection a refusal of our app made misconfigured, then the app fixed
        String id = connectGoogle();
        expireIn(pool, id, 120);
        String account = given().auth().oauth2(SandboxTokens.user(tenant, "admin", "tenant_admin")).when().get("/connections/" + id)
                .then().statusCode(200).extract().path("account.login");
        SandboxControl.tokenError("google", account, "invalid_client", null);
        finished(started(Map.of("tenantId", tenant)));
        assertEquals("misconfigured", connection(pool, id).getString("status"));
        SandboxControl.clearTokenErrors("google", account);

        // When
        Result result = refreshTokens("--tenant", tenant, "--include-misconfigured", "--progress", "off");

        // Then
        assertEquals(0, result.code(), result.toString());
        assertLine(result.out(), "Refresh run [0-9a-f-]{36} completed in .+ \\(trigger cli, scope tenant:" + tenant
                + ", window PT[0-9A-Z]+, misconfigured included, 1 tenant\\)");
        assertLine(result.out(), "refreshed +1");
        assertEquals("active", connection(pool, id).getString("status"));
    }
}
