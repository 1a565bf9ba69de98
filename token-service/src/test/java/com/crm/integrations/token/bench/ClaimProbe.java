package com.crm.integrations.token.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.crm.integrations.token.RefreshRun;
import com.crm.integrations.token.config.TokenServiceConfig;
import com.crm.integrations.token.repository.RefreshRunRepository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Times a run's claim while the run goes: every {@value #EVERY_MILLIS} ms, the real claim
 * ({@link RefreshRunRepository#claim}, a batch of the run's concurrency) for a probe run over the same
 * tenant, in a transaction that is rolled back (its leases and items vanish; the real claims skip the
 * rows it holds meanwhile, SKIP LOCKED). The probe run is a finished row of its own, so no worker takes it.
 * What it measures is the claim's statements; the real claim adds its row share and a durable commit.
 */
final class ClaimProbe implements AutoCloseable {

    private static final long EVERY_MILLIS = 500;

    private final Pool pool;
    private final RefreshRunRepository runs;
    private final TokenServiceConfig config;
    private final RefreshRun probe;
    private final int batch;
    private final List<Double> millis = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "bench-claim-probe");
        thread.setDaemon(true);
        return thread;
    });

    /** A rolled-back transaction's way out, with what the claim took. */
    private static final class Rollback extends RuntimeException {
        Rollback() {
            super(null, null, false, false);
        }
    }

    private ClaimProbe(Pool pool, RefreshRunRepository runs, TokenServiceConfig config, RefreshRun probe) {
        this.pool = pool;
        this.runs = runs;
        this.config = config;
        this.probe = probe;
        this.batch = config.refresh().concurrency();
    }

    /** Starts probing the tenant's due connections as a tenant-scoped run would claim them. */
    static ClaimProbe start(Pool pool, RefreshRunRepository runs, TokenServiceConfig config, String tenant) {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now();
        RefreshRun probe = new RefreshRun(id, RefreshRun.Trigger.OPERATOR, "bench-claim-probe", Optional.empty(), Optional.of(tenant),
                config.refresh().margin(), false, false, RefreshRun.Status.COMPLETED, now, Optional.of(now), Optional.empty());
        pool.preparedQuery("""
                INSERT INTO refresh_run (id, trigger, requested_by, provider, tenant_id, scope, window_seconds, window_explicit, status,
                    started_at, finished_at) VALUES ($1, 'operator', 'bench-claim-probe', NULL, $2, $3, $4, false, 'completed', now(), now())""")
                .execute(Tuple.of(id, tenant, "probe:" + id, probe.window().toSeconds())).await().atMost(Duration.ofSeconds(30));
        ClaimProbe claimProbe = new ClaimProbe(pool, runs, config, probe);
        claimProbe.timer.scheduleWithFixedDelay(claimProbe::once, EVERY_MILLIS, EVERY_MILLIS, TimeUnit.MILLISECONDS);
        return claimProbe;
    }

    private void once() {
        Instant now = Instant.now();
        long start = System.nanoTime();
        try {
            pool.withTransaction(tx -> runs.claim(tx, probe, now, config.refreshAheadFraction(), batch, now.plus(config.refreshLease()),
                    List.of(), "bench-claim-probe").chain(claimed -> Uni.createFrom().<Void>failure(new Rollback())))
                    .await().atMost(Duration.ofSeconds(30));
        } catch (Rollback expected) {
            synchronized (millis) {
                millis.add((System.nanoTime() - start) / 1e6);
            }
        } catch (RuntimeException failure) {
            // a probe that failed is left out
        }
    }

    /** "claim (probe, rolled back): p50 … ms, max … ms over n" */
    String describe() {
        List<Double> sorted;
        synchronized (millis) {
            sorted = millis.stream().sorted().toList();
        }
        if (sorted.isEmpty()) {
            return "claim probe: none completed";
        }
        return String.format(Locale.ROOT, "the claim of %d (probed every %d ms, rolled back) p50 %.1f ms, max %.1f ms over %d", batch,
                EVERY_MILLIS, sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), sorted.size());
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.preparedQuery("DELETE FROM refresh_run WHERE id = $1").execute(Tuple.of(probe.id())).await().atMost(Duration.ofSeconds(30));
    }
}
