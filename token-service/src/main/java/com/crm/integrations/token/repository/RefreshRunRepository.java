package com.crm.integrations.token.repository;

import static com.crm.integrations.common.sql.SqlValues.first;
import static com.crm.integrations.common.sql.SqlValues.instant;
import static com.crm.integrations.common.sql.SqlValues.requiredInstant;
import static com.crm.integrations.common.sql.SqlValues.timestamp;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.crm.integrations.common.events.payload.WireNamed;
import com.crm.integrations.token.RefreshReport;
import com.crm.integrations.token.RefreshRun;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** The {@code refresh_run} and {@code refresh_run_item} tables. Queries only: transactions belong to the services. */
@ApplicationScoped
public class RefreshRunRepository {

    private static final String COLUMNS = "id, trigger, requested_by, provider, tenant_id, window_seconds, window_explicit,"
            + " include_misconfigured, status, started_at, finished_at, error";

    /** Deletes a batch of finished runs older than the cutoff (their items go with them): for {@code Pruning}. */
    public static final String PRUNE = """
            DELETE FROM refresh_run WHERE id IN (
                SELECT id FROM refresh_run WHERE status <> 'running' AND finished_at < $1 ORDER BY finished_at LIMIT $2)""";

    /** An active connection whose token is due in the run's window ($2 now, $3 window, $4 explicit, $5 lifetime fraction). */
    private static final String DUE_ACTIVE = """
            c.status = 'active'
                   AND c.access_expires_at <= $2::timestamptz + make_interval(secs => $3::float8)
                   AND ($4::boolean OR c.access_expires_at <= $2::timestamptz + LEAST(make_interval(secs => $3::float8),
                            (c.access_expires_at - COALESCE(c.last_refreshed_at, c.created_at)) * $5::float8))""";

    /**
     * The due connections of a run, claimed a batch at a time; see {@link #claim}. {@code %s}: which connections
     * the run takes ({@link #DUE_ACTIVE}, or with the misconfigured ones besides). A misconfigured connection is
     * tried whatever its retry time: the operator who asked for it fixed what the pause waited for.
     */
    private static final String CLAIM_TEMPLATE = """
            WITH candidates AS (
                SELECT c.id, c.tenant_id, c.provider, c.status, c.retry_at, c.refresh_lease_until
                  FROM connection c
                 WHERE c.kind = 'oauth' AND c.refresh_token IS NOT NULL
                   AND %s
                   AND ($6::text IS NULL OR c.provider = $6) AND ($7::text IS NULL OR c.tenant_id = $7)
                   AND NOT EXISTS (SELECT 1 FROM refresh_run_item i WHERE i.run_id = $1 AND i.connection_id = c.id
                                      AND (i.outcome <> 'in_flight' OR i.lease_until > $2))
                 ORDER BY c.access_expires_at
                 LIMIT $8
                 FOR UPDATE OF c SKIP LOCKED),
            decided AS (
                SELECT d.*, CASE WHEN d.provider = ANY($10) THEN 'skipped_breaker_open'
                                 WHEN d.retry_at > $2 AND d.status = 'active' THEN 'skipped_retry_at'
                                 WHEN d.refresh_lease_until > $2 THEN 'skipped_leased'
                                 ELSE 'in_flight' END AS outcome
                  FROM candidates d),
            leased AS (
                UPDATE connection c SET refresh_lease_until = $9 FROM decided d
                 WHERE c.id = d.id AND d.outcome = 'in_flight' RETURNING c.id)
            INSERT INTO refresh_run_item (run_id, connection_id, tenant_id, provider, outcome, replica, claimed_at, lease_until)
            SELECT $1, d.id, d.tenant_id, d.provider, d.outcome, $11, $2, CASE WHEN d.outcome = 'in_flight' THEN $9 END
              FROM decided d
            ON CONFLICT (run_id, connection_id) DO UPDATE SET outcome = EXCLUDED.outcome, replica = EXCLUDED.replica,
                claimed_at = EXCLUDED.claimed_at, lease_until = EXCLUDED.lease_until, provider_code = NULL, duration_ms = NULL
            RETURNING connection_id, tenant_id, provider, outcome""";

