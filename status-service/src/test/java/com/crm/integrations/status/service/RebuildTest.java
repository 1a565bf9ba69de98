package com.crm.integrations.status.service;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.payload.AudienceChange;
import com.crm.integrations.common.events.payload.AudienceLinkState;
import com.crm.integrations.common.events.payload.ConnectionChange;
import com.crm.integrations.common.events.payload.ConnectionCheckOutcome;
import com.crm.integrations.common.events.payload.ConnectionStatus;
import com.crm.integrations.common.events.payload.DeliveryCounts;
import com.crm.integrations.common.events.payload.MemberCounts;
import com.crm.integrations.common.events.payload.TokenRefreshedV1;
import com.crm.integrations.common.retry.FailureCategory;
import com.crm.integrations.status.SiblingEvents;
import com.crm.integrations.testing.IntegrationInfrastructure;
import com.crm.integrations.testing.contract.SandboxTokens;
import com.crm.integrations.testing.contract.TestUser;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A rebuild from the topics equals the live projection (while the topics still hold every event): same rows, same
 * answers, and reads switch to it.
 */
@QuarkusTest
// Without the real siblings: the facts here are made up, and calendar-service would act on made-up connections.
@WithTestResource(IntegrationInfrastructure.class)
class RebuildTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    /** Every column of each table but the generation, so that rows of two generations compare. */
    private static final Map<String, String> TABLES = Map.of(
            "status_connection", """
                    tenant_id, connection_id, provider, integration, kind, owner_user_id, status, status_since, status_at,
                    status_event, status_other_at, token_expires_at, refreshed_at, refreshed_event, failure_category, failure_code,
                    failure_action, failure_retry_at, failure_count, failed_at, failed_event, check_outcome, check_code,
                    checked_at, checked_event, last_valid_at""",
            "status_calendar_link", """
                    tenant_id, link_id, connection_id, integration, owner_user_id, calendar_id, total_events, upcoming_events,
                    synced_at, synced_event, failure_category, failure_code, failure_action, failure_reason, failure_retry_at,
                    failure_count, failed_at, failed_event""",
            "status_audience", """
                    tenant_id, audience_id, connection_id, audience_name, state, paused_reason, subscribed, unsubscribed, cleaned,
                    pending, transactional, archived, last_delivery_at, received, rejected, parked, stale, changed_at,
                    changed_event""",
            "status_tenant", "tenant_id, allowed_providers, policy_version, policy_changed_at");

    @Inject
    Pool pool;

    @Test
    void aRebuildFromTheTopicsEqualsTheLiveProjectionAndTakesOverReads() {
        List<TestUser> users = List.of(TestUser.fresh(), TestUser.fresh(), TestUser.fresh());
        List<String> tenants = users.stream().map(TestUser::tenant).toList();
        List<ProducerRecord<String, byte[]>> facts = new ArrayList<>();
        for (TestUser user : users) {
            facts.addAll(history(user));
        }
        SiblingEvents.send(facts);
        String lastTenant = users.get(2).tenant();
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM status_tenant WHERE tenant_id = $1", lastTenant) == 1
                && count("SELECT count(*) FROM status_audience WHERE tenant_id = $1", lastTenant) == 1);
        Map<String, String> before = answers(users);
        int live = liveGeneration();

        JsonPath started = given().auth().oauth2(SandboxTokens.operator("ops")).when().post("/admin/status/rebuilds").then()
                .statusCode(202).extract().jsonPath();
        int rebuilt = started.getInt("generation");
        assertEquals("building", started.getString("state"));
        given().auth().oauth2(SandboxTokens.operator("ops")).when().post("/admin/status/rebuilds").then().statusCode(409)
                .contentType("application/problem+json");
        await().atMost(WAIT).until(() -> "live".equals(given().auth().oauth2(SandboxTokens.operator("ops"))
                .get("/admin/status/rebuilds/" + rebuilt).jsonPath().getString("state")));

        JsonPath generations = given().auth().oauth2(SandboxTokens.operator("ops")).when().get("/admin/status/rebuilds").then()
                .statusCode(200).extract().jsonPath();
        assertEquals("retired", generations.getString("find { it.generation == " + live + " }.state"));
        assertTrue(generations.getLong("find { it.generation == " + rebuilt + " }.replayed") >= facts.size());
        assertEquals("status-service.rebuild.g" + rebuilt, generations.getString("find { it.generation == " + rebuilt + " }.consumerGroup"));
        TABLES.forEach((table, columns) -> {
            assertEquals(List.of(), difference(table, columns, live, rebuilt, tenants), table + ": rows only the live generation had");
            assertEquals(List.of(), difference(table, columns, rebuilt, live, tenants), table + ": rows only the rebuild has");
        });
        assertTrue(count("SELECT count(*) FROM status_connection WHERE generation = $1 AND tenant_id = $2", rebuilt, lastTenant) > 0,
                "the rebuild holds the tenants' rows");
        assertTrue(count("SELECT count(*) FROM processed_event WHERE consumer = $1", "status-service.rebuild.g" + rebuilt) > 0,
                "the replayed ids were remembered under the rebuild's own name, not skipped as the live consumer's");
        assertEquals(before, answers(users), "the API answers the same from the rebuilt generation");
    }

    @Test
    void aRebuildThatCannotApplyAnEventFailsLeavingTheLiveGenerationAndAnotherCanBeRequested() {
        // Given: a tenant's policy, projected live; then the database refuses it to any other generation
        TestUser user = TestUser.fresh();
        SiblingEvents.send(List.of(new SiblingEvents(user.tenant()).policy(List.of("mapbox"), 1, T0)));
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM status_tenant WHERE tenant_id = $1", user.tenant()) == 1);
        String before = given().auth().oauth2(user.token()).get("/integrations/status").then().statusCode(200).extract().asString();
        int live = liveGeneration();
        refuseOutsideGeneration(live, user.tenant());
        int failed;
        try {
            // When
            failed = given().auth().oauth2(SandboxTokens.operator("ops")).when().post("/admin/status/rebuilds").then()
                    .statusCode(202).extract().jsonPath().getInt("generation");

            // Then
            JsonPath rebuild = await().atMost(WAIT).until(() -> given().auth().oauth2(SandboxTokens.operator("ops"))
                    .get("/admin/status/rebuilds/" + failed).jsonPath(), found -> !"building".equals(found.getString("state")));
            assertEquals("failed", rebuild.getString("state"));
            assertTrue(rebuild.getString("detail").contains("refused by the test"), rebuild.getString("detail"));
            assertEquals(live, liveGeneration(), "reads stay on the live generation");
            assertEquals(before, given().auth().oauth2(user.token()).get("/integrations/status").then().statusCode(200).extract()
                    .asString());
        } finally {
            pool.query("DROP FUNCTION rebuild_test_refusal() CASCADE").execute().await().atMost(WAIT);
        }

        // When: the cause is gone, the operator asks again
        int next = given().auth().oauth2(SandboxTokens.operator("ops")).when().post("/admin/status/rebuilds").then()
                .statusCode(202).extract().jsonPath().getInt("generation");

        // Then
        assertTrue(next > failed);
        await().atMost(WAIT).until(() -> "live".equals(given().auth().oauth2(SandboxTokens.operator("ops"))
                .get("/admin/status/rebuilds/" + next).jsonPath().getString("state")));
        assertEquals(1, count("SELECT count(*) FROM status_tenant WHERE generation = $1 AND tenant_id = $2", next, user.tenant()));
    }

    @Test
    void onlyOperatorsRebuild() {
        TestUser admin = TestUser.fresh();
        given().auth().oauth2(admin.adminToken()).when().post("/admin/status/rebuilds").then().statusCode(403)
                .contentType("application/problem+json");
        given().when().post("/admin/status/rebuilds").then().statusCode(401);
        given().auth().oauth2(SandboxTokens.operator("ops")).when().get("/admin/status/rebuilds/999999").then().statusCode(404)
                .contentType("application/problem+json");
    }

    /** A tenant's facts of every kind, some late and some twice. */
    private static List<ProducerRecord<String, byte[]>> history(TestUser user) {
        SiblingEvents events = new SiblingEvents(user.tenant());
        String google = UUID.randomUUID().toString();
        String mailchimp = UUID.randomUUID().toString();
        String mapbox = UUID.randomUUID().toString();
        String link = UUID.randomUUID().toString();
        String repeated = UUID.randomUUID().toString();
        TokenRefreshedV1 refreshed = new TokenRefreshedV1(google, "google", user.user(), T0.plusSeconds(3600), T0.plusSeconds(30));
        return List.of(
                events.connection(google, "google", user.user(), ConnectionChange.CREATED, ConnectionStatus.ACTIVE, T0),
                events.record(EventType.TOKEN_REFRESHED, repeated, refreshed),
                events.record(EventType.TOKEN_REFRESHED, repeated, refreshed),
                events.refreshFailed(google, "google", user.user(), FailureCategory.TRANSIENT, null, 2, ConnectionStatus.ACTIVE,
                        T0.plusSeconds(120), T0.plusSeconds(60)),
                events.connection(google, "google", user.user(), ConnectionChange.STATUS_CHANGED, ConnectionStatus.ACTIVE,
                        T0.plusSeconds(20)),
                events.synced(google, link, user.user(), 12, 4, T0.plusSeconds(90)),
                events.syncFailed(google, link, user.user(), FailureCategory.RATE_LIMIT, false, "Google asked us to slow down.", 1,
                        T0.plusSeconds(200), T0.plusSeconds(95)),
                events.synced(google, link, user.user(), 10, 3, T0.plusSeconds(80)),
                events.connection(mailchimp, "mailchimp", null, ConnectionChange.CREATED, ConnectionStatus.ACTIVE, T0),
                events.audience(mailchimp, "list" + user.tenant().substring(2), AudienceChange.ACTIVITY, AudienceLinkState.ACTIVE,
                        null, new MemberCounts(50, 2, 0, 1, 0, 0), T0.plusSeconds(10), new DeliveryCounts(5, 1, 0, 0),
                        T0.plusSeconds(15)),
                events.connection(mapbox, "mapbox", null, ConnectionChange.CREATED, ConnectionStatus.ACTIVE, T0),
                events.checked(mapbox, "mapbox", ConnectionCheckOutcome.VALID, null, T0.plusSeconds(5)),
                events.checked(mapbox, "mapbox", ConnectionCheckOutcome.UNREACHABLE, null, T0.plusSeconds(50)),
                events.policy(List.of("google", "mailchimp", "mapbox"), 3, T0.plusSeconds(40)));
    }

    private Map<String, String> answers(List<TestUser> users) {
        Map<String, String> answers = new java.util.TreeMap<>();
        for (TestUser user : users) {
            answers.put(user.tenant() + "/user", given().auth().oauth2(user.token()).get("/integrations/status").then()
                    .statusCode(200).extract().asString());
            answers.put(user.tenant() + "/tenant", given().auth().oauth2(user.adminToken()).queryParam("scope", "tenant")
                    .get("/integrations/status").then().statusCode(200).extract().asString());
        }
        return answers;
    }

    private List<String> difference(String table, String columns, int from, int without, List<String> tenants) {
        String sql = "SELECT " + columns + " FROM " + table + " WHERE generation = $1 AND tenant_id = ANY($3) EXCEPT SELECT "
                + columns + " FROM " + table + " WHERE generation = $2 AND tenant_id = ANY($3)";
        List<String> rows = new ArrayList<>();
        for (Row row : pool.preparedQuery(sql).execute(Tuple.of(from, without, tenants.toArray(String[]::new))).await().atMost(WAIT)) {
            rows.add(row.toJson().encode());
        }
        return rows;
    }

    /** Makes PostgreSQL refuse the tenant's policy row to every generation but {@code live}: a fault a replay cannot get past. */
    private void refuseOutsideGeneration(int live, String tenant) {
        pool.query("""
                CREATE FUNCTION rebuild_test_refusal() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.generation <> %d AND NEW.tenant_id = '%s' THEN
                        RAISE EXCEPTION 'refused by the test';
                    END IF;
                    RETURN NEW;
                END $$""".formatted(live, tenant)).execute().await().atMost(WAIT);
        pool.query("CREATE TRIGGER rebuild_test_refusal BEFORE INSERT OR UPDATE ON status_tenant FOR EACH ROW"
                + " EXECUTE FUNCTION rebuild_test_refusal()").execute().await().atMost(WAIT);
    }

    private int liveGeneration() {
        return pool.query("SELECT generation FROM projection_generation WHERE state = 'live'").execute().await().atMost(WAIT)
                .iterator().next().getInteger(0);
    }

    private long count(String sql, Object... arguments) {
        return pool.preparedQuery(sql).execute(Tuple.from(arguments)).await().atMost(WAIT).iterator().next().getLong(0);
    }
}
