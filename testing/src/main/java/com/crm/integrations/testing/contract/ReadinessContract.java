package com.crm.integrations.testing.contract;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.crm.integrations.testing.Infrastructure;

/**
 * Readiness follows PostgreSQL, and only PostgreSQL: with the broker down a service keeps taking
 * writes, so Kafka's state shows in its own health group. The test really stops and restarts the
 * cluster and the broker the test resource started.
 */
public abstract class ReadinessContract {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    /** A tenant-scoped GET path that reads PostgreSQL. */
    protected abstract String databaseBackedPath();

    @Test
    void staysReadyWhenOnlyKafkaIsDown() {
        // Given
        awaitReady();
        await().atMost(PATIENCE).untilAsserted(() -> given().get("/q/health/group/kafka").then().statusCode(200));
        Infrastructure.stopKafka();
        try {
            // When
            await().atMost(PATIENCE).untilAsserted(() -> given().get("/q/health/group/kafka").then()
                    .statusCode(503).body("status", equalTo("DOWN")));
            // Then
            given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        } finally {
            Infrastructure.startKafka();
        }
        await().atMost(PATIENCE).untilAsserted(() -> given().get("/q/health/group/kafka").then().statusCode(200));
    }

    @Test
    void goesNotReadyWhenPostgresIsDownAndRecovers() {
        // Given
        awaitReady();
        String token = SandboxTokens.user("t-readiness", "user-1");
        Infrastructure.stopPostgres();
        try {
            // When / Then
            await().atMost(PATIENCE).untilAsserted(() -> given().get("/q/health/ready").then()
                    .statusCode(503).body("status", equalTo("DOWN")));
            given().get("/q/health/live").then().statusCode(200);
            Problems.assertProblem(given().auth().oauth2(token).get(databaseBackedPath()), 503, "service-unavailable")
                    .header("Retry-After", "5");
        } finally {
            Infrastructure.startPostgres();
        }
        awaitReady();
        given().auth().oauth2(token).get(databaseBackedPath()).then().statusCode(200);
    }

    private static void awaitReady() {
        await().atMost(PATIENCE).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }
}
