package com.crm.integrations.calendar.service;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.crm.integrations.calendar.CalendarLink;
import com.crm.integrations.calendar.CalendarSyncSettings;
import com.crm.integrations.calendar.SyncRun;
import com.crm.integrations.calendar.config.CalendarConfig;
import com.crm.integrations.calendar.repository.SyncRunRepository;
import com.crm.integrations.common.problem.ConflictException;
import com.crm.integrations.common.retry.FailureCategory;
import com.crm.integrations.common.problem.ResourceNotFoundException;
import com.crm.integrations.common.security.Caller;
import com.crm.integrations.common.settings.TenantSettingsStore;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * Syncs someone asked for: a stored run, due at once, that a worker of any replica picks up. A link
 * that already runs one answers with it.
 */
@ApplicationScoped
public class SyncRuns {

    /** A requested run, and whether this request started it. */
    public record Requested(SyncRun run, boolean started) {
    }

    private final CalendarLinks links;
    private final SyncRunRepository runs;
    private final TenantSettingsStore settings;
    private final CalendarConfig.Sync config;
    private final Clock clock;

    public SyncRuns(CalendarLinks links, SyncRunRepository runs, TenantSettingsStore settings, CalendarConfig config, Clock clock) {
        this.links = links;
        this.runs = runs;
        this.settings = settings;
        this.config = config.sync();
        this.clock = clock;
    }

    /**
     * Starts a run of the link now, or answers with the one running.
     *
     * @param allowMassDelete let this run delete more than the mass-delete guard allows (after a halt was checked)
     */
    public Uni<Requested> request(Caller caller, UUID linkId, boolean allowMassDelete) {
        return settings.find(caller.requireTenant(), CalendarSyncSettings.class, CalendarSyncSettings.DEFAULTS)
                .chain(tenantSettings -> Conflicts.retriedForCaller(() -> Panache.withTransaction(() -> links.findForWrite(caller, linkId).chain(link -> {
                    if (!link.isActive()) {
                        throw new ConflictException("Link " + linkId + " is " + link.state.wireName()
                                + (link.stateReason == null ? "" : " (" + link.stateReason.wireName() + ")") + " and does not sync");
                    }
                    Instant now = clock.instant();
                    link.nextSyncAt = now;
                    if (link.lastFailureCategory != FailureCategory.RATE_LIMIT) {
                        link.retryAt = null; // our own backoff yields to a request; a provider's Retry-After does not
                    }
                    return runs.running(linkId).chain(running -> {
                        if (running != null) {
                            running.allowMassDelete |= allowMassDelete;
                            return Uni.createFrom().item(new Requested(running, false));
                        }
                        SyncRun run = start(link, tenantSettings.value(), caller, now);
                        run.allowMassDelete = allowMassDelete;
                        return runs.persist(run).map(persisted -> new Requested(persisted, true));
                    });
                }))));
    }

    /** One of the link's runs. */
    @WithSession
    public Uni<SyncRun> find(Caller caller, UUID linkId, UUID runId) {
        return links.find(caller, linkId).chain(link -> runs.ofLink(linkId, runId)).map(run -> {
            if (run == null) {
                throw new ResourceNotFoundException("No sync run " + runId + " of link " + linkId);
            }
            return run;
        });
    }

    private SyncRun start(CalendarLink link, CalendarSyncSettings tenantSettings, Caller caller, Instant now) {
        SyncPlan plan = SyncPlan.of(link, tenantSettings, now, config.rebaselineAfter(), true);
        return SyncRun.start(link, plan.kind(), plan.reason(), plan.window(), caller.subject(), now);
    }
}
