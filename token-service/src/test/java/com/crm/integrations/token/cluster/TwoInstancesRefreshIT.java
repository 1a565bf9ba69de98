package com.crm.integrations.token.cluster;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.crm.integrations.testing.contract.SandboxControl;
import com.crm.integrations.testing.contract.SandboxTokens;
import com.crm.integrations.testing.contract.TestUser;
import com.crm.integrations.token.TokenServiceInfrastructure;
import com.crm.integrations.token.config.ProviderRegistry;
import com.crm.integrations.token.refresh.SeededGrants;
import com.crm.integrations.token.service.OAuthConnections;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Two replicas, one run: the test's app and a second token-service from the packaged jar share a refresh
 * run over 1,000 due connections holding real grants at the sandbox. Each connection is refreshed once
 * (the sandbox counts every refresh token's uses: none used twice) and both replicas did part of it.
 */
@QuarkusTest
@TestProfile(SharedKeyRingProfile.class)
@WithTestResource(TokenServiceInfrastructure.class)
class TwoInstancesRefreshIT {

    private static final int CONNECTIONS = 1000;

    @Inject
    Pool pool;

    @Inject
    OAuthConnections connections;

    @Inject
    ProviderRegistry providers;

    @Test
    void twoReplicasShareOneRunAndRefreshEveryConnectionOnce() {
        String tenant = TestUser.fresh().tenant();
        String prefix = "it-" + UUID.randomUUID().toString().substring(0, 8);
        List<SeededGrants.Minted> grants = SeededGrants.mint("google", CONNECTIONS, prefix);
        SeededGrants.store(connections, providers.find("google").orElseThrow(), tenant, grants);
        pool.preparedQuery("UPDATE connection SET access_expires_at = now() + interval '2 minutes',"
                + " last_refreshed_at = now() - interval '58 minutes' WHERE tenant_id = $1").execute(Tuple.of(tenant))
                .await().atMost(Duration.ofSeconds(30));
        // 50 ms per refresh at the provider: the run lasts long enough for the second replica's worker to join it
        String rule = SandboxControl.latency("POST", "/google/token", 50, CONNECTIONS * 2);
        try (SecondInstance second = SecondInstance.start(Map.of())) {
            // When
            String run = given().auth().oauth2(SandboxTokens.operator("ops")).contentType(ContentType.JSON).body(Map.of("tenantId", tenant))
                    .when().post("/admin/refresh-runs").then().statusCode(202).extract().path("id");
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> !"running".equals(report(run).getString("status")));

            // Then
            JsonPath report = report(run);
            assertEquals("completed", report.getString("status"));
            assertEquals(Map.of("refreshed", CONNECTIONS), report.getMap("counts"), report.prettify());
            Map<String, Long> byReplica = pool.preparedQuery("SELECT replica, count(*) AS n FROM refresh_run_item WHERE run_id = $1 GROUP BY replica")
                    .execute(Tuple.of(UUID.fromString(run))).await().atMost(Duration.ofSeconds(30)).stream()
                    .collect(Collectors.toMap(row -> row.getString("replica"), row -> row.getLong("n")));
            assertEquals(2, byReplica.size(), "both replicas refreshed: " + byReplica);
            assertTrue(byReplica.values().stream().allMatch(n -> n >= CONNECTIONS / 20), byReplica.toString());
            List<Map<String, Object>> tokens = given().when().get(SandboxControl.url() + "/control/google/refresh-tokens").then().statusCode(200)
                    .extract().path("refreshTokens");
            List<Map<String, Object>> ours = tokens.stream().filter(token -> ((String) token.get("account")).startsWith(prefix + "-")).toList();
            assertEquals(CONNECTIONS, ours.size());
            Set<Integer> uses = ours.stream().map(token -> ((Number) token.get("uses")).intValue()).collect(Collectors.toSet());
            assertEquals(Set.of(1), uses, "every refresh token used exactly once");
        } finally {
            SandboxControl.removeRule(rule);
        }
    }

    private static JsonPath report(String run) {
        return given().auth().oauth2(SandboxTokens.operator("ops")).when().get("/admin/refresh-runs/" + run).then().statusCode(200)
                .extract().jsonPath();
    }
}