    /** What scheduled runs and most runs claim: due active connections (the query plan of the partial index on them). */
    private static final String CLAIM = CLAIM_TEMPLATE.formatted(DUE_ACTIVE);
    /** What a run that includes misconfigured connections claims: the due active ones and every misconfigured one of its scope. */
    private static final String CLAIM_WITH_MISCONFIGURED = CLAIM_TEMPLATE.formatted("((" + DUE_ACTIVE + ")\n"
            + "                        OR c.status = 'misconfigured')");

    /** A claimed (or skipped) connection of a run. */
    public record Claimed(UUID connectionId, String tenantId, String provider, String outcome) {
    }

    /**
     * Inserts a running run, unless one of the same scope is running.
     *
     * @return empty when one of the same scope is running
     */
    public Uni<Optional<RefreshRun>> insertUnlessRunning(SqlClient sql, RefreshRun run) {
        return sql.preparedQuery("INSERT INTO refresh_run (" + COLUMNS + ", scope)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL, NULL, $11)"
                        + " ON CONFLICT (scope) WHERE status = 'running' DO NOTHING RETURNING " + COLUMNS)
                .execute(Tuple.of(run.id(), run.trigger().wireName(), run.requestedBy(), nullable(run.provider()))
                        .addValue(nullable(run.tenantId())).addValue(run.window().toSeconds()).addValue(run.windowExplicit())
                        .addValue(run.includeMisconfigured()).addValue(run.status().wireName()).addValue(timestamp(run.startedAt()))
                        .addValue(run.scope()))
                .map(rows -> first(rows, RefreshRunRepository::run));
    }

