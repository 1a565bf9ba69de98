package com.crm.integrations.status.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.crm.integrations.testing.IntegrationInfrastructure;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * What status-service keeps only for a while: the change log (pruned, raising the watermark a resumed stream checks)
 * and the rows of replaced generations (purged, the live generation's untouched).
 */
@QuarkusTest
@WithTestResource(IntegrationInfrastructure.class)
class RetentionTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> TABLES = List.of("status_connection", "status_calendar_link", "status_audience",
            "status_tenant");

    @Inject
    ChangeRows changes;

    @Inject
    GenerationRows generations;

    @Inject
    Pool pool;

    @Test
    void pruningDeletesOnlyChangesOlderThanTheCutoffAndRaisesTheWatermark() {
        // Given: five changes of a tenant, three of them two days old
        String tenant = tenant();
        List<Long> logged = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            logged.add(one("INSERT INTO status_change (tenant_id, owner_user_id, integration) VALUES ($1, NULL, 'mapbox')"
                    + " RETURNING seq", Tuple.of(tenant)).getLong(0));
        }
        long watermark = changes.prunedUpTo().await().atMost(WAIT);
        List<Long> old = logged.subList(0, 3);
        sql("UPDATE status_change SET changed_at = now() - interval '2 days' WHERE seq = ANY($1)",
                Tuple.of(old.toArray(Long[]::new)));

        // When: pruned in batches of two (the app's own pruning, every minute, may have been first: same statement)
        changes.pruneBefore(Instant.now().minus(Duration.ofDays(1)), 2).await().atMost(WAIT);

        // Then
        assertEquals(logged.subList(3, 5), seqs(tenant));
        long raised = changes.prunedUpTo().await().atMost(WAIT);
        assertTrue(raised >= old.get(2) && raised > watermark, "the watermark covers what was deleted: " + raised);
        assertTrue(raised < logged.get(3), "and nothing that was kept: " + raised);
        assertEquals(0L, changes.pruneBefore(Instant.now().minus(Duration.ofDays(1)), 2).await().atMost(WAIT));
        assertEquals(raised, changes.prunedUpTo().await().atMost(WAIT), "a prune that deletes nothing leaves the watermark");
    }

    @Test
    void purgingDeletesTheRowsOfGenerationsReplacedLongEnoughAgoAndNothingElse() {
        // Given: a generation replaced two hours ago, one replaced just now, and the live one, each with rows of a tenant
        String tenant = tenant();
        int live = one("SELECT generation FROM projection_generation WHERE state = 'live'", Tuple.tuple()).getInteger(0);
        int longAgo = retired(Duration.ofHours(2));
        int lately = retired(Duration.ZERO);
        for (int generation : List.of(longAgo, lately, live)) {
            rowsOf(generation, tenant, 3);
        }

        // When: kept for an hour, deleted in batches of two (the app's own purge, every minute, may have been first)
        generations.purgeBefore(Instant.now().minus(Duration.ofHours(1)), 2).await().atMost(WAIT);

        // Then
        for (String table : TABLES) {
            assertEquals(0L, count(table, longAgo, tenant), table + " of the generation replaced long ago");
            assertEquals(table.equals("status_tenant") ? 1L : 3L, count(table, lately, tenant), table + " of the one replaced lately");
            assertEquals(table.equals("status_tenant") ? 1L : 3L, count(table, live, tenant), table + " of the live one");
        }
        assertEquals("purged: replaced by the test",
                one("SELECT detail FROM projection_generation WHERE generation = $1", Tuple.of(longAgo)).getString(0));
        assertEquals("replaced by the test",
                one("SELECT detail FROM projection_generation WHERE generation = $1", Tuple.of(lately)).getString(0));
        assertEquals(0, generations.purgeBefore(Instant.now().minus(Duration.ofHours(1)), 2).await().atMost(WAIT),
                "a purged generation is not purged again");
    }

    private int retired(Duration ago) {
        return one("""
                INSERT INTO projection_generation (generation, state, requested_by, retired_at, detail)
                SELECT max(generation) + 1, 'retired', 'test', now() - $1 * interval '1 second', 'replaced by the test' FROM projection_generation
                RETURNING generation""", Tuple.of(ago.toSeconds())).getInteger(0);
    }

    /** {@code count} rows in each generation-keyed table (one in status_tenant, whose key is the tenant). */
    private void rowsOf(int generation, String tenant, int count) {
        for (int i = 0; i < count; i++) {
            String id = UUID.randomUUID().toString();
            sql("INSERT INTO status_connection (generation, tenant_id, connection_id, provider, integration, kind, status)"
                    + " VALUES ($1, $2, $3, 'mapbox', 'mapbox', 'api_key', 'active')", Tuple.of(generation, tenant, id));
            sql("INSERT INTO status_calendar_link (generation, tenant_id, link_id, connection_id, integration, owner_user_id,"
                    + " calendar_id) VALUES ($1, $2, $3, $3, 'google-calendar', 'u-1', 'primary')", Tuple.of(generation, tenant, id));
            sql("INSERT INTO status_audience (generation, tenant_id, audience_id, connection_id, state, subscribed, unsubscribed,"
                    + " cleaned, pending, transactional, archived, received, rejected, parked, stale, changed_at, changed_event)"
                    + " VALUES ($1, $2, $3, $3, 'active', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, now(), $3)", Tuple.of(generation, tenant, id));
        }
        sql("INSERT INTO status_tenant (generation, tenant_id, allowed_providers, policy_version, policy_changed_at)"
                + " VALUES ($1, $2, ARRAY['mapbox'], 1, now())", Tuple.of(generation, tenant));
    }

    private long count(String table, int generation, String tenant) {
        return one("SELECT count(*) FROM " + table + " WHERE generation = $1 AND tenant_id = $2", Tuple.of(generation, tenant))
                .getLong(0);
    }

    private List<Long> seqs(String tenant) {
        List<Long> seqs = new ArrayList<>();
        pool.preparedQuery("SELECT seq FROM status_change WHERE tenant_id = $1 ORDER BY seq").execute(Tuple.of(tenant))
                .await().atMost(WAIT).forEach(row -> seqs.add(row.getLong(0)));
        return seqs;
    }

    private Row one(String sql, Tuple arguments) {
        return pool.preparedQuery(sql).execute(arguments).await().atMost(WAIT).iterator().next();
    }

    private void sql(String sql, Tuple arguments) {
        pool.preparedQuery(sql).execute(arguments).await().atMost(WAIT);
    }

    private static String tenant() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
