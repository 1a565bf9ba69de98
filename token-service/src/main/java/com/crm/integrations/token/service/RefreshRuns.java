package com.crm.integrations.token.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Singleton;

import com.crm.integrations.common.problem.InvalidInputException;
import com.crm.integrations.common.problem.ResourceNotFoundException;
import com.crm.integrations.token.RefreshReport;
import com.crm.integrations.token.RefreshRun;
import com.crm.integrations.token.client.ProviderClients;
import com.crm.integrations.token.config.TokenServiceConfig;
import com.crm.integrations.token.repository.RefreshRunRepository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/** Starting refresh runs, and reading them with their reports. The work is {@link RefreshRunWorker}'s. */
@Singleton
public class RefreshRuns {

    /** The widest window a run may be asked for. */
    static final Duration MAX_WINDOW = Duration.ofDays(7);
    /** Tenants a report lists. */
    static final int REPORT_TENANTS = 100;

    private final Pool pool;
    private final RefreshRunRepository runs;
    private final ProviderClients clients;
    private final RefreshRunWorker worker;
    private final TokenServiceConfig config;
    private final Clock clock = Clock.systemUTC();

    public RefreshRuns(Pool pool, RefreshRunRepository runs, ProviderClients clients, RefreshRunWorker worker, TokenServiceConfig config) {
        this.pool = pool;
        this.runs = runs;
        this.clients = clients;
        this.worker = worker;
        this.config = config;
    }

    /** A run and its report as it stands. */
    public record RunWithReport(RefreshRun run, RefreshReport report) {
    }

    /**
     * Starts a run now (every replica joins in within its poll interval; this one at once).
     *
     * @param window               empty: the scheduled cycle's margin and lifetime rule; given: every token expiring within it
     * @param includeMisconfigured also refresh each misconfigured connection of the scope once, whatever its expiry and retry time
     * @throws RefreshRunConflictException when a run of the same scope is running
     * @throws InvalidInputException       for an unknown provider or a window out of bounds
     */
    public Uni<RefreshRun> start(RefreshRun.Trigger trigger, String requestedBy, Optional<String> provider, Optional<String> tenantId,
            Optional<Duration> window, boolean includeMisconfigured) {
        provider.ifPresent(name -> {
            if (clients.oauth(name).isEmpty()) {
                throw new InvalidInputException("provider: no OAuth provider '" + name + "' is configured");
            }
        });
        window.ifPresent(w -> {
            if (w.isNegative() || w.toSeconds() < 1 || w.compareTo(MAX_WINDOW) > 0) {
                throw new InvalidInputException("window: must be between PT1S and " + MAX_WINDOW);
            }
        });
        RefreshRun run = newRun(trigger, requestedBy, provider, tenantId, window, includeMisconfigured, clock.instant());
        return runs.insertUnlessRunning(pool, run).chain(inserted -> inserted.isPresent()
                ? Uni.createFrom().item(inserted.get()).invoke(worker::wake)
                : runs.runningWithScope(pool, run.scope()).map(running -> {
                    throw new RefreshRunConflictException(run.scope(), running.map(RefreshRun::id).orElse(null));
                }));
    }

    RefreshRun newRun(RefreshRun.Trigger trigger, String requestedBy, Optional<String> provider, Optional<String> tenantId,
            Optional<Duration> window, boolean includeMisconfigured, Instant now) {
        return new RefreshRun(UUID.randomUUID(), trigger, requestedBy, provider, tenantId, window.orElse(config.refresh().margin()),
                window.isPresent(), includeMisconfigured, RefreshRun.Status.RUNNING, now, Optional.empty(), Optional.empty());
    }

    public Uni<RunWithReport> find(UUID id) {
        return runs.find(pool, id).chain(found -> {
            RefreshRun run = found.orElseThrow(() -> new ResourceNotFoundException("No refresh run " + id));
            return runs.report(pool, id, REPORT_TENANTS, config.refresh().slowest()).map(report -> new RunWithReport(run, report));
        });
    }

    /** Newest first. */
    public Uni<List<RefreshRun>> list(int page, int size) {
        return runs.list(pool, page * size, size);
    }
}