    public Uni<Optional<RefreshRun>> runningWithScope(SqlClient sql, String scope) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM refresh_run WHERE scope = $1 AND status = 'running'")
                .execute(Tuple.of(scope)).map(rows -> first(rows, RefreshRunRepository::run));
    }

    /** Serialises the decision to start a scheduled run across replicas (until the transaction ends). */
    public Uni<Void> lockSchedule(SqlClient sql) {
        return sql.query("SELECT pg_advisory_xact_lock(hashtext('token.refresh_run.schedule'))").execute().replaceWithVoid();
    }

    /** When the latest scheduled run started. */
    public Uni<Optional<Instant>> lastScheduledStart(SqlClient sql) {
        return sql.query("SELECT max(started_at) AS last FROM refresh_run WHERE trigger = 'schedule'").execute()
                .map(rows -> instant(rows.iterator().next(), "last"));
    }

    public Uni<Optional<RefreshRun>> find(SqlClient sql, UUID id) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM refresh_run WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> first(rows, RefreshRunRepository::run));
    }

    /** Runs newest first, a page at a time. */
    public Uni<List<RefreshRun>> list(SqlClient sql, int offset, int limit) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM refresh_run ORDER BY started_at DESC, id DESC OFFSET $1 LIMIT $2")
                .execute(Tuple.of(offset, limit)).map(RefreshRunRepository::runs);
    }

    public Uni<List<RefreshRun>> running(SqlClient sql) {
        return sql.query("SELECT " + COLUMNS + " FROM refresh_run WHERE status = 'running' ORDER BY started_at").execute()
                .map(RefreshRunRepository::runs);
    }

    /** Holds the run's row against its completion until the transaction ends; false when it is no longer running. */
    public Uni<Boolean> shareIfRunning(SqlClient sql, UUID id) {
        return sql.preparedQuery("SELECT 1 FROM refresh_run WHERE id = $1 AND status = 'running' FOR SHARE").execute(Tuple.of(id))
                .map(rows -> rows.size() == 1);
    }

    /**
     * Claims up to {@code limit} due connections of a run that the run has not dealt with: each not
     * locked by another transaction gets an item, {@code in_flight} with the connection's refresh lease
     * taken until {@code leaseUntil}, or a skip (leased by someone else, breaker open, waiting for its
     * retry time). An in-flight item whose lease ran out (its replica died) is claimed again. A run that
     * includes misconfigured connections also claims every one of its scope, whatever its expiry, and does
     * not skip it for its retry time.
     */
    public Uni<List<Claimed>> claim(SqlClient sql, RefreshRun run, Instant now, double fraction, int limit, Instant leaseUntil,
            List<String> openBreakers, String replica) {
        Tuple values = Tuple.tuple(List.of(run.id(), timestamp(now), (double) run.window().toSeconds(), run.windowExplicit(), fraction));
        values.addValue(nullable(run.provider())).addValue(nullable(run.tenantId())).addValue(limit).addValue(timestamp(leaseUntil))
                .addValue(openBreakers.toArray(String[]::new)).addValue(replica);
        return sql.preparedQuery(run.includeMisconfigured() ? CLAIM_WITH_MISCONFIGURED : CLAIM).execute(values).map(rows -> {
            List<Claimed> claimed = new ArrayList<>(rows.size());
            rows.forEach(row -> claimed.add(new Claimed(row.getUUID("connection_id"), row.getString("tenant_id"), row.getString("provider"),
                    row.getString("outcome"))));
            return claimed;
        });
    }

    public Uni<Void> recordOutcome(SqlClient sql, UUID runId, UUID connectionId, String outcome, String providerCode, long durationMs) {
        return sql.preparedQuery("""
                UPDATE refresh_run_item SET outcome = $3, provider_code = $4, duration_ms = $5, lease_until = NULL
                WHERE run_id = $1 AND connection_id = $2""")
                .execute(Tuple.of(runId, connectionId, outcome, providerCode, (int) Math.min(Integer.MAX_VALUE, durationMs)))
                .replaceWithVoid();
    }

    /** Locks the run's row: a claim in progress (which shares it) commits first. */
    public Uni<Boolean> lockIfRunning(SqlClient sql, UUID id) {
        return sql.preparedQuery("SELECT 1 FROM refresh_run WHERE id = $1 AND status = 'running' FOR UPDATE").execute(Tuple.of(id))
                .map(rows -> rows.size() == 1);
    }

    /** Items some replica is still refreshing under a live lease. */
    public Uni<Long> inFlight(SqlClient sql, UUID id, Instant now) {
        return sql.preparedQuery("SELECT count(*) AS n FROM refresh_run_item WHERE run_id = $1 AND outcome = 'in_flight' AND lease_until > $2")
                .execute(Tuple.of(id, timestamp(now))).map(rows -> rows.iterator().next().getLong("n"));
    }

    /** In-flight items whose replica stopped (lease run out) and that no claim took again: interrupted. */
    public Uni<Void> markInterrupted(SqlClient sql, UUID id, Instant now) {
        return sql.preparedQuery("UPDATE refresh_run_item SET outcome = 'interrupted', lease_until = NULL"
                + " WHERE run_id = $1 AND outcome = 'in_flight' AND lease_until <= $2").execute(Tuple.of(id, timestamp(now))).replaceWithVoid();
    }

    public Uni<Boolean> finish(SqlClient sql, UUID id, RefreshRun.Status status, String error, Instant now) {
        return sql.preparedQuery("UPDATE refresh_run SET status = $2, error = $3, finished_at = $4 WHERE id = $1 AND status = 'running'")
                .execute(Tuple.of(id, status.wireName(), error, timestamp(now))).map(rows -> rows.rowCount() == 1);
    }

    /** The run's report as its items stand. */
    public Uni<RefreshReport> report(SqlClient sql, UUID id, int tenants, int slowest) {
        Uni<Map<String, Map<String, Long>>> byProvider = sql.preparedQuery(
                "SELECT provider, outcome, count(*) AS n FROM refresh_run_item WHERE run_id = $1 GROUP BY provider, outcome")
                .execute(Tuple.of(id)).map(rows -> {
                    Map<String, Map<String, Long>> counts = new TreeMap<>();
                    rows.forEach(row -> counts.computeIfAbsent(row.getString("provider"), p -> new TreeMap<>())
                            .put(row.getString("outcome"), row.getLong("n")));
                    return counts;
                });
        Uni<List<RefreshReport.TenantCounts>> byTenant = sql.preparedQuery("""
                WITH per_tenant AS (
                    SELECT tenant_id, count(*) FILTER (WHERE outcome NOT IN ('refreshed', 'in_flight') AND outcome NOT LIKE 'skipped%') AS failed,
                           count(*) AS total
                      FROM refresh_run_item WHERE run_id = $1 GROUP BY tenant_id
                     ORDER BY failed DESC, total DESC, tenant_id LIMIT $2)
                SELECT i.tenant_id, i.outcome, count(*) AS n, p.failed, p.total
                  FROM refresh_run_item i JOIN per_tenant p ON p.tenant_id = i.tenant_id
                 WHERE i.run_id = $1 GROUP BY i.tenant_id, i.outcome, p.failed, p.total
                 ORDER BY p.failed DESC, p.total DESC, i.tenant_id""")
                .execute(Tuple.of(id, tenants)).map(rows -> {
                    Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
                    rows.forEach(row -> counts.computeIfAbsent(row.getString("tenant_id"), t -> new TreeMap<>())
                            .put(row.getString("outcome"), row.getLong("n")));
                    List<RefreshReport.TenantCounts> list = new ArrayList<>();
                    counts.forEach((tenant, outcomes) -> list.add(new RefreshReport.TenantCounts(tenant, outcomes)));
                    return list;
                });
        Uni<Long> tenantsTotal = sql.preparedQuery("SELECT count(DISTINCT tenant_id) AS n FROM refresh_run_item WHERE run_id = $1")
                .execute(Tuple.of(id)).map(rows -> rows.iterator().next().getLong("n"));
        Uni<List<RefreshReport.SlowRefresh>> slow = sql.preparedQuery("""
                SELECT connection_id, tenant_id, provider, outcome, duration_ms FROM refresh_run_item
                 WHERE run_id = $1 AND duration_ms IS NOT NULL ORDER BY duration_ms DESC, connection_id LIMIT $2""")
                .execute(Tuple.of(id, slowest)).map(rows -> {
                    List<RefreshReport.SlowRefresh> list = new ArrayList<>();
                    rows.forEach(row -> list.add(new RefreshReport.SlowRefresh(row.getUUID("connection_id"), row.getString("tenant_id"),
                            row.getString("provider"), row.getString("outcome"), row.getInteger("duration_ms"))));
                    return list;
                });
        return byProvider.chain(providers -> byTenant.chain(perTenant -> tenantsTotal.chain(total -> slow.map(slowestCalls -> {
            Map<String, Long> counts = new TreeMap<>();
            providers.values().forEach(outcomes -> outcomes.forEach((outcome, n) -> counts.merge(outcome, n, Long::sum)));
            return new RefreshReport(counts, providers, perTenant, total, slowestCalls);
        }))));
    }

    /** Active OAuth connections due within {@code margin} now, and the expiry of the most overdue one. */
    public Uni<long[]> dueNow(SqlClient sql, Instant now, Duration margin) {
        return sql.preparedQuery("""
                SELECT count(*) AS due, min(access_expires_at) FILTER (WHERE access_expires_at < $1) AS oldest FROM connection
                 WHERE kind = 'oauth' AND status = 'active' AND refresh_token IS NOT NULL AND access_expires_at <= $1::timestamptz + make_interval(secs => $2::float8)""")
                .execute(Tuple.of(timestamp(now), (double) margin.toSeconds())).map(rows -> {
                    Row row = rows.iterator().next();
                    long overdue = instant(row, "oldest").map(oldest -> Duration.between(oldest, now).toSeconds()).orElse(0L);
                    return new long[] { row.getLong("due"), overdue };
                });
    }

    private static List<RefreshRun> runs(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        List<RefreshRun> runs = new ArrayList<>(rows.size());
        rows.forEach(row -> runs.add(run(row)));
        return runs;
    }

    private static RefreshRun run(Row row) {
        return new RefreshRun(row.getUUID("id"), WireNamed.fromWireName(RefreshRun.Trigger.class, row.getString("trigger")),
                row.getString("requested_by"), Optional.ofNullable(row.getString("provider")), Optional.ofNullable(row.getString("tenant_id")),
                Duration.ofSeconds(row.getLong("window_seconds")), row.getBoolean("window_explicit"),
                row.getBoolean("include_misconfigured"),
                WireNamed.fromWireName(RefreshRun.Status.class, row.getString("status")), requiredInstant(row, "started_at"),
                instant(row, "finished_at"), Optional.ofNullable(row.getString("error")));
    }

    private static String nullable(Optional<String> value) {
        return value.orElse(null);
    }
}
