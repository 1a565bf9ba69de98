package com.crm.integrations.token.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.token.RefreshReport;
import com.crm.integrations.token.RefreshRun;
import com.crm.integrations.token.client.ProviderClients;
import com.crm.integrations.token.config.TokenServiceConfig;
import com.crm.integrations.token.repository.RefreshRunRepository;
import com.crm.integrations.token.repository.RefreshRunRepository.Claimed;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * This replica's share of one refresh run: claims the run's due connections a batch at a time (other
 * replicas claim theirs at the same time; SKIP LOCKED and the refresh lease keep them apart), refreshes
 * them with bounded concurrency, each provider paced ({@link ProviderPacer}), through the same
 * {@link TokenRefresher} as the internal API, and records each outcome. When nothing is left to claim
 * and no replica holds an item in flight, it finishes the run.
 */
@Singleton
public class RefreshCycle {

    private static final Logger LOG = Logger.getLogger(RefreshCycle.class);

    private final Pool pool;
    private final RefreshRunRepository runs;
    private final TokenRefresher refresher;
    private final ProviderClients clients;
    private final ProviderPacer pacer;
    private final RefreshMetrics metrics;
    private final TokenServiceConfig config;
    private final String replica = "replica-" + UUID.randomUUID();
    private final Clock clock = Clock.systemUTC();
    private volatile boolean stopping;

    public RefreshCycle(Pool pool, RefreshRunRepository runs, TokenRefresher refresher, ProviderClients clients, ProviderPacer pacer,
            RefreshMetrics metrics, TokenServiceConfig config) {
        this.pool = pool;
        this.runs = runs;
        this.refresher = refresher;
        this.clients = clients;
        this.pacer = pacer;
        this.metrics = metrics;
        this.config = config;
    }

    /** The name this replica's items carry. */
    public String replica() {
        return replica;
    }

    void stop() {
        stopping = true;
    }

    /** Works on the run until nothing is left for this replica, then finishes it if no one else is still at it. */
    public Uni<Void> work(RefreshRun run) {
        int concurrency = config.refresh().concurrency();
        return Multi.createBy().repeating().uni(() -> claim(run, concurrency)).until(List::isEmpty)
                .onItem().transformToMultiAndConcatenate(batch -> Multi.createFrom().iterable(batch))
                .select().where(claimed -> RefreshOutcome.IN_FLIGHT.wireName().equals(claimed.outcome()))
                .onItem().transformToUni(claimed -> refresh(run, claimed)).merge(concurrency)
                .collect().last().replaceWithVoid()
                .chain(() -> stopping ? Uni.createFrom().voidItem() : finishIfDone(run));
    }

    private Uni<List<Claimed>> claim(RefreshRun run, int limit) {
        if (stopping) {
            return Uni.createFrom().item(List.of());
        }
        Instant now = clock.instant();
        List<String> openBreakers = clients.openBreakers();
        return pool.withTransaction(tx -> runs.shareIfRunning(tx, run.id()).chain(running -> running
                ? runs.claim(tx, run, now, config.refreshAheadFraction(), limit, now.plus(config.refreshLease()), openBreakers, replica)
                : Uni.createFrom().item(List.<Claimed>of())));
    }

    private Uni<Void> refresh(RefreshRun run, Claimed claimed) {
        return pacer.slot(claimed.provider()).chain(() -> {
            long started = System.nanoTime();
            return refresher.refreshLeased(claimed.connectionId())
                    .map(result -> new Done(result.outcome().wireName(), result.failure().map(RefreshResult.Failure::providerCode).orElse(null)))
                    .onFailure(ConnectionUnusableException.class).recoverWithItem(failure -> new Done(RefreshOutcome.MISCONFIGURED.wireName(),
                            "provider_not_configured"))
                    .onFailure().recoverWithItem(failure -> {
                        LOG.warnf("Refresh run %s: connection %s (tenant %s, provider %s) could not be refreshed: %s", run.id(),
                                claimed.connectionId(), claimed.tenantId(), claimed.provider(), failure.getClass().getSimpleName());
                        return new Done(RefreshOutcome.ERROR.wireName(), "internal_error");
                    })
                    .chain(done -> runs.recordOutcome(pool, run.id(), claimed.connectionId(), done.outcome(), done.code(),
                            (System.nanoTime() - started) / 1_000_000));
        }).onFailure().invoke(failure -> LOG.warnf("Refresh run %s: the outcome for connection %s was not recorded (%s); it shows as"
                + " interrupted", run.id(), claimed.connectionId(), failure.getMessage())).onFailure().recoverWithNull();
    }

    private record Done(String outcome, String code) {
    }

    /** Finishes the run unless another replica still refreshes one of its connections (its claim commits first). */
    Uni<Void> finishIfDone(RefreshRun run) {
        Instant now = clock.instant();
        return pool.withTransaction(tx -> runs.lockIfRunning(tx, run.id()).chain(running -> !running ? Uni.createFrom().item(false)
                : runs.inFlight(tx, run.id(), now).chain(inFlight -> inFlight > 0 ? Uni.createFrom().item(false)
                        : runs.markInterrupted(tx, run.id(), now)
                                .chain(() -> runs.finish(tx, run.id(), RefreshRun.Status.COMPLETED, null, clock.instant())))))
                .chain(finished -> finished ? logFinished(run) : Uni.createFrom().voidItem());
    }

    private Uni<Void> logFinished(RefreshRun run) {
        metrics.runFinished(run.trigger().wireName(), RefreshRun.Status.COMPLETED.wireName());
        return runs.report(pool, run.id(), 0, 0).invoke(report -> LOG.infof("Refresh run %s (%s, scope %s, window %s) completed in %d ms: %s",
                run.id(), run.trigger().wireName(), run.scope(), run.window(),
                java.time.Duration.between(run.startedAt(), clock.instant()).toMillis(), summary(report))).replaceWithVoid();
    }

    static String summary(RefreshReport report) {
        StringBuilder line = new StringBuilder();
        report.counts().forEach((outcome, count) -> line.append(line.length() == 0 ? "" : ", ").append(outcome).append('=').append(count));
        return line.length() == 0 ? "nothing was due" : line.toString();
    }
}
